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
    path("agreements/<str:pk>/rate/", views.PartyRatingCreateView.as_view(), name="partyrating_create"),
    path(
        "placements/<str:pk>/evaluate/",
        views.MentorEvaluationCreateView.as_view(),
        name="mentorevaluation_create",
    ),
]
