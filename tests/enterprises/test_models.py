import datetime

import pytest
from django.db.models import F

from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseFactory,
    EnterpriseStaffFactory,
    PostingFactory,
    TalentDemandFactory,
)

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    pytest.param(PostingFactory, {"filled_slots": 6}, "posting_never_overbooked", id="more-placed-than-slots"),
    pytest.param(
        EnterpriseFactory, {"credit_code": "91350100M0001O0Y43"}, "enterprise_credit_code_shape", id="letter-O"
    ),
    pytest.param(EducationInvestmentFactory, {"amount": 0}, "investment_amount_positive", id="investment-0"),
    pytest.param(PostingFactory, {"slots": 0}, "posting_slots_positive", id="no-slots"),
    pytest.param(PostingFactory, {"ends_on": F("starts_on")}, "posting_ends_after_start", id="ends-on-start"),
    pytest.param(
        PostingFactory,
        {"deadline": F("starts_on") + datetime.timedelta(days=1)},
        "posting_deadline_before_start",
        id="deadline-after-start",
    ),
    pytest.param(PostingFactory, {"daily_hours": 0}, "posting_daily_hours_in_a_day", id="0-hours"),
    pytest.param(PostingFactory, {"daily_hours": "24.5"}, "posting_daily_hours_in_a_day", id="24.5-hours"),
    pytest.param(PostingFactory, {"stipend_monthly": -1}, "posting_stipend_not_negative", id="negative-stipend"),
    pytest.param(TalentDemandFactory, {"headcount": 0}, "talent_demand_headcount_positive", id="0-headcount"),
    pytest.param(TalentDemandFactory, {"year": 1999}, "talent_demand_year_plausible", id="demand-1999"),
    pytest.param(TalentDemandFactory, {"year": 2101}, "talent_demand_year_plausible", id="demand-2101"),
]
# (factory, fields a second row repeats from the first, the unique constraint's name)
UNIQUES = [
    pytest.param(EnterpriseFactory, ["city", "name"], "enterprise_name_unique_per_city", id="enterprise-name"),
    pytest.param(
        TalentDemandFactory, ["enterprise", "sector", "skill", "year"], "talent_demand_once_per_year", id="demand"
    ),
]


@pytest.mark.parametrize(("factory", "bad_values", "constraint"), CHECKS)
def test_database_refuses_a_row_that_breaks_a_check(refused_by_database, factory, bad_values, constraint):
    row = factory()

    with refused_by_database(constraint):
        type(row).objects.filter(pk=row.pk).update(**bad_values)


@pytest.mark.parametrize(("factory", "repeated_fields", "constraint"), UNIQUES)
def test_database_refuses_a_duplicate(refused_by_database, factory, repeated_fields, constraint):
    existing = factory()

    with refused_by_database(constraint):
        factory(**{field: getattr(existing, field) for field in repeated_fields})


def test_every_constraint_of_the_app_has_a_case(app_constraint_names):
    assert {case.values[-1] for case in CHECKS + UNIQUES} == app_constraint_names("enterprises")


@pytest.mark.parametrize(
    "factory",
    [
        EnterpriseFactory,
        EnterpriseStaffFactory,
        EducationInvestmentFactory,
        PostingFactory,
        TalentDemandFactory,
    ],
)
def test_factory_rows_pass_model_validation(db, factory):
    factory().full_clean()
