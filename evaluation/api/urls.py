from rest_framework.routers import SimpleRouter

from evaluation.api import views

router = SimpleRouter()
router.register("mentor-evaluations", views.MentorEvaluationViewSet, basename="mentor-evaluation")
router.register("party-ratings", views.PartyRatingViewSet, basename="party-rating")
router.register(
    "integration-certifications", views.IntegrationCertificationViewSet, basename="integration-certification"
)
router.register("incentives", views.IncentiveViewSet, basename="incentive")

urlpatterns = router.urls
