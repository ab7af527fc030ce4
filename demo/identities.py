"""Names and identifiers of people and organisations: Chinese names, mobile numbers, citizen ID numbers
(GB 11643-1999) and unified social credit codes (GB 32100-2015), each valid and unique within the seed."""

import datetime
import random

from colleges.validators import national_id_check_character
from demo.vocabulary import (
    BIRTHPLACE_SHARES,
    BRAND_CHARACTERS,
    GIVEN_NAME_CHARACTERS,
    MOBILE_PREFIXES,
    OTHER_PROVINCE_BIRTHPLACES,
    SURNAMES,
    CityProfile,
)
from enterprises.validators import CREDIT_CODE_ALPHABET, credit_code_check_character

# GB 11714-1997: the organisation code (characters 9–17 of a credit code) carries its own check character.
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def expand_weights(pairs) -> list:
    """A list where each value appears as often as its weight, so that ``rng.choice`` on it is a weighted draw."""
    return [value for value, weight in pairs for _ in range(weight)]


def organisation_code_check_character(first8: str) -> str:
    total = sum(int(char, 36) * weight for char, weight in zip(first8, ORGANISATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


class Identities:
    """Makes names and identifiers from the seed's random source, remembering those given out to keep them unique."""

    def __init__(self, rng: random.Random, city: CityProfile):
        self.rng = rng
        self.surnames = expand_weights(SURNAMES)
        self.given = {
            True: GIVEN_NAME_CHARACTERS["female"] + GIVEN_NAME_CHARACTERS["any"],
            False: GIVEN_NAME_CHARACTERS["male"] + GIVEN_NAME_CHARACTERS["any"],
        }
        birthplaces = (
            tuple(district.division_code for district in city.districts),
            city.province_birthplaces,
            OTHER_PROVINCE_BIRTHPLACES,
        )
        self.birthplaces = expand_weights(
            (code, share) for codes, share in zip(birthplaces, BIRTHPLACE_SHARES, strict=True) for code in codes
        )
        self.birthdays: dict[int, list[str]] = {}
        self.national_ids: set[int] = set()
        self.credit_codes: set[str] = set()

    def person(self, female: bool) -> tuple[str, str]:
        """(surname, given name): the given name is two characters four times in five."""
        rng = self.rng
        given = self.given[female]
        name = rng.choice(given) + rng.choice(given) if rng.random() < 0.8 else rng.choice(given)
        return rng.choice(self.surnames), name

    def brand(self) -> str:
        """A trade name (字号) of two different characters."""
        return "".join(self.rng.sample(BRAND_CHARACTERS, 2))

    def mobile(self) -> str:
        return f"{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randrange(100_000_000):08d}"

    def national_id(self, birth_year: int, female: bool) -> str:
        """A citizen ID number of someone born in ``birth_year``; the 17th digit is even for women, odd for men."""
        rng = self.rng
        days = self.birthdays.get(birth_year) or self._days_of(birth_year)
        while True:
            first17 = f"{rng.choice(self.birthplaces)}{rng.choice(days)}{rng.randrange(500) * 2 + (not female):03d}"
            key = int(first17)
            if key not in self.national_ids:
                self.national_ids.add(key)
                return first17 + national_id_check_character(first17)

    def credit_code(self, division_code: str) -> str:
        """A credit code of an enterprise registered (类别 91) in ``division_code``; newer ones start with MA."""
        rng = self.rng
        while True:
            if rng.random() < 0.4:
                body = "MA" + "".join(rng.choices(CREDIT_CODE_ALPHABET, k=6))
            else:
                body = f"{rng.randrange(10**8):08d}"
            first17 = f"91{division_code}{body}{organisation_code_check_character(body)}"
            code = first17 + credit_code_check_character(first17)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def _days_of(self, year: int) -> list[str]:
        first = datetime.date(year, 1, 1)
        days = (datetime.date(year + 1, 1, 1) - first).days
        self.birthdays[year] = [(first + datetime.timedelta(days=n)).strftime("%Y%m%d") for n in range(days)]
        return self.birthdays[year]
