from django.urls import path
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

urlpatterns = [
    *router.urls,
    path("recommended-postings/", views.RecommendedPostingsView.as_view(), name="recommended-postings"),
    path("recommended-students/", views.RecommendedStudentsView.as_view(), name="recommended-students"),
    path("recommended-programs/", views.RecommendedProgramsView.as_view(), name="recommended-programs"),
    path("recommended-colleges/", views.RecommendedCollegesView.as_view(), name="recommended-colleges"),
    path("recommended-enterprises/", views.RecommendedEnterprisesView.as_view(), name="recommended-enterprises"),
]
