"""The two write helpers every service uses: validate the whole row, then write it and its many-to-many fields."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from cities.models import Skill
from colleges.models import Program
from common.services import model_create, model_update
from tests.cities.factories import DivisionFactory, SkillFactory
from tests.colleges.factories import CertificateFactory, CollegeFactory, ProgramFactory


def program_fields(**overrides) -> dict:
    return {
        "college": CollegeFactory(),
        "catalogue_code": "460301",
        "name": "Industrial Robotics",
        "level": "higher_vocational",
        "annual_intake": 40,
        "training_objective": "Robot cell technicians.",
        "practical_credit_share": "0.5",
        "required_practice_hours": 600,
        **overrides,
    }


def test_model_create_saves_the_row_with_its_defaults_and_many_to_many_fields(db):
    sector, certificate = DivisionFactory(), CertificateFactory()

    program = model_create(Program, **program_fields(target_sectors=[sector], certificates=[certificate]))

    program.refresh_from_db()
    assert program.duration_years == 3
    assert list(program.target_sectors.all()) == [sector]
    assert list(program.certificates.all()) == [certificate]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        pytest.param(
            {"catalogue_code": "4603"},
            {NON_FIELD_ERRORS: ["A catalogue code is six digits, optionally followed by T or K."]},
            id="check-constraint",
        ),
        pytest.param({"level": "doctorate"}, {"level": ["Value 'doctorate' is not a valid choice."]}, id="choices"),
        pytest.param({"name": ""}, {"name": ["This field cannot be blank."]}, id="blank"),
    ],
)
def test_model_create_validates_fields_and_constraints_before_writing(db, overrides, errors):
    with pytest.raises(ValidationError) as refusal:
        model_create(Program, **program_fields(target_sectors=[DivisionFactory()], **overrides))

    assert refusal.value.message_dict == errors
    assert not Program.objects.exists()


def test_model_create_validates_a_unique_constraint_on_an_expression(db):
    SkillFactory(name="PLC programming")

    with pytest.raises(ValidationError) as refusal:
        model_create(Skill, name="plc PROGRAMMING")

    assert refusal.value.messages == ["A skill with this name already exists."]
    assert Skill.objects.count() == 1


def test_model_update_changes_plain_and_many_to_many_fields(db):
    program = ProgramFactory()
    program.target_sectors.set([DivisionFactory(code="39")])
    new_sector = DivisionFactory(code="38", name_en="Electrical machinery")

    model_update(program, name="Smart Manufacturing", target_sectors=[new_sector], certificates=[])

    program.refresh_from_db()
    assert program.name == "Smart Manufacturing"
    assert list(program.target_sectors.values_list("code", flat=True)) == ["38"]


def test_model_update_refuses_a_change_that_breaks_a_constraint_and_writes_nothing(db):
    sector = DivisionFactory()
    program = ProgramFactory(practical_credit_share="0.5")
    program.target_sectors.set([sector])

    with pytest.raises(ValidationError) as refusal:
        model_update(program, practical_credit_share="1.5", target_sectors=[])

    assert refusal.value.messages == ["The practical credit share is between 0 and 1."]
    program.refresh_from_db()
    assert str(program.practical_credit_share) == "0.500"
    assert list(program.target_sectors.all()) == [sector]


def test_model_update_checks_uniqueness_against_the_other_rows(db):
    first = ProgramFactory(catalogue_code="460301")
    second = ProgramFactory(college=first.college, catalogue_code="460302")

    with pytest.raises(ValidationError) as refusal:
        model_update(second, catalogue_code="460301")

    assert refusal.value.messages == ["Program with this College and Catalogue code already exists."]
