import datetime
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from enterprises.choices import CertificationStatus
from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseFactory,
    EnterpriseStaffFactory,
    IntegrationCertificationFactory,
    PostingFactory,
    TalentDemandFactory,
)

LATER = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    pytest.param(PostingFactory, {"filled_slots": 6}, "posting_never_overbooked", id="more-placed-than-slots"),
    pytest.param(
        EnterpriseFactory, {"credit_code": "91350100M0001O0Y43"}, "enterprise_credit_code_shape", id="letter-O"
    ),
    pytest.param(
        IntegrationCertificationFactory,
        {"status": CertificationStatus.CERTIFIED},
        "certification_decision_recorded",
        id="certified-without-decision",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, certified=True),
        {"decided_at": F("applied_at") - datetime.timedelta(days=1)},
        "certification_decision_recorded",
        id="decided-before-applied",
    ),
    pytest.param(
        IntegrationCertificationFactory,
        {"revoked_at": LATER},
        "certification_revocation_recorded",
        id="revocation-date-while-applied",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, revoked=True),
        {"revoked_by": None},
        "certification_revocation_recorded",
        id="revoked-by-nobody",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, rejected=True),
        {"reason": ""},
        "certification_refusal_has_reason",
        id="rejected-without-reason",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, revoked=True),
        {"reason": ""},
        "certification_refusal_has_reason",
        id="revoked-without-reason",
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
        IntegrationCertificationFactory,
        ["enterprise"],
        "certification_one_open_per_enterprise",
        id="second-open-application",
    ),
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


@pytest.mark.parametrize("closed", ["rejected", "revoked"])
def test_enterprise_may_apply_again_after_rejection_or_revocation(db, closed):
    previous = IntegrationCertificationFactory(**{closed: True})

    IntegrationCertificationFactory(enterprise=previous.enterprise)

    assert previous.enterprise.certifications.count() == 2


@pytest.mark.parametrize(
    "factory",
    [
        EnterpriseFactory,
        EnterpriseStaffFactory,
        IntegrationCertificationFactory,
        partial(IntegrationCertificationFactory, certified=True),
        partial(IntegrationCertificationFactory, rejected=True),
        partial(IntegrationCertificationFactory, revoked=True),
        EducationInvestmentFactory,
        PostingFactory,
        TalentDemandFactory,
    ],
)
def test_factory_rows_pass_model_validation(db, factory):
    factory().full_clean()


def test_model_validation_reports_the_checks_message(db):
    certification = IntegrationCertificationFactory(rejected=True)
    certification.reason = ""

    with pytest.raises(ValidationError) as error:
        certification.full_clean()

    assert error.value.message_dict["__all__"] == ["A rejection or revocation needs a reason."]


# A comparison with NULL is unknown and a check passes unless it is false, so the checks test for NULL first.
@pytest.mark.parametrize(
    ("trait", "date_field", "constraint"),
    [
        ("certified", "decided_at", "certification_decision_recorded"),
        ("revoked", "revoked_at", "certification_revocation_recorded"),
    ],
)
def test_database_refuses_a_decision_without_its_date(refused_by_database, trait, date_field, constraint):
    certification = IntegrationCertificationFactory(**{trait: True})

    with refused_by_database(constraint):
        type(certification).objects.filter(pk=certification.pk).update(**{date_field: None})
