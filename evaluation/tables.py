import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import Enterprise
from evaluation.models import IntegrationCertification


class IntegrationCertificationTable(PlatformTable):
    enterprise = RecordColumn(accessor="enterprise__name", order_by=("enterprise__name",))
    applied_at = tables.DateTimeColumn(short=False)

    class Meta(PlatformTable.Meta):
        model = IntegrationCertification
        fields = ("enterprise", "status", "applied_at", "decided_at")


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
