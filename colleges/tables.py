import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from colleges.models import College, Course, Program, Student
from colleges.privacy import personal_fields_of
from common.tables import PlatformTable, RecordColumn, YesNoColumn


class FigureColumn(tables.Column):
    """A count the selector computed for each row (its annotation), right-aligned and sorted by the database."""

    attrs = {"td": {"class": "number"}, "th": {"class": "number"}}


class CollegeTable(PlatformTable):
    name = RecordColumn()
    program_count = FigureColumn(verbose_name=_("Programs"))
    student_count = FigureColumn(verbose_name=_("Enrolled students"))
    station_count = FigureColumn(verbose_name=_("Training stations hosted"))
    active_agreement_count = FigureColumn(verbose_name=_("Agreements in force"))

    class Meta(PlatformTable.Meta):
        model = College
        fields = (
            "name",
            "kind",
            "district",
            "program_count",
            "student_count",
            "station_count",
            "active_agreement_count",
        )


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


class PersonalTable(PlatformTable):
    """A table whose rows name students: their personal fields as ``principal`` may see them (the API's masking),
    worked out for the rows shown, so the rows stay a queryset that the database sorts and pages."""

    def personal(self, student: Student, field: str) -> str:
        value = personal_fields_of(student, principal=self.principal)[field]
        return "—" if value is None else value


class StudentTable(PersonalTable):
    name = RecordColumn(orderable=False)
    student_number = tables.Column(orderable=False)
    program = tables.Column(accessor="program__name", order_by=("program__name",))
    practice_hours = tables.Column(attrs={"td": {"class": "number"}})
    placed = YesNoColumn(verbose_name=_("Placed"), orderable=False)

    class Meta(PlatformTable.Meta):
        model = Student
        fields = ("student_number", "name", "program", "cohort_year", "status", "practice_hours", "placed")

    def render_name(self, record):
        return self.personal(record, "name")

    def render_student_number(self, record):
        return self.personal(record, "student_number")
