import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from colleges.models import Course, Program, Student
from common.tables import PlatformTable, RecordColumn


class ProgramTable(PlatformTable):
    name = RecordColumn()
    college = tables.Column(order_by=("college__name",))

    class Meta(PlatformTable.Meta):
        model = Program
        fields = ("name", "catalogue_code", "level", "college", "annual_intake", "required_practice_hours")


class CourseTable(PlatformTable):
    name = RecordColumn()
    program = tables.Column(accessor="program__name", order_by=("program__name",))

    class Meta(PlatformTable.Meta):
        model = Course
        fields = ("code", "name", "program", "credits", "practical_credits")


class StudentTable(PlatformTable):
    """Personal fields as the principal may see them: the page builds the table over ``personal_rows``."""

    name = RecordColumn(orderable=False)
    student_number = tables.Column(orderable=False)
    program = tables.Column(accessor="program__name", order_by=("program__name",))
    practice_hours = tables.Column(attrs={"td": {"class": "number"}})
    placed = tables.BooleanColumn(verbose_name=_("Placed"), orderable=False, yesno=(_("Yes"), _("No")))

    class Meta(PlatformTable.Meta):
        model = Student
        fields = ("student_number", "name", "program", "cohort_year", "status", "practice_hours", "placed")
