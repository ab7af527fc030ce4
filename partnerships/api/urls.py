from rest_framework.routers import SimpleRouter

from partnerships.api import views

router = SimpleRouter()
router.register("training-bases", views.TrainingBaseViewSet, basename="training-base")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("council-seats", views.CouncilSeatViewSet, basename="council-seat")
router.register("postings", views.PostingViewSet, basename="posting")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("allocation-rounds", views.AllocationRoundViewSet, basename="allocation-round")

urlpatterns = router.urls
