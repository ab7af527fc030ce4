"""Writes of the enterprises app. Each validates the whole row (fields and constraints) before it touches the table."""

from common.services import model_create, model_update
from enterprises.models import EducationInvestment, Enterprise, Posting, TalentDemand


def enterprise_update(*, enterprise: Enterprise, **changes) -> Enterprise:
    return model_update(enterprise, **changes)


def posting_create(*, enterprise_id: int, **fields) -> Posting:
    """Record a posting as a draft; it opens only through the compliance checks."""
    return model_create(Posting, enterprise_id=enterprise_id, **fields)


def posting_update(*, posting: Posting, **changes) -> Posting:
    return model_update(posting, **changes)


def posting_delete(*, posting: Posting) -> None:
    """Delete a posting and its applications; refused (409) once it has placements."""
    posting.delete()


def talent_demand_create(*, enterprise_id: int, **fields) -> TalentDemand:
    return model_create(TalentDemand, enterprise_id=enterprise_id, **fields)


def talent_demand_update(*, demand: TalentDemand, **changes) -> TalentDemand:
    return model_update(demand, **changes)


def talent_demand_delete(*, demand: TalentDemand) -> None:
    demand.delete()


def education_investment_create(*, enterprise_id: int, **fields) -> EducationInvestment:
    return model_create(EducationInvestment, enterprise_id=enterprise_id, **fields)


def education_investment_update(*, investment: EducationInvestment, **changes) -> EducationInvestment:
    return model_update(investment, **changes)


def education_investment_delete(*, investment: EducationInvestment) -> None:
    investment.delete()
