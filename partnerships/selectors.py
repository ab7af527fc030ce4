"""Reads of the partnerships app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.choices import Role
from accounts.principals import Principal
from partnerships.choices import ApplicationStatus
from partnerships.models import (
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)


def training_base_list(*, principal: Principal) -> QuerySet[TrainingBase]:
    """Training bases are a shared resource of the city: every member sees all of their city's."""
    bases = TrainingBase.objects.select_related("host_college", "host_enterprise").prefetch_related("sectors")
    if principal.role == Role.PLATFORM_ADMIN:
        return bases
    return bases.filter(city_id=principal.city_id) if principal.city_id else bases.none()


def agreement_list(*, principal: Principal) -> QuerySet[CooperationAgreement]:
    """Agreements the principal's organisation is party to; all of the city's for an official."""
    agreements = CooperationAgreement.objects.select_related("college", "enterprise")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return agreements
        case Role.COLLEGE_STAFF:
            return agreements.filter(college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF:
            return agreements.filter(enterprise_id=principal.enterprise_id)
        case Role.CITY_OFFICIAL:
            return agreements.filter(college__city_id=principal.city_id)
    return agreements.none()


def commitment_list(*, principal: Principal) -> QuerySet[Commitment]:
    return Commitment.objects.select_related("agreement").filter(agreement__in=agreement_list(principal=principal))


def milestone_list(*, principal: Principal) -> QuerySet[Milestone]:
    return Milestone.objects.select_related("agreement").filter(agreement__in=agreement_list(principal=principal))


def council_seat_list(*, principal: Principal) -> QuerySet[CouncilSeat]:
    """Council seats: the college's own, the seats held by the enterprise's people, all of the city's."""
    seats = CouncilSeat.objects.select_related("college", "enterprise")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return seats
        case Role.COLLEGE_STAFF:
            return seats.filter(college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF:
            return seats.filter(enterprise_id=principal.enterprise_id)
        case Role.CITY_OFFICIAL:
            return seats.filter(college__city_id=principal.city_id)
    return seats.none()


def _scope_by_student_and_posting(queryset: QuerySet, principal: Principal) -> QuerySet:
    """Applications or placements: the student's college, the posting's enterprise, the city's official."""
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return queryset
        case Role.COLLEGE_STAFF:
            return queryset.filter(student__program__college_id=principal.college_id)
        case Role.ENTERPRISE_STAFF:
            return queryset.filter(posting__enterprise_id=principal.enterprise_id)
        case Role.CITY_OFFICIAL:
            return queryset.filter(student__program__college__city_id=principal.city_id)
    return queryset.none()


def application_list(*, principal: Principal) -> QuerySet[Application]:
    """Applications in scope; for an enterprise each says whether the student accepted one of its offers."""
    applications = _scope_by_student_and_posting(
        Application.objects.select_related("student__program", "posting__enterprise"), principal
    )
    if principal.role != Role.ENTERPRISE_STAFF:
        return applications
    accepted = Application.objects.filter(
        student_id=OuterRef("student_id"),
        posting__enterprise_id=principal.enterprise_id,
        status=ApplicationStatus.ACCEPTED,
    )
    return applications.annotate(contact_released=Exists(accepted))


def placement_list(*, principal: Principal) -> QuerySet[Placement]:
    return _scope_by_student_and_posting(
        Placement.objects.select_related("student__program", "posting__enterprise"), principal
    )
