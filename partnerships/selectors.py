"""Reads of the partnerships app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.principals import Principal
from accounts.scopes import in_city, own, scoped
from enterprises.selectors import certified
from partnerships.choices import ApplicationStatus, VersionStatus
from partnerships.models import (
    AgreementScan,
    AgreementVersion,
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
    city_bases = in_city("city_id")
    return scoped(
        TrainingBase.objects.select_related("host_college", "host_enterprise").prefetch_related("sectors"),
        principal,
        college_staff=city_bases,
        enterprise_staff=city_bases,
        city_official=city_bases,
    )


def agreement_list(*, principal: Principal) -> QuerySet[CooperationAgreement]:
    """Agreements the principal's organisation is party to; all of the city's for an official."""
    return scoped(
        CooperationAgreement.objects.select_related("college", "enterprise", "current_version").annotate(
            enterprise_certified=certified("enterprise_id"),
            amendment_pending=Exists(
                AgreementVersion.objects.filter(agreement=OuterRef("pk"), status=VersionStatus.PENDING).exclude(
                    pk=OuterRef("current_version_id")
                )
            ),
        ),
        principal,
        college_staff=own("college_id"),
        enterprise_staff=own("enterprise_id"),
        city_official=in_city("college__city_id"),
    )


def agreement_scan_list(*, agreement: CooperationAgreement, principal: Principal) -> QuerySet[AgreementScan]:
    """The signed scans of ``agreement``'s versions, by version and oldest first: whoever may see the agreement sees
    them, anyone else none."""
    return (
        AgreementScan.objects.filter(
            version__agreement=agreement, version__agreement__in=agreement_list(principal=principal)
        )
        .select_related("version")
        .order_by("version__number", "uploaded_at", "pk")
    )


def commitment_list(*, principal: Principal) -> QuerySet[Commitment]:
    return Commitment.objects.select_related("agreement").filter(agreement__in=agreement_list(principal=principal))


def milestone_list(*, principal: Principal) -> QuerySet[Milestone]:
    return Milestone.objects.select_related("agreement").filter(agreement__in=agreement_list(principal=principal))


def council_seat_list(*, principal: Principal) -> QuerySet[CouncilSeat]:
    """Council seats: the college's own, the seats held by the enterprise's people, all of the city's."""
    return scoped(
        CouncilSeat.objects.select_related("college", "enterprise"),
        principal,
        college_staff=own("college_id"),
        enterprise_staff=own("enterprise_id"),
        city_official=in_city("college__city_id"),
    )


def _by_student_and_posting(queryset: QuerySet, principal: Principal) -> QuerySet:
    """Applications or placements: the student's college's, the posting's enterprise's, the city's."""
    return scoped(
        queryset,
        principal,
        college_staff=own("student__program__college_id"),
        enterprise_staff=own("posting__enterprise_id"),
        city_official=in_city("student__program__college__city_id"),
    )


def application_list(*, principal: Principal) -> QuerySet[Application]:
    """Applications in scope; for an enterprise each says whether the student accepted one of its offers."""
    applications = _by_student_and_posting(
        Application.objects.select_related("student__program", "posting__enterprise").prefetch_related(
            "student__skills"
        ),
        principal,
    )
    if principal.enterprise_id is None:
        return applications
    accepted = Application.objects.filter(
        student_id=OuterRef("student_id"),
        posting__enterprise_id=principal.enterprise_id,
        status=ApplicationStatus.ACCEPTED,
    )
    return applications.annotate(contact_released=Exists(accepted))


def placement_list(*, principal: Principal) -> QuerySet[Placement]:
    return _by_student_and_posting(
        Placement.objects.select_related("student__program", "posting__enterprise").prefetch_related(
            "student__skills"
        ),
        principal,
    )
