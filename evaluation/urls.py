from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("dashboard/", views.OwnDashboardView.as_view(), name="dashboard"),
    path("city/dashboard/", views.CityDashboardView.as_view(), name="city_dashboard"),
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
    path(
        "certification/<str:pk>/certify/",
        views.CertificationCertifyView.as_view(),
        name="integrationcertification_certify",
    ),
    path(
        "certification/<str:pk>/reject/",
        views.CertificationRejectView.as_view(),
        name="integrationcertification_reject",
    ),
    path(
        "certification/<str:pk>/revoke/",
        views.CertificationRevokeView.as_view(),
        name="integrationcertification_revoke",
    ),
    path("incentives/", views.IncentiveListView.as_view(), name="incentive_list"),
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
