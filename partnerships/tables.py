import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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


class ApplicationTable(PlatformTable):
    id = RecordColumn()
    posting = tables.Column(accessor="posting__title", order_by=("posting__title",))

    class Meta(PlatformTable.Meta):
        model = Application
        fields = ("id", "posting", "status", "submitted_at")


class PlacementTable(PlatformTable):
    id = RecordColumn()
    posting = tables.Column(accessor="posting__title", order_by=("posting__title",))

    class Meta(PlatformTable.Meta):
        model = Placement
        fields = ("id", "posting", "status", "starts_on", "ends_on")


class CouncilSeatTable(PlatformTable):
    representative_name = RecordColumn()

    class Meta(PlatformTable.Meta):
        model = CouncilSeat
        fields = ("representative_name", "representative_title", "role", "started_on", "ended_on")
