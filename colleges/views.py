"""The pages of colleges (the city's register), and the college portal's pages of programs, courses and students
(common/views.py: the generic views)."""

from django.utils.translation import gettext_lazy as _

from colleges import services
from colleges.filters import CollegeFilterSet, CourseFilterSet, ProgramFilterSet, StudentFilterSet
from colleges.forms import CourseForm, ProgramForm, StudentForm
from colleges.privacy import personal_fields_of
from colleges.selectors import (
    college_figures_list,
    course_list,
    program_list,
    student_certificate_list,
    student_list,
)
from colleges.tables import CollegeTable, CourseTable, ProgramTable, StudentTable
from common.views import ObjectCreateView, ObjectEditView, ObjectListView, ObjectView


class CollegeListView(ObjectListView):
    """The city's colleges with their programs, students, training stations and agreements in force."""

    selector = college_figures_list
    filterset_class = CollegeFilterSet
    table_class = CollegeTable
    filter_fields = ("q", "kind", "district")
    empty_text = _("No colleges match. Clear the filters to see all of the city's colleges.")


class CollegeView(ObjectView):
    """A college: its facts and figures and its programs; its agreements, training bases and scores come as the
    higher apps' panels."""

    selector = college_figures_list
    list_url_name = "colleges:college_list"

    def get_context_data(self, **kwargs):
        programs = program_list(principal=self.principal).filter(college=self.record).prefetch_related(None)
        return super().get_context_data(programs=programs, **kwargs)


class ProgramListView(ObjectListView):
    selector = program_list
    filterset_class = ProgramFilterSet
    table_class = ProgramTable
    filter_fields = ("q", "level", "sector", "certificate")
    add_url_name = "colleges:program_create"
    empty_text = _("No programs match. Register your college's programs (majors) with “New program”.")


class ProgramView(ObjectView):
    selector = program_list
    list_url_name = "colleges:program_list"


class ProgramCreateView(ObjectCreateView):
    selector = program_list
    form_class = ProgramForm
    list_url_name = "colleges:program_list"

    def create(self, form):
        return services.program_create(college_id=self.principal.college_id, **form.changes())


class ProgramEditView(ObjectEditView):
    selector = program_list
    form_class = ProgramForm
    list_url_name = "colleges:program_list"

    def update(self, form):
        return services.program_update(program=self.record, **form.changes())


class CourseListView(ObjectListView):
    selector = course_list
    filterset_class = CourseFilterSet
    table_class = CourseTable
    filter_choices = {"program": program_list}
    filter_fields = ("q", "program")
    add_url_name = "colleges:course_create"
    empty_text = _("No courses match. Add a program's courses with “New course”.")


class CourseView(ObjectView):
    selector = course_list
    list_url_name = "colleges:course_list"


class CourseCreateView(ObjectCreateView):
    selector = course_list
    form_class = CourseForm
    list_url_name = "colleges:course_list"

    def get_initial(self):
        return {"program": self.request.GET.get("program")}

    def create(self, form):
        return services.course_create(**form.changes())


class CourseEditView(ObjectEditView):
    selector = course_list
    form_class = CourseForm
    list_url_name = "colleges:course_list"

    def update(self, form):
        return services.course_update(course=self.record, **form.changes())


class StudentListView(ObjectListView):
    selector = student_list
    filterset_class = StudentFilterSet
    table_class = StudentTable
    filter_choices = {"program": program_list}
    # An official's city runs thousands of programs: found by part of their name or catalogue code.
    filter_searched = {"program": ("name", "catalogue_code")}
    filter_fields = ("q", "program", "cohort_year", "status", "placed", "talent_band")
    add_url_name = "colleges:student_create"
    empty_text = _("No students match. Enrol students with “New student”, or clear the filters.")


class StudentView(ObjectView):
    selector = student_list
    list_url_name = "colleges:student_list"

    def get_context_data(self, **kwargs):
        personal = personal_fields_of(self.record, principal=self.principal)
        certificates = student_certificate_list(principal=self.principal).filter(student=self.record)
        return super().get_context_data(personal=personal, certificates=certificates, **kwargs)


class StudentCreateView(ObjectCreateView):
    selector = student_list
    form_class = StudentForm
    list_url_name = "colleges:student_list"

    def get_initial(self):
        return {"program": self.request.GET.get("program")}

    def create(self, form):
        return services.student_create(**form.changes())


class StudentEditView(ObjectEditView):
    selector = student_list
    form_class = StudentForm
    list_url_name = "colleges:student_list"

    def update(self, form):
        return services.student_update(student=self.record, **form.changes())
