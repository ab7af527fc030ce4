from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("certification/", views.IntegrationCertificationListView.as_view(), name="integrationcertification_list"),
    path(
        "certification/apply/",
        views.IntegrationCertificationApplyView.as_view(),
        name="integrationcertification_apply",
    ),
    path(
        "certification/<str:pk>/",
        views.IntegrationCertificationView.as_view(),
        name="integrationcertification_detail",
    ),
    path("scoring-runs/", views.ScoringRunListView.as_view(), name="scoringrun_list"),
    path("scoring-runs/start/", views.ScoringRunStartView.as_view(), name="scoringrun_start"),
    path("scoring-runs/<str:pk>/", views.ScoringRunView.as_view(), name="scoringrun_detail"),
    path("scoring-runs/<str:pk>/progress/", views.ScoringRunProgressView.as_view(), name="scoringrun_progress"),
    path("scoring-models/", views.ScoringModelListView.as_view(), name="scoringmodel_list"),
    path("agreements/<str:pk>/rate/", views.PartyRatingCreateView.as_view(), name="partyrating_create"),
    path(
        "placements/<str:pk>/evaluate/",
        views.MentorEvaluationCreateView.as_view(),
        name="mentorevaluation_create",
    ),
]
