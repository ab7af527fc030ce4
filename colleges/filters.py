from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from accounts.choices import Role
from accounts.principals import principal_of
from colleges.choices import TALENT_BAND_STUDENTS, TalentBand
from colleges.models import Certificate, College, Course, Program, Student, StudentCertificate
from common.filters import IdFilter, IntegerFilter, PlatformFilterSet, SearchFilterSet


class CollegeFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "district")
    city = IdFilter(field_name="city_id", label=_("City"))

    class Meta:
        model = College
        fields = ["kind", "district"]


class CertificateFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "awarding_body")
    sector = filters.CharFilter(field_name="sector__code", label=_("Sector"))

    class Meta:
        model = Certificate
        fields = []


class ProgramFilterSet(SearchFilterSet):
    search_fields = ("name", "catalogue_code", "training_objective")
    college = IdFilter(field_name="college_id", label=_("College"))
    sector = filters.CharFilter(field_name="target_sectors__code", distinct=True, label=_("Sector"))
    certificate = filters.CharFilter(field_name="certificates__code", distinct=True, label=_("Certificate"))

    class Meta:
        model = Program
        fields = ["level", "catalogue_code"]


class CourseFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "industry_standards")
    program = IdFilter(field_name="program_id", label=_("Program"))
    college = IdFilter(field_name="program__college_id", label=_("College"))

    class Meta:
        model = Course
        fields = []


class StudentFilterSet(SearchFilterSet):
    search_fields = ("name", "student_number")
    program = IdFilter(field_name="program_id", label=_("Program"))
    college = IdFilter(field_name="program__college_id", label=_("College"))
    skill = filters.CharFilter(field_name="skills__name", lookup_expr="iexact", distinct=True, label=_("Skill"))
    cohort_year_min = IntegerFilter(field_name="cohort_year", lookup_expr="gte", label=_("Cohort year from"))
    cohort_year_max = IntegerFilter(field_name="cohort_year", lookup_expr="lte", label=_("Cohort year to"))
    placed = filters.BooleanFilter(field_name="placed", label=_("Has a placement under way or completed"))
    talent_band = filters.ChoiceFilter(choices=TalentBand.choices, method="filter_talent_band", label=_("Talent band"))

    class Meta:
        model = Student
        fields = ["status", "cohort_year"]

    def filter_talent_band(self, queryset, name, value):
        return queryset.filter(TALENT_BAND_STUDENTS[value])

    def filter_q(self, queryset, name, value):
        # Searching a field one may see only masked would reveal it one guess at a time.
        if principal_of(self.request.user).role == Role.CITY_OFFICIAL:
            raise ValidationError(
                {"q": _("City officials see students' personal fields masked and cannot search them.")}
            )
        return super().filter_q(queryset, name, value)


class StudentCertificateFilterSet(PlatformFilterSet):
    student = IdFilter(field_name="student_id", label=_("Student"))
    certificate = filters.CharFilter(field_name="certificate__code", label=_("Certificate"))
    awarded_after = filters.DateFilter(field_name="awarded_on", lookup_expr="gte", label=_("Awarded on or after"))
    awarded_before = filters.DateFilter(field_name="awarded_on", lookup_expr="lte", label=_("Awarded on or before"))

    class Meta:
        model = StudentCertificate
        fields = ["level"]
