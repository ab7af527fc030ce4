import django_tables2 as tables

from common.tables import PlatformTable, RecordColumn
from evaluation.models import IntegrationCertification


class IntegrationCertificationTable(PlatformTable):
    enterprise = RecordColumn(accessor="enterprise__name", order_by=("enterprise__name",))
    applied_at = tables.DateTimeColumn(short=False)

    class Meta(PlatformTable.Meta):
        model = IntegrationCertification
        fields = ("enterprise", "status", "applied_at", "decided_at")
