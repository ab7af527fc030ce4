import datetime

import pytest
from django.core.exceptions import ValidationError

from cities.choices import SectorLevel
from cities.models import City, IndustrySector, Skill
from tests.cities.factories import (
    AcademicTermFactory,
    CityFactory,
    DivisionFactory,
    InternshipRulesFactory,
    SectionFactory,
    SkillFactory,
)

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    pytest.param(DivisionFactory, {"parent": None}, "sector_section_or_division_shape", id="division-without-section"),
    pytest.param(SectionFactory, {"code": "U"}, "sector_section_or_division_shape", id="section-letter-past-T"),
    pytest.param(CityFactory, {"pilot_batch_year": 2016}, "city_pilot_year_plausible", id="pilot-before-2017"),
    pytest.param(CityFactory, {"pilot_batch_year": 2101}, "city_pilot_year_plausible", id="pilot-after-2100"),
    pytest.param(CityFactory, {"incentive_rate": "1.5"}, "city_incentive_rate_between_0_and_1", id="rate-above-1"),
    pytest.param(
        InternshipRulesFactory, {"max_daily_hours": 0}, "internship_rules_daily_hours_in_a_day", id="no-hours"
    ),
    pytest.param(
        InternshipRulesFactory, {"minimum_monthly_stipend": -1}, "internship_rules_stipend_not_negative", id="stipend"
    ),
    pytest.param(
        InternshipRulesFactory, {"minimum_age": 15}, "internship_rules_minimum_age_at_least_16", id="age-under-16"
    ),
    pytest.param(
        AcademicTermFactory, {"ends_on": datetime.date(2026, 9, 1)}, "academic_term_ends_after_start", id="empty-term"
    ),
]
# (factory, fields a second row repeats from the first, the unique constraint's name)
UNIQUES = [
    pytest.param(CityFactory, ["province", "name"], "city_unique_per_province", id="city-twice-in-a-province"),
    pytest.param(AcademicTermFactory, ["city", "name"], "academic_term_name_unique_per_city", id="term-twice"),
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


def test_skill_names_are_unique_ignoring_case(refused_by_database):
    SkillFactory(name="PLC programming")

    with refused_by_database("skill_name_unique_ci"):
        Skill.objects.create(name="plc Programming")


def test_every_constraint_of_the_app_has_a_case(app_constraint_names):
    tested = {case.values[-1] for case in CHECKS + UNIQUES} | {"skill_name_unique_ci"}

    assert tested == app_constraint_names("cities")


def test_same_city_name_in_another_province_is_accepted(db):
    CityFactory(name="Taizhou", province="Jiangsu")
    CityFactory(name="Taizhou", province="Zhejiang")

    assert City.objects.filter(name="Taizhou").count() == 2


def test_model_validation_reports_the_checks_message(db):
    city = CityFactory.build(pilot_batch_year=2016)

    with pytest.raises(ValidationError) as error:
        city.full_clean()

    assert error.value.message_dict["__all__"] == ["The pilot batch year must be between 2017 and 2100."]


def test_migration_loads_gbt_4754_2017_sections_and_divisions(db):
    sections = IndustrySector.objects.filter(level=SectorLevel.SECTION)
    divisions = IndustrySector.objects.filter(level=SectorLevel.DIVISION)

    assert list(sections.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRST")
    assert divisions.count() == 97
    assert not divisions.filter(parent__isnull=True).exists()
    assert not IndustrySector.objects.filter(name_zh="").exists()
    assert not IndustrySector.objects.filter(name_en="").exists()
    electronics = divisions.select_related("parent").get(code="39")
    assert (electronics.parent.code, electronics.name_zh) == ("C", "计算机、通信和其他电子设备制造业")
    assert electronics.name_en == "Manufacture of computers, communication and other electronic equipment"
