"""The city's incentives: integration-enterprise certifications in every status (some refused enterprises apply
again), and the investments in education that certification rewards."""

import datetime
from decimal import Decimal

from demo.context import EnterpriseRecord, SeedContext
from demo.vocabulary import (
    BASE_FIELD_WORDS,
    CERTIFICATION_REJECTIONS,
    CERTIFICATION_REVOCATIONS,
    INVESTMENT_DESCRIPTIONS,
    SECTOR_FIELDS,
)
from enterprises.choices import EnterpriseSize, InvestmentPurpose
from evaluation.choices import CertificationStatus

STATUS_WEIGHTS = {
    CertificationStatus.CERTIFIED: 45,
    CertificationStatus.APPLIED: 25,
    CertificationStatus.REJECTED: 15,
    CertificationStatus.REVOKED: 15,
}
APPLYING_SHARE = {
    EnterpriseSize.LARGE: 0.7,
    EnterpriseSize.MEDIUM: 0.35,
    EnterpriseSize.SMALL: 0.1,
    EnterpriseSize.MICRO: 0.02,
}
REAPPLYING_SHARE = 0.4
FIRST_APPLICATION = datetime.date(2019, 6, 1)
PURPOSE_WEIGHTS = {
    InvestmentPurpose.EQUIPMENT: 30,
    InvestmentPurpose.TRAINING_BASE: 15,
    InvestmentPurpose.SCHOLARSHIP: 20,
    InvestmentPurpose.CURRICULUM: 15,
    InvestmentPurpose.TEACHER_TRAINING: 10,
    InvestmentPurpose.RESEARCH: 10,
}
PURPOSE_AMOUNTS = {
    InvestmentPurpose.EQUIPMENT: (100_000, 3_000_000),
    InvestmentPurpose.TRAINING_BASE: (500_000, 5_000_000),
    InvestmentPurpose.SCHOLARSHIP: (20_000, 200_000),
    InvestmentPurpose.CURRICULUM: (50_000, 300_000),
    InvestmentPurpose.TEACHER_TRAINING: (30_000, 200_000),
    InvestmentPurpose.RESEARCH: (100_000, 2_000_000),
}
UNCERTIFIED_INVESTING_SHARE = 0.1


def build_certifications(ctx: SeedContext) -> set[int]:
    """Applications, mostly of larger enterprises; the first few always apply, so every status occurs and the demo
    enterprise is certified. Returns the ids of the enterprises ever certified."""
    rng, as_of = ctx.rng, ctx.as_of
    status_of = ctx.picker(STATUS_WEIGHTS)
    certified: set[int] = set()
    for enterprise in ctx.enterprises:
        if enterprise.index >= len(STATUS_WEIGHTS) and rng.random() >= APPLYING_SHARE[enterprise.size]:
            continue
        status = status_of()
        days = datetime.timedelta
        if status == CertificationStatus.APPLIED:
            _certification(ctx, enterprise, status, as_of - days(rng.randint(0, 90)))
            continue
        # A revoked certification needs room for at least half a year of validity before the reference date.
        latest = as_of - days(520 if status == CertificationStatus.REVOKED else 130)
        settled = _certification(ctx, enterprise, status, ctx.day_between(FIRST_APPLICATION, latest))
        if status != CertificationStatus.REJECTED:
            certified.add(enterprise.id)
        if status == CertificationStatus.CERTIFIED or rng.random() >= REAPPLYING_SHARE:
            continue
        again = settled + days(rng.randint(30, 365))
        if again > as_of:
            continue
        if again <= as_of - days(150) and rng.random() < 0.5:
            _certification(ctx, enterprise, CertificationStatus.CERTIFIED, again)
            certified.add(enterprise.id)
        else:
            _certification(ctx, enterprise, CertificationStatus.APPLIED, again)
    return certified


def _certification(ctx: SeedContext, enterprise: EnterpriseRecord, status: str, applied_on: datetime.date):
    """Write one application and return the day its fate was settled (decided, or revoked)."""
    rng = ctx.rng
    decided_on = revoked_on = decided_by = revoked_by = None
    reason = ""
    settled = applied_on
    if status != CertificationStatus.APPLIED:
        decided_on = settled = applied_on + datetime.timedelta(days=rng.randint(30, 120))
        decided_by = rng.choice(ctx.officials)
    if status == CertificationStatus.REJECTED:
        reason = rng.choice(CERTIFICATION_REJECTIONS)
    elif status == CertificationStatus.REVOKED:
        revoked_on = settled = ctx.day_between(decided_on + datetime.timedelta(days=180), ctx.as_of)
        revoked_by = rng.choice(ctx.officials)
        reason = rng.choice(CERTIFICATION_REVOCATIONS)
    ctx.tables.certifications.add(
        enterprise.id,
        status,
        ctx.moment(applied_on),
        rng.choice(enterprise.staff).user_id,
        ctx.moment(decided_on) if decided_on else None,
        decided_by,
        ctx.moment(revoked_on) if revoked_on else None,
        revoked_by,
        reason,
        {},
    )
    return settled


def build_investments(ctx: SeedContext, certified: set[int]) -> None:
    """One to four investments by each enterprise ever certified and a few others, mostly into partner colleges."""
    rng = ctx.rng
    purpose_of = ctx.picker(PURPOSE_WEIGHTS)
    for enterprise in ctx.enterprises:
        if enterprise.id not in certified and rng.random() >= UNCERTIFIED_INVESTING_SHARE:
            continue
        field = BASE_FIELD_WORDS[SECTOR_FIELDS[enterprise.sector]]
        for _ in range(rng.randint(1, 4)):
            purpose = purpose_of()
            partners = list(enterprise.partners)
            college = ctx.colleges[rng.choice(partners)] if partners and rng.random() < 0.8 else None
            ctx.tables.investments.add(
                enterprise.id,
                college.id if college else None,
                Decimal(rng.randrange(*PURPOSE_AMOUNTS[purpose], 1000)),
                ctx.day_between(datetime.date(2019, 1, 1), ctx.as_of),
                purpose,
                INVESTMENT_DESCRIPTIONS[purpose].format(field=field, brand=enterprise.brand),
            )
