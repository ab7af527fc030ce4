import pytest
from django.core.exceptions import ValidationError

from evaluation.models import RUBRIC_FIELDS
from partnerships.choices import Party
from tests.evaluation.factories import MentorEvaluationFactory, PartyRatingFactory

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    *(
        pytest.param(MentorEvaluationFactory, {field: mark}, f"mentor_evaluation_{field}_1_to_5", id=f"{field}={mark}")
        for field in RUBRIC_FIELDS
        for mark in (0, 6)
    ),
    pytest.param(PartyRatingFactory, {"score": 0}, "party_rating_score_1_to_5", id="score=0"),
    pytest.param(PartyRatingFactory, {"score": 6}, "party_rating_score_1_to_5", id="score=6"),
]
# (factory, fields a second row repeats from the first, the unique constraint's name)
UNIQUES = [
    pytest.param(
        MentorEvaluationFactory, ["placement", "period"], "mentor_evaluation_once_per_period", id="evaluated-twice"
    ),
    pytest.param(
        PartyRatingFactory, ["agreement", "rater_party", "period"], "party_rating_once_per_period", id="rated-twice"
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
    assert {case.values[-1] for case in CHECKS + UNIQUES} == app_constraint_names("evaluation")


def test_each_party_rates_the_other_once_per_period(db):
    college_rating = PartyRatingFactory(rater_party=Party.COLLEGE)

    PartyRatingFactory(agreement=college_rating.agreement, rater_party=Party.ENTERPRISE)

    assert college_rating.agreement.ratings.count() == 2


@pytest.mark.parametrize("factory", [MentorEvaluationFactory, PartyRatingFactory])
def test_factory_rows_pass_model_validation(db, factory):
    factory().full_clean()


def test_model_validation_reports_every_mark_out_of_range(db):
    evaluation = MentorEvaluationFactory()
    evaluation.teamwork, evaluation.innovation = 0, 6

    with pytest.raises(ValidationError) as error:
        evaluation.full_clean()

    assert error.value.message_dict["__all__"] == ["Marks are whole numbers from 1 to 5."] * 2
