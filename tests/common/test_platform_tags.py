"""The pages' template helpers: a field's value as a person reads it."""

from django.utils import translation

from colleges.models import Program, Student
from common.templatetags.platform import field_row


def test_a_year_is_shown_as_a_label_and_an_amount_with_the_locale_s_grouping():
    with translation.override("en"):
        assert "<dd>2024</dd>" in field_row(Student(cohort_year=2024), "cohort_year")
        assert "<dd>1,200</dd>" in field_row(Program(required_practice_hours=1200), "required_practice_hours")
