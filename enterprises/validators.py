"""Validation of the unified social credit code (统一社会信用代码) defined by GB 32100-2015."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 31 characters a code may use: digits and capital letters without I, O, S, V and Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_CODE_LENGTH = 18


def credit_code_check_character(first17: str) -> str:
    """The check character (position 18) of a credit code, computed with modulus 31 over the first 17."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Reject a string that is not a well-formed credit code, saying exactly what is wrong with it."""
    if len(value) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)d."),
            code="length",
            params={"length": len(value)},
        )
    for position, char in enumerate(value, start=1):
        if char not in CREDIT_CODE_ALPHABET:
            raise ValidationError(
                _(
                    "Character %(position)d (%(char)s) is not allowed: "
                    "use digits and capital letters except I, O, S, V and Z."
                ),
                code="characters",
                params={"position": position, "char": char},
            )
    if not value[2:8].isdigit():
        raise ValidationError(
            _("Characters 3–8 are the administrative division code and must be digits."),
            code="division",
        )
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("The check character should be %(expected)s, not %(actual)s: the code is mistyped."),
            code="check_character",
            params={"expected": expected, "actual": value[17]},
        )
