from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.choices import Role
from common.api.pagination import LargeTablePagination
from common.api.schema import ERRORS
from common.api.serializers import OptionalReasonSerializer, ReasonSerializer
from common.api.viewsets import (
    CreateMixin,
    HistoryMixin,
    PlatformCreateReadViewSet,
    PlatformReadOnlyViewSet,
    PlatformViewSet,
    PrincipalMixin,
    UpdateMixin,
    row_id,
)
from enterprises.filters import PostingFilterSet
from enterprises.selectors import posting_list
from partnerships.allocation_selectors import (
    allocation_applicant_list,
    allocation_choice_list,
    allocation_outcome_list,
    allocation_ranking_list,
    allocation_round_list,
    allocation_round_posting_list,
    allocation_round_problems,
)
from partnerships.api.serializers import (
    AgreementScanSerializer,
    AgreementScanUploadSerializer,
    AgreementSerializer,
    AgreementVersionSerializer,
    AllocationApplicantSerializer,
    AllocationChoiceSerializer,
    AllocationOutcomeSerializer,
    AllocationRankingSerializer,
    AllocationRoundCollegeSerializer,
    AllocationRoundPostingSerializer,
    AllocationRoundSerializer,
    AmendmentSerializer,
    ApplicantsQuerySerializer,
    ApplicationSerializer,
    ChoicesImportSerializer,
    ChoicesInputSerializer,
    CommitmentSerializer,
    CouncilSeatSerializer,
    DefaultRankingInputSerializer,
    DeliverySerializer,
    EvidenceSerializer,
    ImportReportSerializer,
    MilestoneSerializer,
    PlacementCompletionSerializer,
    PlacementSerializer,
    PostingSerializer,
    RankingInputSerializer,
    RenewalSerializer,
    RoundCollegesInputSerializer,
    RoundPostingsInputSerializer,
    RoundProblemSerializer,
    TrainingBaseSerializer,
)
from partnerships.choices import (
    AGREEMENT_STEPS,
    ALLOCATION_ROUND_STEPS,
    COLLEGE_APPLICATION_STEPS,
    ENTERPRISE_APPLICATION_STEPS,
)
from partnerships.downloads import PDF, agreement_scan_download_response
from partnerships.filters import (
    AgreementFilterSet,
    AllocationRoundFilterSet,
    ApplicationFilterSet,
    CommitmentFilterSet,
    CouncilSeatFilterSet,
    MilestoneFilterSet,
    PlacementFilterSet,
    TrainingBaseFilterSet,
)
from partnerships.selectors import (
    agreement_list,
    agreement_scan_list,
    application_list,
    commitment_list,
    council_seat_list,
    milestone_list,
    placement_list,
    training_base_list,
)
from partnerships.services import (
    agreement_scans,
    agreements,
    allocation_rounds,
    applications,
    council_seats,
    postings,
    training_bases,
)


