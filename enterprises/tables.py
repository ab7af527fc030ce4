import django_tables2 as tables

from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import EducationInvestment, TalentDemand


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
