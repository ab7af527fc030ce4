from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import MEMBER_SEARCH_FIELDS, MembershipAdmin, MembershipForm
from cities.admin import IndustrySectionFilter
from colleges.models import Certificate, College, CollegeStaff, Course, Program, Student, StudentCertificate
from common.admin import SelectRelatedMixin


class CollegeStaffInline(admin.TabularInline):
    model = CollegeStaff
    form = MembershipForm
    fields = ("user", "title")
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(College)
class CollegeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "city", "district")
    list_select_related = ("city",)
    list_filter = ("kind", "city")
    search_fields = ("name", "code")
    ordering = ("name",)
    inlines = (CollegeStaffInline,)


@admin.register(CollegeStaff)
class CollegeStaffAdmin(SelectRelatedMixin, MembershipAdmin):
    list_display = ("user", "college", "title")
    list_select_related = ("user", "college")
    list_filter = ("college__city",)
    search_fields = (*MEMBER_SEARCH_FIELDS, "college__name")
    ordering = ("college__name", "user__username")
    autocomplete_fields = ("user", "college")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "awarding_body", "sector")
    list_select_related = ("sector",)
    list_filter = (IndustrySectionFilter,)
    search_fields = ("code", "name", "awarding_body")
    ordering = ("name",)


class CourseInline(admin.TabularInline):
    model = Course
    fields = ("code", "name", "credits", "practical_credits", "industry_standards")
    extra = 0


@admin.register(Program)
class ProgramAdmin(SelectRelatedMixin, admin.ModelAdmin):
    list_display = (
        "catalogue_code",
        "name",
        "college",
        "level",
        "annual_intake",
        "practical_credit_share",
        "required_practice_hours",
    )
    list_select_related = ("college",)
    list_filter = ("level", "college__kind", "college__city")
    search_fields = ("catalogue_code", "name", "college__name")
    ordering = ("college__name", "catalogue_code")
    autocomplete_fields = ("college", "certificates")
    filter_horizontal = ("target_sectors",)
    inlines = (CourseInline,)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "program", "credits", "practical_credits")
    list_select_related = ("program__college",)
    list_filter = ("program__level", "program__college__city")
    search_fields = ("code", "name", "program__name")
    ordering = ("program__college__name", "program__catalogue_code", "code")
    autocomplete_fields = ("program",)


class StudentCertificateInline(admin.TabularInline):
    model = StudentCertificate
    fields = ("certificate", "level", "awarded_on")
    autocomplete_fields = ("certificate",)
    extra = 0


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    # National ID and phone stay off the list, the search and the filters: they show only on one student's page.
    list_display = ("student_number", "name", "program", "cohort_year", "status", "practice_hours")
    list_select_related = ("program__college",)
    list_filter = ("status", "cohort_year", "program__level", "program__college__city")
    search_fields = ("student_number", "name")
    ordering = ("-cohort_year", "student_number")
    autocomplete_fields = ("program", "skills")
    fieldsets = (
        (None, {"fields": ("program", "cohort_year", "status", "practice_hours", "skills")}),
        (
            _("Personal data"),
            {
                "fields": ("name", "student_number", "national_id", "phone"),
                "description": _(
                    "The most protected data of the platform: the national ID and phone appear only here."
                ),
            },
        ),
    )
    inlines = (StudentCertificateInline,)


@admin.register(StudentCertificate)
class StudentCertificateAdmin(admin.ModelAdmin):
    list_display = ("student", "certificate", "level", "awarded_on")
    list_select_related = ("student", "certificate")
    list_filter = ("level",)
    search_fields = ("student__student_number", "student__name", "certificate__code", "certificate__name")
    date_hierarchy = "awarded_on"
    ordering = ("-awarded_on",)
    autocomplete_fields = ("student", "certificate")
