from django.urls import path

from colleges import views

app_name = "colleges"
urlpatterns = [
    path("colleges/", views.CollegeListView.as_view(), name="college_list"),
    path("colleges/<str:pk>/", views.CollegeView.as_view(), name="college_detail"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("programs/<str:pk>/", views.ProgramView.as_view(), name="program_detail"),
    path("programs/<str:pk>/edit/", views.ProgramEditView.as_view(), name="program_edit"),
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course_create"),
    path("courses/<str:pk>/", views.CourseView.as_view(), name="course_detail"),
    path("courses/<str:pk>/edit/", views.CourseEditView.as_view(), name="course_edit"),
    path("students/", views.StudentListView.as_view(), name="student_list"),
    path("students/new/", views.StudentCreateView.as_view(), name="student_create"),
    path("students/<str:pk>/", views.StudentView.as_view(), name="student_detail"),
    path("students/<str:pk>/edit/", views.StudentEditView.as_view(), name="student_edit"),
]
