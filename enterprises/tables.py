import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import EducationInvestment, Enterprise, TalentDemand


class EnterpriseTable(PlatformTable):
    name = RecordColumn()
    sector = tables.Column(order_by=("sector__code",))
    is_certified = tables.BooleanColumn(
        verbose_name=_("Certified integration enterprise"), yesno=(_("Certified"), "—")
    )

    class Meta(PlatformTable.Meta):
        model = Enterprise
        fields = ("name", "is_certified", "sector", "size", "district")


class TalentDemandTable(PlatformTable):
    sector = RecordColumn(order_by=("sector__code",))
    skill = tables.Column(accessor="skill__name", order_by=("skill__name",))

    class Meta(PlatformTable.Meta):
        model = TalentDemand
        fields = ("sector", "skill", "headcount", "year")


class EducationInvestmentTable(PlatformTable):
    purpose = RecordColumn()
    amount = MoneyColumn()

    class Meta(PlatformTable.Meta):
        model = EducationInvestment
        fields = ("purpose", "amount", "invested_on", "description")
