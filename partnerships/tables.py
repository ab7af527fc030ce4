import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from colleges.models import Student
from colleges.tables import FigureColumn, PersonalTable
from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import Posting
from partnerships.models import (
    AllocationOutcome,
    AllocationRound,
    AllocationRoundPosting,
    Application,
    CooperationAgreement,
    CouncilSeat,
    Placement,
    TrainingBase,
)


class TrainingBaseTable(PlatformTable):
    name = RecordColumn()

    class Meta(PlatformTable.Meta):
        model = TrainingBase
        fields = ("name", "kind", "district", "stations")


class AgreementTable(PlatformTable):
    title = RecordColumn()
    college = tables.Column(accessor="college__name", order_by=("college__name",))
    enterprise = tables.Column(accessor="enterprise__name", order_by=("enterprise__name",))
    # The current health is evaluation's, reached by its reverse relation's name (the list selects it).
    health = tables.Column(accessor="health__band", verbose_name=_("Health band"), order_by=("health__score",))

    class Meta(PlatformTable.Meta):
        model = CooperationAgreement
        fields = ("title", "kind", "college", "enterprise", "status", "health", "starts_on", "ends_on")


class PostingTable(PlatformTable):
    title = RecordColumn()
    enterprise = tables.Column(accessor="enterprise__name", order_by=("enterprise__name",))
    stipend_monthly = MoneyColumn()

    class Meta(PlatformTable.Meta):
        model = Posting
        fields = (
            "title",
            "kind",
            "enterprise",
            "status",
            "slots",
            "starts_on",
            "ends_on",
            "deadline",
            "stipend_monthly",
        )


class ApplicationTable(PersonalTable):
    """The student as the reader may see them, with the public profile an enterprise weighs an applicant by: skills,
    practice hours and talent score."""

    student = RecordColumn(accessor="student__name", orderable=False)
    posting = tables.Column(accessor="posting__title", order_by=("posting__title",))
    skills = tables.ManyToManyColumn(accessor="student__skills", verbose_name=_("Skills"), orderable=False)
    practice_hours = tables.Column(
        accessor="student__practice_hours", verbose_name=_("Practice hours"), attrs={"td": {"class": "number"}}
    )
    # The current talent score is evaluation's, reached by its reverse relation's name (docs/architecture.md).
    talent_score = tables.Column(
        accessor="student__talent__score", verbose_name=_("Talent score"), attrs={"td": {"class": "number"}}
    )

    class Meta(PlatformTable.Meta):
        model = Application
        fields = ("student", "posting", "skills", "practice_hours", "talent_score", "status", "submitted_at")

    def render_student(self, record):
        return self.personal(record.student, "name")


class PlacementTable(PersonalTable):
    student = RecordColumn(accessor="student__name", orderable=False)
    posting = tables.Column(accessor="posting__title", order_by=("posting__title",))

    class Meta(PlatformTable.Meta):
        model = Placement
        fields = ("student", "posting", "status", "starts_on", "ends_on")

    def render_student(self, record):
        return self.personal(record.student, "name")


class CouncilSeatTable(PlatformTable):
    representative_name = RecordColumn()

    class Meta(PlatformTable.Meta):
        model = CouncilSeat
        fields = ("representative_name", "representative_title", "role", "started_on", "ended_on")


class AllocationRoundTable(PlatformTable):
    name = RecordColumn()
    posting_count = FigureColumn(verbose_name=_("Postings"))
    college_count = FigureColumn(verbose_name=_("Colleges"))

    class Meta(PlatformTable.Meta):
        model = AllocationRound
        fields = ("name", "status", "opens_at", "closes_at", "posting_count", "college_count")


class AllocationOutcomeTable(PersonalTable):
    """What the round gave each student, the student as the reader may see them (an official: masked)."""

    student = tables.Column(accessor="student__name", orderable=False)
    student_number = tables.Column(
        accessor="student__student_number", verbose_name=_("Student number"), orderable=False
    )
    college = tables.Column(accessor="student__program__college__name", verbose_name=_("College"))
    posting = tables.Column(accessor="posting__title", order_by=("posting__title",), default="—")
    enterprise = tables.Column(accessor="posting__enterprise__name", verbose_name=_("Enterprise"), default="—")
    choice_rank = tables.Column(verbose_name=_("Choice"), attrs={"td": {"class": "number"}}, default="—")
    reason = tables.Column(verbose_name=_("Outcome"))
    offer = tables.Column(accessor="application__status", verbose_name=_("Offer"), default="—")

    class Meta(PlatformTable.Meta):
        model = AllocationOutcome
        fields = ("student", "student_number", "college", "posting", "enterprise", "choice_rank", "reason", "offer")

    def render_student(self, record):
        return self.personal(record.student, "name")

    def render_student_number(self, record):
        return self.personal(record.student, "student_number")

    def render_offer(self, record):
        return record.application.get_status_display()


class AllocationFillTable(PlatformTable):
    """How many of each posting's slots in the round the draft filled; a posting links to who was placed there."""

    posting = tables.Column(
        accessor="posting__title",
        order_by=("posting__title",),
        linkify=lambda record: (
            f"{reverse('partnerships:allocationround_result', args=[record.round_id])}?posting={record.posting_id}"
        ),
    )
    enterprise = tables.Column(accessor="posting__enterprise__name", verbose_name=_("Enterprise"))
    slots = FigureColumn()
    applicant_count = FigureColumn(verbose_name=_("Students who chose it"))
    filled = FigureColumn(verbose_name=_("Placed"))
    ranking_source = tables.Column()

    class Meta(PlatformTable.Meta):
        model = AllocationRoundPosting
        fields = ("posting", "enterprise", "slots", "applicant_count", "filled", "ranking_source")


class AllocationStudentTable(PersonalTable):
    """A college's students with how many choices each has in the round, each linked to their list."""

    student_number = tables.Column(orderable=False)
    name = tables.Column(orderable=False)
    program = tables.Column(accessor="program__name", order_by=("program__name",))
    choice_count = FigureColumn(verbose_name=_("Choices"))
    choices = tables.Column(empty_values=(), orderable=False, verbose_name=_("List"))

    class Meta(PlatformTable.Meta):
        model = Student
        fields = ("student_number", "name", "program", "choice_count", "choices")

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round

    def render_name(self, record):
        return self.personal(record, "name")

    def render_student_number(self, record):
        return self.personal(record, "student_number")

    def render_choices(self, record):
        url = reverse("partnerships:allocationround_choices", args=[self.round.pk, record.pk])
        hidden = self.personal(record, "name")
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>', url, _("Edit choices"), hidden
        )
