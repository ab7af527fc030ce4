from django.urls import path

from enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("enterprise/", views.ProfileView.as_view(), name="profile"),
    path("enterprises/<str:pk>/", views.EnterpriseView.as_view(), name="enterprise_detail"),
    path("talent-demand/", views.TalentDemandListView.as_view(), name="talentdemand_list"),
    path("investments/", views.EducationInvestmentListView.as_view(), name="educationinvestment_list"),
]
