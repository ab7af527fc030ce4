"""Reads of the enterprises app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.principals import Principal
from enterprises.choices import PostingStatus
from enterprises.models import EducationInvestment, Enterprise, IntegrationCertification, Posting, TalentDemand


def enterprise_list(*, principal: Principal) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.select_related("sector")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return enterprises
        case Role.ENTERPRISE_STAFF:
            return enterprises.filter(pk=principal.enterprise_id)
        case Role.COLLEGE_STAFF | Role.CITY_OFFICIAL:
            return enterprises.filter(city_id=principal.city_id)
    return enterprises.none()


def posting_list(*, principal: Principal) -> QuerySet[Posting]:
    """Postings in scope: an enterprise's own in every status; the open ones of the city for colleges."""
    postings = Posting.objects.select_related("enterprise", "sector").prefetch_related("skills")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return postings
        case Role.ENTERPRISE_STAFF:
            return postings.filter(enterprise_id=principal.enterprise_id)
        case Role.COLLEGE_STAFF:
            return postings.filter(enterprise__city_id=principal.city_id, status=PostingStatus.OPEN)
        case Role.CITY_OFFICIAL:
            return postings.filter(enterprise__city_id=principal.city_id)
    return postings.none()


def talent_demand_list(*, principal: Principal) -> QuerySet[TalentDemand]:
    """Demand in scope: an enterprise's own; the whole city's for colleges (to align majors) and officials."""
    demand = TalentDemand.objects.select_related("sector", "skill")
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return demand
        case Role.ENTERPRISE_STAFF:
            return demand.filter(enterprise_id=principal.enterprise_id)
        case Role.COLLEGE_STAFF | Role.CITY_OFFICIAL:
            return demand.filter(enterprise__city_id=principal.city_id)
    return demand.none()


def education_investment_list(*, principal: Principal) -> QuerySet[EducationInvestment]:
    investments = EducationInvestment.objects.all()
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return investments
        case Role.ENTERPRISE_STAFF:
            return investments.filter(enterprise_id=principal.enterprise_id)
        case Role.CITY_OFFICIAL:
            return investments.filter(enterprise__city_id=principal.city_id)
    return investments.none()


def integration_certification_list(*, principal: Principal) -> QuerySet[IntegrationCertification]:
    certifications = IntegrationCertification.objects.all()
    match principal.role:
        case Role.PLATFORM_ADMIN:
            return certifications
        case Role.ENTERPRISE_STAFF:
            return certifications.filter(enterprise_id=principal.enterprise_id)
        case Role.CITY_OFFICIAL:
            return certifications.filter(enterprise__city_id=principal.city_id)
    return certifications.none()
