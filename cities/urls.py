from django.urls import path

from cities import views

app_name = "cities"
urlpatterns = [
    path("calendar/", views.AcademicTermListView.as_view(), name="academicterm_list"),
    path("calendar/new/", views.AcademicTermCreateView.as_view(), name="academicterm_create"),
    path("calendar/<str:pk>/", views.AcademicTermView.as_view(), name="academicterm_detail"),
    path("calendar/<str:pk>/edit/", views.AcademicTermEditView.as_view(), name="academicterm_edit"),
    path("calendar/<str:pk>/delete/", views.AcademicTermDeleteView.as_view(), name="academicterm_delete"),
    path("internship-rules/", views.InternshipRulesView.as_view(), name="internshiprules"),
    path("internship-rules/edit/", views.InternshipRulesEditView.as_view(), name="internshiprules_edit"),
]
