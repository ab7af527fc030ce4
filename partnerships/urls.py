from django.urls import path

from partnerships import agreement_views, allocation_views, application_views, posting_views, views

app_name = "partnerships"
urlpatterns = [
    path("training-bases/", views.TrainingBaseListView.as_view(), name="trainingbase_list"),
    path("training-bases/<str:pk>/", views.TrainingBaseView.as_view(), name="trainingbase_detail"),
    path("agreements/", agreement_views.AgreementListView.as_view(), name="cooperationagreement_list"),
    # An agreement's pages and steps (partnerships/agreement_views.py); its rating of the partner is evaluation's.
    path("agreements/new/", agreement_views.AgreementCreateView.as_view(), name="cooperationagreement_create"),
    path("agreements/<str:pk>/", agreement_views.AgreementView.as_view(), name="cooperationagreement_detail"),
    *[
        path(f"agreements/<str:pk>/{segment}/", view.as_view(), name=f"cooperationagreement_{name}")
        for segment, name, view in (
            ("edit", "edit", agreement_views.AgreementEditView),
            ("propose", "propose", agreement_views.AgreementProposeView),
            ("countersign", "countersign", agreement_views.AgreementCountersignView),
            ("decline", "decline", agreement_views.AgreementDeclineView),
            ("amend", "amend", agreement_views.AgreementAmendView),
            ("approve-amendment", "approve_amendment", agreement_views.AgreementApproveAmendmentView),
            ("decline-amendment", "decline_amendment", agreement_views.AgreementDeclineAmendmentView),
            ("complete", "complete", agreement_views.AgreementCompleteView),
            ("terminate", "terminate", agreement_views.AgreementTerminateView),
            ("renew", "renew", agreement_views.AgreementRenewView),
            ("commitments/new", "commitment_create", agreement_views.CommitmentCreateView),
            ("milestones/new", "milestone_create", agreement_views.MilestoneCreateView),
            ("scans/new", "scan_attach", agreement_views.AgreementScanAttachView),
        )
    ],
    path(
        "agreements/<str:pk>/scans/<str:scan_id>/download/",
        agreement_views.AgreementScanDownloadView.as_view(),
        name="cooperationagreement_scan_download",
    ),
    path("commitments/<str:pk>/deliver/", agreement_views.CommitmentDeliveryView.as_view(), name="commitment_deliver"),
    path("commitments/<str:pk>/remove/", agreement_views.CommitmentDeleteView.as_view(), name="commitment_delete"),
    path("milestones/<str:pk>/done/", agreement_views.MilestoneCompleteView.as_view(), name="milestone_complete"),
    path("milestones/<str:pk>/remove/", agreement_views.MilestoneDeleteView.as_view(), name="milestone_delete"),
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
    # Allocation rounds (allocation_views.py): the official's steps, a college's choices, an enterprise's rankings.
    path("allocation-rounds/", allocation_views.AllocationRoundListView.as_view(), name="allocationround_list"),
    path(
        "allocation-rounds/new/", allocation_views.AllocationRoundCreateView.as_view(), name="allocationround_create"
    ),
    path("allocation-rounds/<str:pk>/", allocation_views.AllocationRoundView.as_view(), name="allocationround_detail"),
    *[
        path(f"allocation-rounds/<str:pk>/{segment}/", view.as_view(), name=f"allocationround_{name}")
        for segment, name, view in (
            ("edit", "edit", allocation_views.AllocationRoundEditView),
            ("postings", "postings", allocation_views.AllocationRoundPostingsView),
            ("colleges", "colleges", allocation_views.AllocationRoundCollegesView),
            ("open", "open", allocation_views.AllocationRoundOpenView),
            ("problems", "problems", allocation_views.AllocationRoundProblemsView),
            ("run", "run", allocation_views.AllocationRoundRunView),
            ("progress", "progress", allocation_views.AllocationRoundProgressView),
            ("result", "result", allocation_views.AllocationRoundResultView),
            ("fill", "fill", allocation_views.AllocationRoundFillView),
            ("publish", "publish", allocation_views.AllocationRoundPublishView),
            ("students", "students", allocation_views.AllocationRoundStudentsView),
            ("students/<str:student>/choices", "choices", allocation_views.AllocationChoicesEditView),
            ("choices/import", "import", allocation_views.AllocationChoicesImportView),
            ("postings/<str:posting>/ranking", "ranking", allocation_views.AllocationRankingView),
            ("postings/<str:posting>/default", "default", allocation_views.AllocationRankingDefaultView),
        )
    ],
    path("council-seats/", views.CouncilSeatListView.as_view(), name="councilseat_list"),
    path("council-seats/<str:pk>/", views.CouncilSeatView.as_view(), name="councilseat_detail"),
]