class TrainingBaseViewSet(PlatformViewSet):
    """Training bases of the city (a shared resource every member sees); college staff register and manage the
    bases their college hosts."""

    selector = training_base_list
    serializer_class = TrainingBaseSerializer
    filterset_class = TrainingBaseFilterSet
    ordering_fields = ["id", "name", "stations", "equipment_value"]

    def perform_create(self, serializer):
        serializer.instance = training_bases.training_base_create(
            host_college_id=self.principal.college_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = training_bases.training_base_update(
            base=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, base):
        training_bases.training_base_delete(base=base)


class AgreementViewSet(HistoryMixin, PlatformViewSet):
    """Cooperation agreements between a college and an enterprise: each party sees its own and edits them while
    they are drafts (the caller's side comes from their membership, the other is ``counterparty``); city
    officials read all of their city's."""

    selector = agreement_list
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["id", "starts_on", "ends_on", "created_at"]

    def perform_create(self, serializer):
        terms = dict(serializer.validated_data)
        counterparty = terms.pop("counterparty")
        if self.principal.role == Role.COLLEGE_STAFF:
            parties = {"college_id": self.principal.college_id, "enterprise_id": counterparty}
        else:
            parties = {"college_id": counterparty, "enterprise_id": self.principal.enterprise_id}
        serializer.instance = agreements.agreement_create(**parties, **terms)

    def perform_update(self, serializer):
        serializer.instance = agreements.agreement_update(
            principal=self.principal, agreement=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, agreement):
        agreements.agreement_delete(principal=self.principal, agreement=agreement)

    step_record = "agreement"
    rule_kinds = {
        "versions": "view",
        "scans": "view",
        "download_scan": "view",
        "attach_scan": "attach_scan",
        **{step: step for step in AGREEMENT_STEPS},
    }

    def perform_content_negotiation(self, request, force=False):
        # A download is a PDF whatever the Accept header asks for (Swagger UI asks for application/pdf); its errors
        # are JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "download_scan")

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """Propose this draft's terms to the other party (a new version of the terms, approved by your side)."""
        return self.step(agreements.agreement_propose)

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request, pk=None):
        """Countersign the other party's proposal: the agreement becomes active. The proposer cannot (409)."""
        return self.step(agreements.agreement_countersign)

    @extend_schema(request=OptionalReasonSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline the other party's proposal, or withdraw your own: the agreement is a draft again."""
        return self.step(agreements.agreement_decline, OptionalReasonSerializer)

    @extend_schema(request=AmendmentSerializer, responses={201: AgreementVersionSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Propose new terms for this active agreement; they apply once the other party approves them."""
        return self.step(
            agreements.agreement_amend,
            AmendmentSerializer,
            status_code=status.HTTP_201_CREATED,
            shown_as=AgreementVersionSerializer,
        )

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"], url_path="approve-amendment")
    def approve_amendment(self, request, pk=None):
        """Approve the other party's pending amendment: its terms are in force from now on."""
        return self.step(agreements.agreement_approve_amendment)

    @extend_schema(request=OptionalReasonSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"], url_path="decline-amendment")
    def decline_amendment(self, request, pk=None):
        """Decline the other party's pending amendment, or withdraw your own."""
        return self.step(agreements.agreement_decline_amendment, OptionalReasonSerializer)

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record that this agreement ran its course (from its end date on)."""
        return self.step(agreements.agreement_complete)

    @extend_schema(request=ReasonSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        """End this active agreement early, with a reason."""
        return self.step(agreements.agreement_terminate, ReasonSerializer)

    @extend_schema(request=RenewalSerializer, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Draft the next agreement, linked to this one, with the same kind, title and commitments."""
        return self.step(agreements.agreement_renew, RenewalSerializer, status_code=status.HTTP_201_CREATED)

    @extend_schema(responses=AgreementVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request, pk=None):
        """Every version of this agreement's terms, oldest first: proposals, amendments, and who approved them."""
        versions = self.get_object().versions.prefetch_related("approvals").order_by("number")
        return Response(AgreementVersionSerializer(versions, many=True).data)

    @extend_schema(responses=AgreementScanSerializer(many=True))
    @action(detail=True, methods=["get"], parser_classes=[MultiPartParser], pagination_class=None, filter_backends=[])
    def scans(self, request, pk=None):
        """The signed scans attached to this agreement's versions, by version, oldest first, each with its download
        URL: whoever may read the agreement reads them (city officials their city's)."""
        in_scope = agreement_scan_list(agreement=self.get_object(), principal=self.principal)
        return Response(AgreementScanSerializer(in_scope, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        request={"multipart/form-data": AgreementScanUploadSerializer}, responses={201: AgreementScanSerializer}
    )
    @scans.mapping.post
    def attach_scan(self, request, pk=None):
        """Attach the signed scan of one of this agreement's versions (a party of the agreement): a
        multipart/form-data body with the version's number and the PDF. 400 for a file that is empty, too large or
        not a PDF (judged by its content, not its name), or a version the agreement does not have; 409 for a version
        both parties have not approved."""
        return self.step(
            agreement_scans.agreement_scan_attach,
            AgreementScanUploadSerializer,
            status_code=status.HTTP_201_CREATED,
            shown_as=AgreementScanSerializer,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("scan_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The scan's id (scans/).")
        ],
        responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The scan, as a PDF attachment.")},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"scans/(?P<scan_id>[^/.]+)/download",
        pagination_class=None,
        filter_backends=[],
    )
    def download_scan(self, request, pk=None, scan_id=None):
        """Download one signed scan of this agreement: the PDF, as an attachment under the name it was uploaded
        with. Whoever may read the agreement may; a scan of another agreement is not found here."""
        in_scope = agreement_scan_list(agreement=self.get_object(), principal=self.principal)
        return agreement_scan_download_response(get_object_or_404(in_scope, pk=row_id(scan_id)))


class CommitmentViewSet(PlatformViewSet):
    """What each party of an agreement promised and delivered: edited by the parties while the agreement is a
    draft."""

    selector = commitment_list
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    ordering_fields = ["id", "amount"]

    def perform_create(self, serializer):
        serializer.instance = agreements.commitment_create(principal=self.principal, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = agreements.commitment_update(
            principal=self.principal, commitment=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, commitment):
        agreements.commitment_delete(principal=self.principal, commitment=commitment)

    step_record = "commitment"
    rule_kinds = {"deliver": "deliver"}

    @extend_schema(request=DeliverySerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        """Record a delivery against your side's commitment (of an active agreement)."""
        return self.step(agreements.commitment_record_delivery, DeliverySerializer)


class MilestoneViewSet(PlatformViewSet):
    """Dated steps of an agreement: planned by the parties while the agreement is a draft."""

    selector = milestone_list
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["id", "due_on"]

    def perform_create(self, serializer):
        serializer.instance = agreements.milestone_create(principal=self.principal, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = agreements.milestone_update(
            principal=self.principal, milestone=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, milestone):
        agreements.milestone_delete(principal=self.principal, milestone=milestone)

    step_record = "milestone"
    rule_kinds = {"complete": "complete"}

    @extend_schema(request=EvidenceSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark this milestone of an active agreement done, with its evidence."""
        return self.step(agreements.milestone_complete, EvidenceSerializer)


class CouncilSeatViewSet(PlatformViewSet):
    """Enterprise representatives on a college's council: recorded by the college, seen by both sides and the
    city's officials."""

    selector = council_seat_list
    serializer_class = CouncilSeatSerializer
    filterset_class = CouncilSeatFilterSet
    ordering_fields = ["id", "started_on"]

    def perform_create(self, serializer):
        serializer.instance = council_seats.council_seat_create(
            college_id=self.principal.college_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = council_seats.council_seat_update(seat=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, seat):
        council_seats.council_seat_delete(seat=seat)


class PostingViewSet(HistoryMixin, PlatformViewSet):
    """Internship and apprenticeship postings: an enterprise manages its own (created as drafts, opened once they
    meet the city's internship rules); college staff see the open postings of their city; city officials see all of
    their city's."""

    selector = posting_list
    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet
    ordering_fields = ["id", "deadline", "starts_on", "stipend_monthly", "created_at"]
    rule_kinds = {"open": "open", "close": "close"}
    step_record = "posting"

    def perform_create(self, serializer):
        serializer.instance = postings.posting_create(
            enterprise_id=self.principal.enterprise_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = postings.posting_update(posting=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, posting):
        postings.posting_delete(posting=posting)

    @extend_schema(request=None, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Publish this draft to the colleges of the city. It must meet the city's internship rules (daily hours,
        night work, liability insurance, stipend floor, minimum age, dates inside one academic term) and its
        deadline must be to come: each broken rule is a 400 message under its field, naming the limit and the
        posting's value, and the posting stays a draft."""
        return self.step(postings.posting_open)

    @extend_schema(request=None, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Stop recruiting on this open or filled posting: its open applications are closed with a notice to their
        colleges; its placements go on."""
        return self.step(postings.posting_close)


class ApplicationViewSet(HistoryMixin, PlatformCreateReadViewSet):
    """Applications to postings: a college applies for its enrolled students to open postings of its city (by the
    deadline); the posting's enterprise sees its applicants (without national ID numbers; phones after an accepted
    offer), shortlists, offers or rejects; the college withdraws an application, or accepts or declines an offer."""

    selector = application_list
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]
    step_record = "application"
    rule_kinds = {step: step for step in (*ENTERPRISE_APPLICATION_STEPS, *COLLEGE_APPLICATION_STEPS)}

    def perform_create(self, serializer):
        serializer.instance = applications.application_create(principal=self.principal, **serializer.validated_data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        """Keep this submitted application for a closer look (the posting's enterprise)."""
        return self.step(applications.application_shortlist)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        """Offer the student a place (the posting's enterprise); the student's college is told. The slot is taken
        when the offer is accepted."""
        return self.step(applications.application_offer)

    @extend_schema(request=ReasonSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Turn down this application, saying why (the posting's enterprise, before an offer); the college is told."""
        return self.step(applications.application_reject, ReasonSerializer)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take this application back before the enterprise has decided on it (the student's college)."""
        return self.step(applications.application_withdraw)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept this offer for the student (the student's college): a placement over the posting's dates takes
        one of its slots, and the enterprise is told. 409 when the posting is full or the student already has an
        active placement; the last slot fills the posting and closes its other open applications."""
        return self.step(applications.application_accept)

    @extend_schema(request=ReasonSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline this offer for the student, saying why (the student's college); the enterprise is told."""
        return self.step(applications.application_decline, ReasonSerializer)


class PlacementViewSet(HistoryMixin, PlatformReadOnlyViewSet):
    """Placements (accepted offers, running or finished): seen by the student's college, the host enterprise and
    the city's officials; completed by the host enterprise, cancelled by either side (or the platform)."""

    selector = placement_list
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]
    step_record = "placement"
    rule_kinds = {"complete": "complete", "cancel": "cancel"}

    @extend_schema(request=PlacementCompletionSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record that this placement ran its course (the host enterprise, once it has begun), and whether the
        student was hired afterwards; the college is told. The slot stays taken."""
        return self.step(applications.placement_complete, PlacementCompletionSerializer)

    @extend_schema(request=ReasonSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel this active placement, saying why (either side); the other side is told. The slot is free again:
        a filled posting reopens until its deadline."""
        return self.step(applications.placement_cancel, ReasonSerializer)


@extend_schema_view(
    create=extend_schema(description="Create a round of your city, being set up (city officials)."),
    update=extend_schema(description="Change a round's name, window or seed while it is being set up."),
    partial_update=extend_schema(description="Change a round's name, window or seed while it is being set up."),
)
class AllocationRoundViewSet(PrincipalMixin, CreateMixin, UpdateMixin, viewsets.ReadOnlyModelViewSet):
    """City allocation rounds (docs/matching.md): an official of the city creates a round, sets its postings (with
    slots) and colleges, opens it, runs it once its window has closed and nothing stops it (``problems``), reviews
    the draft (``outcomes``, ``postings`` with their fill) and publishes it as offers. Colleges taking part enter
    their students' choices (one by one or from a file); enterprises with a posting in it rank the applicants or
    accept the default ranking by recommendation score. Each sees the rounds it takes part in, and within them its
    own students' or postings' rows; any other round is a 404."""

    selector = allocation_round_list
    serializer_class = AllocationRoundSerializer
    filterset_class = AllocationRoundFilterSet
    ordering_fields = ["id", "created_at", "opens_at", "closes_at"]
    step_record = "round"
    rule_kinds = {
        **{step: step for step in ALLOCATION_ROUND_STEPS},
        "postings": "view",
        "set_postings": "change",
        "colleges": "view",
        "set_colleges": "change",
        "choices": "view",
        "set_choices": "set_choices",
        "import_choices": "set_choices",
        "rankings": "view",
        "set_ranking": "rank",
        "default_ranking": "rank",
        "applicants": "view",
        "outcomes": "view",
        "problems": "run",
    }

    def perform_create(self, serializer):
        serializer.instance = allocation_rounds.allocation_round_create(
            principal=self.principal, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = allocation_rounds.allocation_round_update(
            round=serializer.instance, principal=self.principal, **serializer.validated_data
        )

    def _rows(self, rows, serializer_class) -> Response:
        """A page of ``rows`` (a queryset or a list) of the round, shown with ``serializer_class``."""
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(request=None, responses=AllocationRoundSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Open a round set up with postings and colleges: colleges and enterprises taking part are told."""
        return self.step(allocation_rounds.allocation_round_open)

    @extend_schema(request=None, responses={202: AllocationRoundSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        """Run the round (202): once its window has closed and nothing stops it (409 otherwise, see ``problems``).
        A worker solves it; poll the round for ``status``, ``progress`` and ``progress_note``. A draft or a failed
        run is run again with the same seed, giving the same draft."""
        return self.step(allocation_rounds.allocation_round_run, status_code=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=AllocationRoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the draft: each placed student gets an offer through the application workflow, which their
        college accepts or declines; colleges and enterprises are told once each. Final."""
        return self.step(allocation_rounds.allocation_round_publish)

    @extend_schema(responses=AllocationRoundPostingSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def postings(self, request, pk=None):
        """The postings taking part (an enterprise sees its own) with their slots, whose ranking is used, how many
        students chose each and how many the draft placed there."""
        rows = allocation_round_posting_list(round=self.get_object(), principal=self.principal)
        return self._rows(rows, AllocationRoundPostingSerializer)

    @extend_schema(request=RoundPostingsInputSerializer, responses=AllocationRoundPostingSerializer(many=True))
    @postings.mapping.put
    def set_postings(self, request, pk=None):
        """Set the postings taking part and their slots (replacing the list), while the round is being set up: open
        postings of the city, each with from 1 to its free slots."""
        round = self.get_object()
        body = self.action_input(RoundPostingsInputSerializer)
        slots = {row["posting"]: row["slots"] for row in body["postings"]}
        allocation_rounds.allocation_round_postings_set(round=round, principal=self.principal, slots=slots)
        return self._rows(
            allocation_round_posting_list(round=round, principal=self.principal), AllocationRoundPostingSerializer
        )

    @extend_schema(responses=AllocationRoundCollegeSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def colleges(self, request, pk=None):
        """The colleges whose enrolled students take part."""
        rows = self.get_object().round_colleges.select_related("college").order_by("college__name", "college_id")
        return self._rows(rows, AllocationRoundCollegeSerializer)

    @extend_schema(request=RoundCollegesInputSerializer, responses=AllocationRoundCollegeSerializer(many=True))
    @colleges.mapping.put
    def set_colleges(self, request, pk=None):
        """Set the colleges taking part (replacing the list), while the round is being set up."""
        round = self.get_object()
        body = self.action_input(RoundCollegesInputSerializer)
        allocation_rounds.allocation_round_colleges_set(round=round, principal=self.principal, **body)
        rows = round.round_colleges.select_related("college").order_by("college__name", "college_id")
        return self._rows(rows, AllocationRoundCollegeSerializer)

    @extend_schema(
        responses=AllocationChoiceSerializer(many=True),
        filters=False,
        parameters=[OpenApiParameter("student", OpenApiTypes.INT, description="Only this student's choices.")],
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def choices(self, request, pk=None):
        """The students' ranked choices (志愿): a college sees its own students', an enterprise those of its
        postings, an official all."""
        rows = allocation_choice_list(round=self.get_object(), principal=self.principal)
        if "student" in request.query_params:
            rows = rows.filter(student_id=row_id(request.query_params["student"]))
        return self._rows(rows, AllocationChoiceSerializer)

    @extend_schema(request=ChoicesInputSerializer, responses=AllocationChoiceSerializer(many=True))
    @choices.mapping.post
    def set_choices(self, request, pk=None):
        """Enter one of your students' choices, most wanted first, replacing their list (college staff, while the
        round's window is open); 400 with a message per problem."""
        round = self.get_object()
        body = self.action_input(ChoicesInputSerializer)
        choices = allocation_rounds.allocation_choices_set(round=round, principal=self.principal, **body)
        return Response(AllocationChoiceSerializer(choices, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ChoicesImportSerializer},
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(
                response={"type": "object", "additionalProperties": True},
                description=_(
                    "The report (as for a 200) with every line in error, or the field messages when the body is not a "
                    "file that can be read."
                ),
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="choices/import", parser_classes=[MultiPartParser])
    def import_choices(self, request, pk=None):
        """Enter many students' choices from a file (CSV in UTF-8 or xlsx) with the columns student_number, rank,
        posting (the posting's id): each student named gets the list of their lines. All or nothing: with any line
        in error the answer is a 400 with the report of every such line, and nothing is written."""
        round = self.get_object()
        body = self.action_input(ChoicesImportSerializer)
        report = allocation_rounds.allocation_choices_import(round=round, principal=self.principal, **body)
        answer = status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        return Response(ImportReportSerializer(report).data, status=answer)

    @extend_schema(
        responses=AllocationRankingSerializer(many=True),
        filters=False,
        parameters=[OpenApiParameter("posting", OpenApiTypes.INT, description="Only this posting's ranking.")],
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def rankings(self, request, pk=None):
        """The enterprises' rankings (排序) of their applicants: an enterprise its own postings', an official all."""
        rows = allocation_ranking_list(round=self.get_object(), principal=self.principal)
        if "posting" in request.query_params:
            rows = rows.filter(posting_id=row_id(request.query_params["posting"]))
        return self._rows(rows, AllocationRankingSerializer)

    @extend_schema(request=RankingInputSerializer, responses={204: None})
    @rankings.mapping.post
    def set_ranking(self, request, pk=None):
        """Rank the applicants to one of your postings (enterprise staff, while the window is open), replacing its
        ranking; ties allowed, students left out are not acceptable. 400 with a message per row in error."""
        round = self.get_object()
        body = self.action_input(RankingInputSerializer)
        ranks = [(row["student"], row["rank"]) for row in body["ranks"]]
        allocation_rounds.allocation_ranking_set(
            round=round, principal=self.principal, posting=body["posting"], ranks=ranks
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DefaultRankingInputSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="rankings/default")
    def default_ranking(self, request, pk=None):
        """Accept the default ranking of a posting's applicants, by recommendation score (its enterprise within the
        window, or an official for a silent enterprise)."""
        round = self.get_object()
        body = self.action_input(DefaultRankingInputSerializer)
        allocation_rounds.allocation_ranking_use_default(round=round, principal=self.principal, **body)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={200: AllocationApplicantSerializer(many=True), 400: ERRORS[400]},
        filters=False,
        parameters=[ApplicantsQuerySerializer],
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def applicants(self, request, pk=None):
        """The students who chose a posting (its enterprise's or an official's view), with the rank they gave it
        and the rank the enterprise gave them."""
        round = self.get_object()
        query = ApplicantsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = allocation_applicant_list(round=round, principal=self.principal, **query.validated_data)
        return self._rows(rows, AllocationApplicantSerializer)

    @extend_schema(responses=AllocationOutcomeSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def outcomes(self, request, pk=None):
        """The draft (or published) result: who got which posting at which choice, and who is unplaced and why. A
        college sees its students', an enterprise who was placed at its postings, an official everyone."""
        rows = allocation_outcome_list(round=self.get_object(), principal=self.principal)
        return self._rows(rows, AllocationOutcomeSerializer)

    @extend_schema(responses=RoundProblemSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def problems(self, request, pk=None):
        """Everything that stops the round from running, one row each in plain words (the officials')."""
        return self._rows(allocation_round_problems(round=self.get_object()), RoundProblemSerializer)
