"""Reads of the colleges app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.principals import Principal
from accounts.scopes import in_city, own, scoped
from colleges.choices import StudentStatus
from colleges.models import Certificate, College, Course, Program, Student, StudentCertificate
from colleges.placed import placed_on
from partnerships.choices import AgreementStatus, ApplicationStatus

# An enterprise sees the students who applied to it. Applications live in partnerships, which imports this app, so
# the model is reached through the reverse relation rather than imported.
_APPLICATION = Student._meta.get_field("applications").related_model
_PLACEMENT = Student._meta.get_field("placements").related_model
# A college's training bases and agreements are partnerships' too, reached the same way.
_TRAINING_BASE = College._meta.get_field("training_bases").related_model
_AGREEMENT = College._meta.get_field("agreements").related_model


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


def _per_college(rows: QuerySet, path: str, figure) -> Coalesce:
    """A correlated subquery of ``figure`` (an aggregate) over the ``rows`` whose college at ``path`` is the outer
    row's: one subquery per figure, so the list's queries do not grow with its rows (0 when there is none)."""
    per_college = rows.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(figure=figure)
    return Coalesce(Subquery(per_college.values("figure"), output_field=IntegerField()), Value(0))


def college_figures_list(*, principal: Principal) -> QuerySet[College]:
    """The colleges in scope, each with its programs, its enrolled students, the training stations of the bases it
    hosts (in school or co-built) and its agreements in force: the city's register of colleges."""
    return college_list(principal=principal).annotate(
        program_count=_per_college(Program.objects.all(), "college_id", Count("pk")),
        student_count=_per_college(
            Student.objects.filter(status=StudentStatus.ENROLLED), "program__college_id", Count("pk")
        ),
        station_count=_per_college(_TRAINING_BASE.objects.all(), "host_college_id", Sum("stations")),
        active_agreement_count=_per_college(
            _AGREEMENT.objects.filter(status=AgreementStatus.ACTIVE), "college_id", Count("pk")
        ),
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
