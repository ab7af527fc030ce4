import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import CREDIT_CODE_ALPHABET, validate_credit_code
from tests.enterprises.factories import EnterpriseFactory

# Codes of real registered companies, as printed on their business licences.
REAL_CODES = [
    "91350100M000100Y43",
    "91440300708461136T",
    "914403001922038216",
    "91110108551385082Q",
    "91440300192317458F",
    "91330100799655058B",
    "91110000710935732K",
]
VALID = REAL_CODES[0]


def other_check_character(code: str) -> str:
    """``code`` with its last character replaced by the next one of the alphabet: a typical typo."""
    position = CREDIT_CODE_ALPHABET.index(code[-1])
    return code[:-1] + CREDIT_CODE_ALPHABET[(position + 1) % len(CREDIT_CODE_ALPHABET)]


def error_of(code: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    return error.value


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_are_accepted(code):
    validate_credit_code(code)


@pytest.mark.parametrize("code", [VALID[:-1], VALID + "0"], ids=["17", "19"])
def test_wrong_length_is_rejected_with_the_length(code):
    error = error_of(code)

    assert error.code == "length"
    assert f"this one has {len(code)}" in error.messages[0]


@pytest.mark.parametrize("char", ["I", "O", "S", "V", "Z", "m", " "])
def test_character_outside_the_alphabet_is_rejected_naming_it(char):
    error = error_of(VALID[:9] + char + VALID[10:])

    assert error.code == "characters"
    assert error.messages[0].startswith(f"Character 10 ({char}) is not allowed")


def test_lowercase_code_is_rejected_at_its_first_letter():
    error = error_of(VALID.lower())

    assert (error.code, error.messages[0][:15]) == ("characters", "Character 9 (m)")


@pytest.mark.parametrize("position", range(2, 8), ids=lambda position: f"character-{position + 1}")
def test_letter_in_the_division_code_is_rejected(position):
    error = error_of(VALID[:position] + "A" + VALID[position + 1 :])

    assert error.code == "division"
    assert "Characters 3–8" in error.messages[0]


@pytest.mark.parametrize("code", REAL_CODES)
def test_wrong_check_character_is_rejected_naming_the_expected_one(code):
    mistyped = other_check_character(code)

    error = error_of(mistyped)

    assert error.code == "check_character"
    assert error.messages[0].startswith(f"The check character should be {code[-1]}, not {mistyped[-1]}")


def test_enterprise_validation_rejects_a_mistyped_credit_code(db):
    enterprise = EnterpriseFactory.build(credit_code=other_check_character(VALID))

    with pytest.raises(ValidationError) as error:
        enterprise.full_clean(exclude=["city", "sector"])

    assert error.value.error_dict["credit_code"][0].code == "check_character"


@pytest.mark.parametrize("code", [VALID.lower(), VALID[:-1]], ids=["lowercase", "17-characters"])
def test_database_refuses_a_malformed_credit_code(refused_by_database, code):
    with refused_by_database("enterprise_credit_code_shape"):
        EnterpriseFactory(credit_code=code)
