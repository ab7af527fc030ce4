import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from colleges.tables import PersonalTable
from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import Posting
from partnerships.models import Application, CooperationAgreement, CouncilSeat, Placement, TrainingBase


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
