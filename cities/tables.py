from cities.models import AcademicTerm
from common.tables import PlatformTable, RecordColumn


class AcademicTermTable(PlatformTable):
    name = RecordColumn()

    class Meta(PlatformTable.Meta):
        model = AcademicTerm
        fields = ("name", "starts_on", "ends_on")
