"""A step that needs a reason refuses a missing one the same way everywhere: a 400 on the ``reason`` field."""

import pytest
from django.core.exceptions import ValidationError

from accounts.principals import principal_of
from common.api.exceptions import exception_handler
from common.services import require_reason
from evaluation import services as evaluation_services
from partnerships.services import agreements
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.evaluation.factories import IntegrationCertificationFactory
from tests.partnerships.factories import CooperationAgreementFactory

MESSAGE = "Say why: the reason is kept with the record and told to the other side."


def test_a_reason_is_kept_without_its_surrounding_blanks():
    assert require_reason("  Plant closed. \n") == "Plant closed."


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_missing_reason_is_a_400_on_the_reason_field(reason):
    with pytest.raises(ValidationError) as error:
        require_reason(reason)

    answer = exception_handler(error.value, {})
    assert (answer.status_code, answer.data) == (400, {"reason": [MESSAGE]})


def terminate_agreement():
    agreement = CooperationAgreementFactory(active=True)
    staff = CollegeStaffFactory(college=agreement.college)
    return agreements.agreement_terminate, {"agreement": agreement, "principal": principal_of(staff.user)}


def decide_certification(service, **state):
    certification = IntegrationCertificationFactory(**state)
    official = CityOfficialFactory(city=certification.enterprise.city).user
    return service, {"certification": certification, "principal": principal_of(official)}


@pytest.mark.parametrize(
    "step",
    [
        terminate_agreement,
        lambda: decide_certification(evaluation_services.certification_reject),
        lambda: decide_certification(evaluation_services.certification_revoke, certified=True),
    ],
    ids=["agreement_terminate", "certification_reject", "certification_revoke"],
)
def test_every_step_that_needs_a_reason_refuses_a_blank_one_before_it_changes_anything(db, step):
    service, arguments = step()

    with pytest.raises(ValidationError) as error:
        service(**arguments, reason=" ")

    assert error.value.message_dict == {"reason": [MESSAGE]}
