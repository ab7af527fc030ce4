import datetime

import pytest
from django.core.exceptions import ValidationError

from colleges.validators import (
    national_id_birth_date,
    national_id_check_character,
    validate_mobile_phone,
    validate_national_id,
)
from tests.colleges.factories import StudentFactory, national_id

WELL_KNOWN_ID = "11010519491231002X"  # The textbook example of GB 11643-1999: born 31 December 1949.


def error_of(validator, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validator(value)
    return error.value


@pytest.mark.parametrize(
    "number",
    [
        WELL_KNOWN_ID,
        national_id(1),
        national_id(7, born=datetime.date(2004, 2, 29)),
        national_id(999, born=datetime.date(1990, 12, 31)),
    ],
)
def test_valid_national_ids_are_accepted(number):
    validate_national_id(number)


def test_check_character_and_birth_date_of_the_well_known_example():
    assert national_id_check_character(WELL_KNOWN_ID[:17]) == "X"
    assert national_id_birth_date(WELL_KNOWN_ID) == datetime.date(1949, 12, 31)


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        pytest.param(WELL_KNOWN_ID[:-1], "length", "this one has 17", id="17-characters"),
        pytest.param(WELL_KNOWN_ID + "1", "length", "this one has 19", id="19-characters"),
        pytest.param("110105194912310A2X", "characters", "17 digits followed by a digit or X", id="letter-inside"),
        pytest.param(WELL_KNOWN_ID[:-1] + "x", "characters", "17 digits followed by a digit or X", id="lowercase-x"),
        pytest.param("110105202302300025", "birth_date", "must be a real birth date", id="born-30-february"),
        pytest.param("110105194913310020", "birth_date", "must be a real birth date", id="born-in-month-13"),
        pytest.param(WELL_KNOWN_ID[:-1] + "1", "check_character", "should be X, not 1", id="wrong-check"),
    ],
)
def test_invalid_national_ids_are_rejected_saying_why(number, code, message):
    error = error_of(validate_national_id, number)

    assert error.code == code
    assert message in error.messages[0]


@pytest.mark.parametrize("phone", ["13912345678", "15000000000", "19987654321"])
def test_mainland_mobile_numbers_are_accepted(phone):
    validate_mobile_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        pytest.param("12912345678", id="second-digit-2"),
        pytest.param("23912345678", id="not-starting-with-1"),
        pytest.param("1391234567", id="10-digits"),
        pytest.param("139123456789", id="12-digits"),
        pytest.param("+8613912345678", id="country-code"),
        pytest.param("139 1234 5678", id="spaces"),
        pytest.param("1391234567a", id="letter"),
    ],
)
def test_other_phone_numbers_are_rejected(phone):
    assert error_of(validate_mobile_phone, phone).code == "phone"


def test_student_validation_rejects_a_mistyped_national_id(db):
    student = StudentFactory()
    student.national_id = WELL_KNOWN_ID[:-1] + "1"

    with pytest.raises(ValidationError) as error:
        student.full_clean()

    assert error.value.error_dict["national_id"][0].code == "check_character"
