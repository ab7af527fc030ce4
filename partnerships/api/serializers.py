import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.choices import Role
from accounts.principals import principal_of
from cities.models import IndustrySector, Skill
from colleges.api.serializers import StudentSummarySerializer, WithStudentSummary
from colleges.models import Student
from colleges.privacy import present_personal_fields
from colleges.selectors import college_list, student_list
from common.api.viewsets import ScopedRelatedField
from common.filters import MAX_INTEGER
from enterprises.api.serializers import sector_field
from enterprises.models import Posting
from enterprises.selectors import enterprise_list, posting_list
from partnerships.choices import AgreementKind, CommitmentKind, Party
from partnerships.models import (
    AgreementApproval,
    AgreementScan,
    AgreementVersion,
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from partnerships.recommendations import REASON_CODES
from partnerships.selectors import agreement_list, training_base_list


class TrainingBaseSerializer(serializers.ModelSerializer):
    host_enterprise = ScopedRelatedField(selector=enterprise_list, required=False, allow_null=True)
    sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=IndustrySector.objects.all()
    )

    class Meta:
        model = TrainingBase
        fields = [
            "id",
            "city",
            "name",
            "kind",
            "host_college",
            "host_enterprise",
            "stations",
            "equipment_value",
            "sectors",
            "district",
            "opened_on",
        ]
        read_only_fields = ["city", "host_college"]


class AgreementSerializer(serializers.ModelSerializer):
    counterparty = serializers.IntegerField(
        write_only=True,
        required=False,
        help_text=_(
            "On creation: the other party, an enterprise id for college staff, a college id for enterprise staff."
        ),
    )
    training_base = ScopedRelatedField(selector=training_base_list, required=False, allow_null=True)
    proposer_party = serializers.ChoiceField(choices=Party.choices, allow_blank=True, read_only=True)
    enterprise_certified = serializers.BooleanField(
        read_only=True, help_text="The enterprise is a certified industry–education integration enterprise."
    )
    current_version = serializers.IntegerField(
        source="current_version.number",
        read_only=True,
        allow_null=True,
        help_text=_("Number of the version of the terms in force (or proposed); see versions/."),
    )
    amendment_pending = serializers.BooleanField(
        read_only=True, help_text=_("An amendment awaits the approval of one of the parties.")
    )

    class Meta:
        model = CooperationAgreement
        fields = [
            "id",
            "college",
            "enterprise",
            "enterprise_certified",
            "counterparty",
            "kind",
            "title",
            "summary",
            "training_base",
            "starts_on",
            "ends_on",
            "status",
            "proposer_party",
            "proposed_at",
            "countersigned_at",
            "ended_at",
            "termination_reason",
            "predecessor",
            "current_version",
            "amendment_pending",
            "created_at",
        ]
        read_only_fields = [
            "college",
            "enterprise",
            "status",
            "proposer_party",
            "proposed_at",
            "countersigned_at",
            "ended_at",
            "termination_reason",
            "predecessor",
            "created_at",
        ]

    def validate_counterparty(self, counterparty_id):
        if self.instance is not None:
            raise serializers.ValidationError(_("The parties of an agreement cannot change; start a new one."))
        principal = principal_of(self.context["request"].user)
        counterparties = college_list if principal.role == Role.ENTERPRISE_STAFF else enterprise_list
        if not counterparties(principal=principal).filter(pk=counterparty_id).exists():
            raise serializers.ValidationError(_("No such organisation in your city to cooperate with."))
        return counterparty_id

    def validate(self, attrs):
        if self.instance is None and "counterparty" not in attrs:
            raise serializers.ValidationError({"counterparty": [_("Name the other party of the agreement.")]})
        return attrs


class CommitmentSerializer(serializers.ModelSerializer):
    agreement = ScopedRelatedField(selector=agreement_list)

    class Meta:
        model = Commitment
        fields = ["id", "agreement", "party", "kind", "description", "amount", "delivered_amount"]
        read_only_fields = ["delivered_amount"]


class MilestoneSerializer(serializers.ModelSerializer):
    agreement = ScopedRelatedField(selector=agreement_list)

    class Meta:
        model = Milestone
        fields = ["id", "agreement", "title", "due_on", "done_at", "evidence"]
        read_only_fields = ["done_at", "evidence"]


class AgreementApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementApproval
        fields = ["party", "approved_by", "approved_at"]


class AgreementVersionSerializer(serializers.ModelSerializer):
    """A version of an agreement's terms: a proposal or an amendment, and who approved it."""

    approvals = AgreementApprovalSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementVersion
        fields = ["number", "status", "proposer_party", "terms", "reason", "created_by", "created_at", "approvals"]
        read_only_fields = fields


class AgreementScanSerializer(serializers.ModelSerializer):
    """A signed scan of a version of an agreement's terms, and where to download it."""

    version = serializers.IntegerField(
        source="version.number", read_only=True, help_text=_("Number of the version the scan is of; see versions/.")
    )
    name = serializers.CharField(
        source="original_name", read_only=True, help_text=_("The name the file was uploaded with.")
    )
    size = serializers.IntegerField(read_only=True, help_text=_("In bytes."))
    party = serializers.ChoiceField(choices=Party.choices, read_only=True, help_text=_("The side that attached it."))
    download_url = serializers.SerializerMethodField(help_text=_("Where whoever may read the agreement downloads it."))

    class Meta:
        model = AgreementScan
        fields = ["id", "version", "name", "size", "party", "uploaded_by", "uploaded_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, scan: AgreementScan) -> str:
        path = reverse("api:agreement-download-scan", kwargs={"pk": scan.version.agreement_id, "scan_id": scan.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AgreementScanUploadSerializer(serializers.Serializer):
    """A signed scan to attach: the version it is of and the PDF (a multipart/form-data body)."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INTEGER,
        help_text=_("Number of a version both parties approved (see versions/)."),
    )
    # An empty file reaches the service, which refuses it with the same message on every path.
    file = serializers.FileField(
        allow_empty_file=True,
        help_text=_(
            "The scan of the signed paper copy, as a PDF (AGREEMENT_SCAN_MAX_BYTES at most, 10 MB by default)."
        ),
    )


class CommitmentTermSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, help_text=_("An existing commitment to change; leave out to add one.")
    )
    party = serializers.ChoiceField(choices=Party.choices)
    kind = serializers.ChoiceField(choices=CommitmentKind.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class MilestoneTermSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, help_text=_("An existing milestone to change; leave out to add one.")
    )
    title = serializers.CharField(max_length=160)
    due_on = serializers.DateField()


class AmendedTermsSerializer(serializers.Serializer):
    """The terms an amendment changes; the lists, when given, are complete (a commitment left out is dropped)."""

    kind = serializers.ChoiceField(choices=AgreementKind.choices, required=False)
    title = serializers.CharField(max_length=160, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    training_base = ScopedRelatedField(selector=training_base_list, required=False, allow_null=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    commitments = CommitmentTermSerializer(many=True, required=False)
    milestones = MilestoneTermSerializer(many=True, required=False)

    def to_internal_value(self, data):
        terms = super().to_internal_value(data)
        if "training_base" in terms:
            base = terms.pop("training_base")
            terms["training_base_id"] = base.pk if base else None
        return terms


class AmendmentSerializer(serializers.Serializer):
    terms = AmendedTermsSerializer()
    reason = serializers.CharField(help_text=_("Why the terms change; told to the other side."))


class RenewalSerializer(serializers.Serializer):
    starts_on = serializers.DateField(required=False, help_text=_("Default: the day after the agreement ends."))
    ends_on = serializers.DateField(required=False, help_text=_("Default: as long after as the agreement lasted."))


class DeliverySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


class EvidenceSerializer(serializers.Serializer):
    evidence = serializers.CharField(help_text=_("What shows it was done: a report, a link, a document number."))


class CouncilSeatSerializer(serializers.ModelSerializer):
    enterprise = ScopedRelatedField(selector=enterprise_list)

    class Meta:
        model = CouncilSeat
        fields = [
            "id",
            "college",
            "enterprise",
            "representative_name",
            "representative_title",
            "role",
            "started_on",
            "ended_on",
        ]
        read_only_fields = ["college"]


class PostingSerializer(serializers.ModelSerializer):
    sector = sector_field()
    skills = serializers.SlugRelatedField(slug_field="name", many=True, required=False, queryset=Skill.objects.all())
    training_base = ScopedRelatedField(selector=training_base_list, required=False, allow_null=True)
    enterprise_certified = serializers.BooleanField(
        read_only=True, help_text="The enterprise is a certified industry–education integration enterprise."
    )

    class Meta:
        model = Posting
        fields = [
            "id",
            "enterprise",
            "enterprise_certified",
            "kind",
            "title",
            "description",
            "sector",
            "skills",
            "slots",
            "filled_slots",
            "starts_on",
            "ends_on",
            "deadline",
            "daily_hours",
            "night_work",
            "stipend_monthly",
            "insurance",
            "minimum_age",
            "training_base",
            "district",
            "status",
            "created_at",
        ]
        read_only_fields = ["enterprise", "filled_slots", "status", "created_at"]


class ApplicationSerializer(WithStudentSummary, serializers.ModelSerializer):
    student = ScopedRelatedField(selector=student_list)
    posting = ScopedRelatedField(selector=posting_list)
    student_summary = StudentSummarySerializer(source="student", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "posting",
            "student",
            "student_summary",
            "status",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "note",
        ]
        read_only_fields = ["status", "submitted_at", "decided_at", "decision_reason"]


class PlacementCompletionSerializer(serializers.Serializer):
    hired_after = serializers.BooleanField(
        default=False, help_text=_("The enterprise hired the student after the placement.")
    )


class PlacementSerializer(WithStudentSummary, serializers.ModelSerializer):
    student_summary = StudentSummarySerializer(source="student", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "posting",
            "student",
            "student_summary",
            "agreement",
            "status",
            "starts_on",
            "ends_on",
            "enterprise_mentor",
            "college_mentor",
            "completed_at",
            "cancelled_at",
            "cancellation_reason",
            "hired_after",
        ]
        read_only_fields = fields

    def contact_released(self, placement) -> bool:
        # A placement is an accepted offer: its host enterprise may reach the student.
        return True


# ------------------------------------------------------------------------------
# Recommendations (partnerships/recommendations.py): read-only answers, each result with its reasons
# ------------------------------------------------------------------------------
class RecommendationQuerySerializer(serializers.Serializer):
    """The query of a recommendation endpoint: exactly one of its subjects (by id), and how many results."""

    subjects: tuple[str, ...] = ()
    top = serializers.IntegerField(
        min_value=1, max_value=50, default=20, help_text="How many results, best first (1–50)."
    )

    def validate(self, attrs):
        named = [subject for subject in self.subjects if attrs.get(subject) is not None]
        if len(named) != 1:
            message = _("Name exactly one of: %(subjects)s.") % {"subjects": ", ".join(self.subjects)}
            raise serializers.ValidationError(dict.fromkeys(self.subjects, message))
        return attrs


def _subject(help_text) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_INTEGER, help_text=help_text)


class PostingRecommendationQuerySerializer(RecommendationQuerySerializer):
    subjects = ("student", "program")
    student = _subject("The student to recommend open postings for.")
    program = _subject("The program to recommend open postings for.")


class PostingSubjectQuerySerializer(RecommendationQuerySerializer):
    subjects = ("posting",)
    posting = _subject("The posting to recommend for.")


class ProgramRecommendationQuerySerializer(RecommendationQuerySerializer):
    subjects = ("posting", "enterprise")
    posting = _subject("The posting to recommend programs for.")
    enterprise = _subject("The enterprise to recommend programs for.")


class CollegeRecommendationQuerySerializer(RecommendationQuerySerializer):
    subjects = ("enterprise",)
    enterprise = _subject("The enterprise to recommend colleges for.")


class EnterpriseRecommendationQuerySerializer(RecommendationQuerySerializer):
    subjects = ("college",)
    college = _subject("The college to recommend enterprises for (none it has an agreement in force with).")


class RecommendationReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=REASON_CODES,
        help_text="What the reason is about, for programs.",
    )
    text = serializers.CharField(help_text="The reason in the reader's language, with its figures.")
    points = serializers.FloatField(help_text="The points it added to the score.")


class RecommendationSerializer(serializers.Serializer):
    """One result: the score (0–100) and the reasons it ranked, strongest first."""

    id = serializers.IntegerField(source="record.pk")
    score = serializers.FloatField()
    reasons = RecommendationReasonSerializer(many=True)


class RecommendedPostingSerializer(RecommendationSerializer):
    title = serializers.CharField(source="record.title")
    enterprise = serializers.IntegerField(source="record.enterprise_id")
    enterprise_name = serializers.CharField(source="record.enterprise.name")
    sector = serializers.CharField(source="record.sector.code")
    deadline = serializers.DateField(source="record.deadline")
    slots_left = serializers.SerializerMethodField()

    def get_slots_left(self, recommendation) -> int:
        return recommendation.record.slots - recommendation.record.filled_slots


class RecommendedStudentSerializer(RecommendationSerializer):
    """A recommended student; the personal fields as the reader may see them (docs/permissions.md)."""

    program = serializers.IntegerField(source="record.program_id")
    cohort_year = serializers.IntegerField(source="record.cohort_year")
    name = serializers.CharField(source="record.name", allow_null=True)
    student_number = serializers.CharField(source="record.student_number", allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return present_personal_fields(data, principal=principal_of(self.context["request"].user))


class RecommendedProgramSerializer(RecommendationSerializer):
    name = serializers.CharField(source="record.name")
    college = serializers.IntegerField(source="record.college_id")
    college_name = serializers.CharField(source="record.college.name")


class RecommendedCollegeSerializer(RecommendationSerializer):
    name = serializers.CharField(source="record.name")
    district = serializers.CharField(source="record.district")


class RecommendedEnterpriseSerializer(RecommendationSerializer):
    name = serializers.CharField(source="record.name")
    sector = serializers.CharField(source="record.sector.code")
    district = serializers.CharField(source="record.district")


# Allocation rounds
# ------------------------------------------------------------------------------
# A round's window lies within this century: outside it a time zone's offset is not a whole minute (Asia/Shanghai's
# local mean time before 1901) and the answer would not be an RFC 3339 date-time.
ROUND_TIME_RANGE = [
    MinValueValidator(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)),
    MaxValueValidator(datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)),
]


class AllocationRoundSerializer(serializers.ModelSerializer):
    posting_count = serializers.IntegerField(read_only=True, help_text=_("Postings taking part."))
    college_count = serializers.IntegerField(read_only=True, help_text=_("Colleges taking part."))
    seed = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_("The lottery's seed breaking ties in the rankings; drawn at creation when not given."),
    )

    class Meta:
        model = AllocationRound
        fields = [
            "id",
            "city",
            "name",
            "opens_at",
            "closes_at",
            "status",
            "seed",
            "created_by",
            "created_at",
            "progress",
            "progress_note",
            "failure",
            "ran_at",
            "published_at",
            "published_by",
            "stats",
            "posting_count",
            "college_count",
        ]
        read_only_fields = [
            "city",
            "status",
            "created_by",
            "created_at",
            "progress",
            "progress_note",
            "failure",
            "ran_at",
            "published_at",
            "published_by",
            "stats",
        ]
        extra_kwargs = {"opens_at": {"validators": ROUND_TIME_RANGE}, "closes_at": {"validators": ROUND_TIME_RANGE}}


class RoundPostingSlotsSerializer(serializers.Serializer):
    posting = serializers.IntegerField(min_value=1, max_value=MAX_INTEGER, help_text=_("The posting's id."))
    slots = serializers.IntegerField(
        max_value=MAX_INTEGER, help_text=_("Slots it offers in the round: from 1 to its free slots.")
    )


class RoundPostingsInputSerializer(serializers.Serializer):
    postings = RoundPostingSlotsSerializer(many=True, help_text=_("Every posting taking part; replaces the list."))


class RoundCollegesInputSerializer(serializers.Serializer):
    college_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INTEGER),
        help_text=_("Every college taking part; replaces the list."),
    )


class AllocationRoundPostingSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="posting.title", read_only=True)
    enterprise = serializers.IntegerField(source="posting.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="posting.enterprise.name", read_only=True)
    ranking_source_label = serializers.CharField(source="get_ranking_source_display", read_only=True)
    applicant_count = serializers.IntegerField(read_only=True, help_text=_("Students who chose it."))
    filled = serializers.IntegerField(read_only=True, help_text=_("Students the draft placed there."))

    class Meta:
        model = AllocationRoundPosting
        fields = [
            "posting",
            "title",
            "enterprise",
            "enterprise_name",
            "slots",
            "ranking_source",
            "ranking_source_label",
            "ranking_confirmed_at",
            "applicant_count",
            "filled",
        ]
        read_only_fields = fields


class AllocationRoundCollegeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="college.name", read_only=True)

    class Meta:
        model = AllocationRoundCollege
        fields = ["college", "name"]
        read_only_fields = fields


class RoundStudentSerializer(serializers.ModelSerializer):
    """A student as a round shows them: number, name and college (no contact details)."""

    college = serializers.IntegerField(source="program.college_id", read_only=True)
    college_name = serializers.CharField(source="program.college.name", read_only=True)

    class Meta:
        model = Student
        fields = ["id", "student_number", "name", "college", "college_name"]
        read_only_fields = fields


class AllocationChoiceSerializer(serializers.ModelSerializer):
    student = RoundStudentSerializer(read_only=True)
    posting_title = serializers.CharField(source="posting.title", read_only=True)

    class Meta:
        model = AllocationChoice
        fields = ["id", "student", "rank", "posting", "posting_title", "entered_at"]
        read_only_fields = fields


class ChoicesInputSerializer(serializers.Serializer):
    student = ScopedRelatedField(selector=student_list, help_text=_("A student of your college."))
    posting_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INTEGER),
        allow_empty=True,
        help_text=_("Postings of the round, most wanted first; an empty list withdraws the student."),
    )


class ChoicesImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("CSV (UTF-8) or xlsx with the columns student_number, rank, posting (the posting's number).")
    )


class ImportRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text=_("The line of the file (1 is the header)."))
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    lines = serializers.IntegerField(help_text=_("Lines read, the header apart."))
    students = serializers.IntegerField(help_text=_("Students whose lists were written."))
    choices = serializers.IntegerField(help_text=_("Choices written."))
    errors = ImportRowErrorSerializer(many=True, help_text=_("Each line in error; with any, nothing was written."))


class AllocationRankingSerializer(serializers.ModelSerializer):
    student = RoundStudentSerializer(read_only=True)

    class Meta:
        model = AllocationRanking
        fields = ["id", "posting", "student", "rank", "entered_at"]
        read_only_fields = fields


class RankSerializer(serializers.Serializer):
    student = serializers.IntegerField(
        min_value=1, max_value=MAX_INTEGER, help_text=_("A student who chose the posting.")
    )
    rank = serializers.IntegerField(max_value=MAX_INTEGER, help_text=_("1 is the first; students may share a rank."))


class RankingInputSerializer(serializers.Serializer):
    posting = ScopedRelatedField(selector=posting_list, help_text=_("Your posting in the round."))
    ranks = RankSerializer(many=True, help_text=_("The applicants you accept; those left out are not acceptable."))


class DefaultRankingInputSerializer(serializers.Serializer):
    posting = ScopedRelatedField(selector=posting_list, help_text=_("The posting in the round."))


class ApplicantsQuerySerializer(serializers.Serializer):
    posting_id = serializers.IntegerField(
        min_value=1, max_value=MAX_INTEGER, help_text=_("The posting whose applicants to list.")
    )


class AllocationApplicantSerializer(serializers.ModelSerializer):
    student = RoundStudentSerializer(read_only=True)
    choice_rank = serializers.IntegerField(source="rank", read_only=True, help_text=_("Where the student put it."))
    enterprise_rank = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Where the enterprise ranked them (null: not ranked).")
    )

    class Meta:
        model = AllocationChoice
        fields = ["student", "choice_rank", "enterprise_rank"]
        read_only_fields = fields


class AllocationOutcomeSerializer(serializers.ModelSerializer):
    student = RoundStudentSerializer(read_only=True)
    posting_title = serializers.CharField(source="posting.title", read_only=True, allow_null=True)
    enterprise_name = serializers.CharField(source="posting.enterprise.name", read_only=True, allow_null=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)

    class Meta:
        model = AllocationOutcome
        fields = [
            "id",
            "student",
            "posting",
            "posting_title",
            "enterprise_name",
            "choice_rank",
            "reason",
            "reason_label",
            "application",
        ]
        read_only_fields = fields


class RoundProblemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("What kind of problem (e.g. posting_closed, ranking_missing)."))
    row = serializers.CharField(help_text=_("Where it is, in the words of the pages."))
    message = serializers.CharField(help_text=_("What is wrong, in plain words."))
