"""Reads of the colleges app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.choices import Role
from accounts.principals import Principal
from colleges.models import Certificate, College, Course, Program, Student, StudentCertificate
from partnerships.choices import ApplicationStatus

# An enterprise sees the students who applied to it. Applications live in partnerships, which imports this app, so
# the model is reached through the reverse relation rather than imported.
_APPLICATION = Student._meta.get_field("applications").related_model


def college_list(*, principal: Principal) -> QuerySet[College]:
    colleges = College.objects.select_related("city")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return colleges
        case Role.COLLEGE_STAFF:
            return colleges.filter(pk=principal.college_id)
        case Role.ENTERPRISE_STAFF | Role.CITY_OFFICIAL:
            return colleges.filter(city_id=principal.city_id)
    return colleges.none()


def program_list(*, principal: Principal) -> QuerySet[Program]:
    programs = Program.objects.select_related("college").prefetch_related("target_sectors", "certificates")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return programs
        case Role.COLLEGE_STAFF:
            return programs.filter(college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF | Role.CITY_OFFICIAL:
            return programs.filter(college__city_id=principal.city_id)
    return programs.none()


def course_list(*, principal: Principal) -> QuerySet[Course]:
    courses = Course.objects.select_related("program")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return courses
        case Role.COLLEGE_STAFF:
            return courses.filter(program__college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF | Role.CITY_OFFICIAL:
            return courses.filter(program__college__city_id=principal.city_id)
    return courses.none()


def certificate_list(*, principal: Principal) -> QuerySet[Certificate]:
    """The national 1+X catalogue: reference data every signed-in member reads."""
    certificates = Certificate.objects.select_related("sector")
    return certificates if principal.is_authenticated else certificates.none()


def _applicant_filter(principal: Principal, student_path: str) -> Exists:
    """Rows whose student applied to one of the principal's enterprise's postings."""
    return Exists(
        _APPLICATION.objects.filter(student_id=OuterRef(student_path), posting__enterprise_id=principal.enterprise_id)
    )


def student_list(*, principal: Principal) -> QuerySet[Student]:
    """Students in scope; for an enterprise each is annotated with ``contact_released`` (an accepted offer)."""
    students = Student.objects.select_related("program").prefetch_related("skills")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return students
        case Role.COLLEGE_STAFF:
            return students.filter(program__college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF:
            accepted = _APPLICATION.objects.filter(
                student_id=OuterRef("pk"),
                posting__enterprise_id=principal.enterprise_id,
                status=ApplicationStatus.ACCEPTED,
            )
            return students.filter(_applicant_filter(principal, "pk")).annotate(contact_released=Exists(accepted))
        case Role.CITY_OFFICIAL:
            return students.filter(program__college__city_id=principal.city_id)
    return students.none()


def student_certificate_list(*, principal: Principal) -> QuerySet[StudentCertificate]:
    awards = StudentCertificate.objects.select_related("certificate")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return awards
        case Role.COLLEGE_STAFF:
            return awards.filter(student__program__college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF:
            return awards.filter(_applicant_filter(principal, "student_id"))
        case Role.CITY_OFFICIAL:
            return awards.filter(student__program__college__city_id=principal.city_id)
    return awards.none()
