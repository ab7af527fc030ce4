from django.urls import path

from partnerships import application_views, posting_views, views

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
    path("applications/", application_views.ApplicationListView.as_view(), name="application_list"),
    path("applications/<str:pk>/", application_views.ApplicationView.as_view(), name="application_detail"),
    path("placements/", application_views.PlacementListView.as_view(), name="placement_list"),
    path("placements/<str:pk>/", application_views.PlacementView.as_view(), name="placement_detail"),
    # Nominating students, and the steps of applications and placements (application_views.py).
    path("postings/<str:pk>/nominate/", application_views.PostingNominateView.as_view(), name="posting_nominate"),
    path(
        "applications/<str:pk>/shortlist/",
        application_views.ApplicationShortlistView.as_view(),
        name="application_shortlist",
    ),
    path("applications/<str:pk>/offer/", application_views.ApplicationOfferView.as_view(), name="application_offer"),
    path(
        "applications/<str:pk>/reject/", application_views.ApplicationRejectView.as_view(), name="application_reject"
    ),
    path(
        "applications/<str:pk>/withdraw/",
        application_views.ApplicationWithdrawView.as_view(),
        name="application_withdraw",
    ),
    path(
        "applications/<str:pk>/accept/", application_views.ApplicationAcceptView.as_view(), name="application_accept"
    ),
    path(
        "applications/<str:pk>/decline/",
        application_views.ApplicationDeclineView.as_view(),
        name="application_decline",
    ),
    path(
        "placements/<str:pk>/complete/", application_views.PlacementCompleteView.as_view(), name="placement_complete"
    ),
    path("placements/<str:pk>/cancel/", application_views.PlacementCancelView.as_view(), name="placement_cancel"),
    path("council-seats/", views.CouncilSeatListView.as_view(), name="councilseat_list"),
]
