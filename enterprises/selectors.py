"""Reads of the enterprises app, each scoped to what the principal may see (docs/permissions.md)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.principals import Principal
from accounts.scopes import in_city, own, scoped
from enterprises.choices import PostingStatus
from enterprises.models import EducationInvestment, Enterprise, Posting, TalentDemand

# The certification is evaluation's (a higher app): its rows are reached through the reverse relation it declares,
# and its status by value, pinned to evaluation.choices.CertificationStatus.CERTIFIED by a test.
CERTIFIED = "certified"


def certified(enterprise_path: str) -> Exists:
    """Whether the enterprise at ``enterprise_path`` is a certified integration enterprise: marked wherever shown."""
    certifications = Enterprise._meta.get_field("certifications").related_model
    return Exists(certifications.objects.filter(enterprise_id=OuterRef(enterprise_path), status=CERTIFIED))


def enterprise_list(*, principal: Principal) -> QuerySet[Enterprise]:
    return scoped(
        Enterprise.objects.select_related("sector").annotate(is_certified=certified("pk")),
        principal,
        college_staff=in_city("city_id"),
        enterprise_staff=own("pk"),
        city_official=in_city("city_id"),
    )


def open_in_city(principal: Principal) -> Q:
    """The scope of college staff over postings: the open ones of their city."""
    return Q(enterprise__city_id=principal.city_id, status=PostingStatus.OPEN)


def posting_list(*, principal: Principal) -> QuerySet[Posting]:
    return scoped(
        Posting.objects.select_related("enterprise", "sector")
        .prefetch_related("skills")
        .annotate(enterprise_certified=certified("enterprise_id")),
        principal,
        college_staff=open_in_city,
        enterprise_staff=own("enterprise_id"),
        city_official=in_city("enterprise__city_id"),
    )


def talent_demand_list(*, principal: Principal) -> QuerySet[TalentDemand]:
    """Demand in scope: an enterprise's own; the whole city's for colleges (to align majors) and officials."""
    return scoped(
        TalentDemand.objects.select_related("sector", "skill"),
        principal,
        college_staff=in_city("enterprise__city_id"),
        enterprise_staff=own("enterprise_id"),
        city_official=in_city("enterprise__city_id"),
    )


def education_investment_list(*, principal: Principal) -> QuerySet[EducationInvestment]:
    return scoped(
        EducationInvestment.objects.all(),
        principal,
        enterprise_staff=own("enterprise_id"),
        city_official=in_city("enterprise__city_id"),
    )
