import django_tables2 as tables
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from colleges.models import College, Student
from colleges.tables import PersonalTable
from common.links import page_link
from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import Enterprise
from evaluation.models import IntegrationCertification, PartnershipHealth
from partnerships.models import CooperationAgreement


class IntegrationCertificationTable(PlatformTable):
    enterprise = RecordColumn(accessor="enterprise__name", order_by=("enterprise__name",))
    applied_at = tables.DateTimeColumn(short=False)

    class Meta(PlatformTable.Meta):
        model = IntegrationCertification
        fields = ("enterprise", "status", "applied_at", "decided_at")


class AtRiskAgreementTable(PlatformTable):
    """Agreements in the lowest health band: each leads to its agreement, college and enterprise pages, with the
    component that pulls its score down most (``dashboard_at_risk_agreements``)."""

    agreement = tables.Column(
        accessor="agreement__title",
        verbose_name=_("Agreement"),
        linkify=lambda record: page_link(CooperationAgreement, record.agreement_id),
        orderable=False,
    )
    college = tables.Column(
        accessor="agreement__college__name",
        verbose_name=_("College"),
        linkify=lambda record: page_link(College, record.agreement.college_id),
        orderable=False,
    )
    enterprise = tables.Column(
        accessor="agreement__enterprise__name",
        verbose_name=_("Enterprise"),
        linkify=lambda record: page_link(Enterprise, record.agreement.enterprise_id),
        orderable=False,
    )
    kind = tables.Column(accessor="agreement__get_kind_display", verbose_name=_("Kind"), orderable=False)
    score = tables.Column(orderable=False, attrs={"td": {"class": "number"}})
    weakest = tables.Column(verbose_name=_("Pulled down by"), orderable=False, empty_values=())

    class Meta(PlatformTable.Meta):
        model = PartnershipHealth
        fields = ("agreement", "college", "enterprise", "kind", "score", "weakest")

    def render_weakest(self, record):
        if not record.weakest:
            return "—"
        return capfirst(PartnershipHealth._meta.get_field(record.weakest).verbose_name)


class AtRiskStudentTable(PersonalTable):
    """Final-year students without a placement, their personal fields masked as the reader may see them."""

    name = RecordColumn(orderable=False)
    student_number = tables.Column(orderable=False)
    program = tables.Column(accessor="program__name", orderable=False)
    college = tables.Column(
        accessor="program__college__name",
        verbose_name=_("College"),
        linkify=lambda record: page_link(College, record.program.college_id),
        orderable=False,
    )

    class Meta(PlatformTable.Meta):
        model = Student
        fields = ("student_number", "name", "program", "college", "cohort_year")

    def render_name(self, record):
        return self.personal(record, "name")

    def render_student_number(self, record):
        return self.personal(record, "student_number")


class IncentiveTable(PlatformTable):
    """The rows of ``evaluation.selectors.incentive_list``: an enterprise with its investments and incentive."""

    name = RecordColumn()
    is_certified = tables.BooleanColumn(
        verbose_name=_("Certified integration enterprise"), yesno=(_("Certified"), "—")
    )
    certified_at = tables.DateColumn(verbose_name=_("Certified on"), short=False)
    investment_total = MoneyColumn(verbose_name=_("Invested in education"))
    counted_investment_total = MoneyColumn(verbose_name=_("Counted since certification"))
    incentive_rate = tables.Column(verbose_name=_("Incentive rate"), attrs={"td": {"class": "number"}})
    estimated_incentive = MoneyColumn(verbose_name=_("Estimated incentive"))

    class Meta(PlatformTable.Meta):
        model = Enterprise
        fields = (
            "name",
            "is_certified",
            "certified_at",
            "investment_total",
            "counted_investment_total",
            "incentive_rate",
            "estimated_incentive",
        )

    def render_incentive_rate(self, value):
        return f"{value:.1%}"
