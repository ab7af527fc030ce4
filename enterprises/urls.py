from django.urls import path

from enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("enterprise/", views.ProfileView.as_view(), name="profile"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/<str:pk>/", views.EnterpriseView.as_view(), name="enterprise_detail"),
    path("enterprises/<str:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("talent-demand/", views.TalentDemandListView.as_view(), name="talentdemand_list"),
    path("talent-demand/new/", views.TalentDemandCreateView.as_view(), name="talentdemand_create"),
    path("talent-demand/<str:pk>/", views.TalentDemandView.as_view(), name="talentdemand_detail"),
    path("talent-demand/<str:pk>/edit/", views.TalentDemandEditView.as_view(), name="talentdemand_edit"),
    path("investments/", views.EducationInvestmentListView.as_view(), name="educationinvestment_list"),
    path("investments/new/", views.EducationInvestmentCreateView.as_view(), name="educationinvestment_create"),
    path("investments/<str:pk>/", views.EducationInvestmentView.as_view(), name="educationinvestment_detail"),
    path("investments/<str:pk>/edit/", views.EducationInvestmentEditView.as_view(), name="educationinvestment_edit"),
]
