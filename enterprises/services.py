"""Writes of the enterprises app. Each validates the whole row (fields and constraints) before it touches the table.

A posting's lifecycle is in ``partnerships.services.postings``: closing and filling a posting end its applications,
which the partnerships app holds (docs/architecture.md).
"""

from common.services import model_create, model_update
from enterprises.models import EducationInvestment, Enterprise, TalentDemand


def enterprise_update(*, enterprise: Enterprise, **changes) -> Enterprise:
    return model_update(enterprise, **changes)


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
