from rest_framework.routers import SimpleRouter

from evaluation.api import views

router = SimpleRouter()
router.register("mentor-evaluations", views.MentorEvaluationViewSet, basename="mentor-evaluation")
router.register("party-ratings", views.PartyRatingViewSet, basename="party-rating")
router.register(
    "integration-certifications", views.IntegrationCertificationViewSet, basename="integration-certification"
)
router.register("incentives", views.IncentiveViewSet, basename="incentive")
router.register("partnership-health", views.PartnershipHealthViewSet, basename="partnership-health")
router.register("talent-scores", views.TalentScoreViewSet, basename="talent-score")
router.register("city-aggregates", views.CityAggregateViewSet, basename="city-aggregate")
router.register("scoring-runs", views.ScoringRunViewSet, basename="scoring-run")
router.register("scoring-models", views.ScoringModelViewSet, basename="scoring-model")

urlpatterns = router.urls
