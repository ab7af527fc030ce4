"""Reads of the colleges app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.principals import Principal
from accounts.scopes import in_city, own, scoped
from colleges.models import Certificate, College, Course, Program, Student, StudentCertificate
from colleges.placed import placed_on
from partnerships.choices import ApplicationStatus

# An enterprise sees the students who applied to it. Applications live in partnerships, which imports this app, so
# the model is reached through the reverse relation rather than imported.
_APPLICATION = Student._meta.get_field("applications").related_model
_PLACEMENT = Student._meta.get_field("placements").related_model


def applicants(student_path: str):
    """The scope of enterprise staff over students: those at ``student_path`` who applied to their postings."""
    return lambda principal: Exists(
        _APPLICATION.objects.filter(student_id=OuterRef(student_path), posting__enterprise_id=principal.enterprise_id)
    )


def college_list(*, principal: Principal) -> QuerySet[College]:
    return scoped(
        College.objects.select_related("city"),
        principal,
        college_staff=own("pk"),
        enterprise_staff=in_city("city_id"),
        city_official=in_city("city_id"),
    )


def program_list(*, principal: Principal) -> QuerySet[Program]:
    return scoped(
        Program.objects.select_related("college").prefetch_related("target_sectors", "certificates"),
        principal,
        college_staff=own("college_id"),
        enterprise_staff=in_city("college__city_id"),
        city_official=in_city("college__city_id"),
    )


def course_list(*, principal: Principal) -> QuerySet[Course]:
    return scoped(
        Course.objects.select_related("program"),
        principal,
        college_staff=own("program__college_id"),
        enterprise_staff=in_city("program__college__city_id"),
        city_official=in_city("program__college__city_id"),
    )


def certificate_list(*, principal: Principal) -> QuerySet[Certificate]:
    """The national 1+X catalogue: reference data every signed-in member reads."""
    certificates = Certificate.objects.select_related("sector")
    return certificates if principal.is_authenticated else certificates.none()


def placed() -> Exists:
    """Whether the student is placed today (``colleges.placed``): a placement under way or completed."""
    return Exists(_PLACEMENT.objects.filter(placed_on(timezone.localdate()), student_id=OuterRef("pk")))


def student_list(*, principal: Principal) -> QuerySet[Student]:
    """Students in scope, each with ``placed``; for an enterprise also ``contact_released`` (an accepted offer)."""
    students = scoped(
        Student.objects.select_related("program").prefetch_related("skills").annotate(placed=placed()),
        principal,
        college_staff=own("program__college_id"),
        enterprise_staff=applicants("pk"),
        city_official=in_city("program__college__city_id"),
    )
    if principal.enterprise_id is None:
        return students
    accepted = _APPLICATION.objects.filter(
        student_id=OuterRef("pk"), posting__enterprise_id=principal.enterprise_id, status=ApplicationStatus.ACCEPTED
    )
    return students.annotate(contact_released=Exists(accepted))


def student_certificate_list(*, principal: Principal) -> QuerySet[StudentCertificate]:
    return scoped(
        StudentCertificate.objects.select_related("certificate"),
        principal,
        college_staff=own("student__program__college_id"),
        enterprise_staff=applicants("student_id"),
        city_official=in_city("student__program__college__city_id"),
    )
