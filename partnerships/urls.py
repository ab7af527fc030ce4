from django.urls import path

from partnerships import posting_views, views

app_name = "partnerships"
urlpatterns = [
    path("training-bases/", views.TrainingBaseListView.as_view(), name="trainingbase_list"),
    path("training-bases/<str:pk>/", views.TrainingBaseView.as_view(), name="trainingbase_detail"),
    path("agreements/", views.AgreementListView.as_view(), name="cooperationagreement_list"),
    path("agreements/<str:pk>/", views.AgreementView.as_view(), name="cooperationagreement_detail"),
    path("postings/", posting_views.PostingListView.as_view(), name="posting_list"),
    path("postings/new/", posting_views.PostingCreateView.as_view(), name="posting_create"),
    path("postings/<str:pk>/edit/", posting_views.PostingEditView.as_view(), name="posting_edit"),
    path("postings/<str:pk>/open/", posting_views.PostingOpenView.as_view(), name="posting_open"),
    path("postings/<str:pk>/close/", posting_views.PostingCloseView.as_view(), name="posting_close"),
    path("postings/<str:pk>/", posting_views.PostingView.as_view(), name="posting_detail"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/<str:pk>/", views.ApplicationView.as_view(), name="application_detail"),
    path("placements/", views.PlacementListView.as_view(), name="placement_list"),
    path("placements/<str:pk>/", views.PlacementView.as_view(), name="placement_detail"),
    path("council-seats/", views.CouncilSeatListView.as_view(), name="councilseat_list"),
]
