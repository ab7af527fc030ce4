"""Validators for identifiers colleges register: national ID numbers (GB 11643-1999) and mobile numbers."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

NATIONAL_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
NATIONAL_ID_CHECK_CHARACTERS = "10X98765432"


def national_id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of a citizen ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, NATIONAL_ID_WEIGHTS, strict=True))
    return NATIONAL_ID_CHECK_CHARACTERS[total % 11]


def national_id_birth_date(number: str) -> datetime.date:
    """The birth date encoded in characters 7–14 of a citizen ID number."""
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def validate_national_id(value: str) -> None:
    """Reject anything that is not an 18-character citizen ID number with a valid birth date and check character."""
    if len(value) != 18:
        raise ValidationError(
            _("A national ID number has 18 characters; this one has %(length)d."),
            code="length",
            params={"length": len(value)},
        )
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError(
            _("A national ID number is 17 digits followed by a digit or X."),
            code="characters",
        )
    try:
        national_id_birth_date(value)
    except ValueError as error:
        raise ValidationError(
            _("Characters 7–14 of a national ID number must be a real birth date."), code="birth_date"
        ) from error
    expected = national_id_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("The check character should be %(expected)s, not %(actual)s: the number is mistyped."),
            code="check_character",
            params={"expected": expected, "actual": value[17]},
        )


validate_mobile_phone = RegexValidator(
    r"^1[3-9][0-9]{9}$",
    _("Enter an 11-digit mainland mobile number starting with 13–19."),
    code="phone",
)
