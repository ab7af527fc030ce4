"""Panels on a student's page (colleges) and on an applicant's (partnerships): the student's applications and
placements, their mentor evaluations, and their talent score with its components and trend.

Each panel reads through the selectors in the reader's scope, in a fixed number of queries however many rows the
student has.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from colleges.models import Student
from common.panels import panel
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation, TalentScore
from evaluation.selectors import (
    mentor_evaluation_list,
    score_as_of,
    talent_score_inputs,
    talent_score_list,
    talent_score_snapshot_list,
)
from partnerships.models import Application
from partnerships.selectors import application_list, placement_list

# What each component of the talent score measures (docs/scoring.md), beside its value.
TALENT_COMPONENT_DESCRIPTIONS = {
    "practice": _("Practice hours against the hours the program requires."),
    "certificates": _("1+X certificates earned, each at its highest level."),
    "mentor": _("Mentor evaluations' rubric averages, recent ones weighing more."),
    "placement": _("The best outcome of the student's placements: hired, completed, active or cancelled."),
}


def rubric_marks(evaluation: MentorEvaluation) -> list[tuple[str, int]]:
    """The label and mark of each rubric item of ``evaluation``, in the rubric's order."""
    return [(evaluation._meta.get_field(field).verbose_name, getattr(evaluation, field)) for field in RUBRIC_FIELDS]


def evaluation_rows(evaluations) -> list[dict]:
    """Each evaluation with its marks and their mean, for the evaluations' table."""
    rows = []
    for evaluation in evaluations:
        marks = rubric_marks(evaluation)
        rows.append({"evaluation": evaluation, "marks": marks, "mean": sum(mark for _, mark in marks) / len(marks)})
    return rows


def rubric_headings() -> list[str]:
    return [MentorEvaluation._meta.get_field(field).verbose_name for field in RUBRIC_FIELDS]


@panel(Student, template="evaluation/panels/student_placements.html", order=20)
def student_placements(student: Student, principal) -> dict:
    """The student's applications and placements, newest first."""
    return {
        "applications": application_list(principal=principal).filter(student=student).order_by("-submitted_at"),
        "placements": placement_list(principal=principal).filter(student=student).order_by("-starts_on"),
    }


@panel(Student, template="evaluation/panels/mentor_evaluations.html", order=30)
def student_mentor_evaluations(student: Student, principal) -> dict:
    evaluations = (
        mentor_evaluation_list(principal=principal)
        .filter(placement__student=student)
        .select_related("placement__posting__enterprise")
        .order_by("-period", "-pk")
    )
    return {"rows": evaluation_rows(evaluations), "headings": rubric_headings(), "show_posting": True}


# The outcomes of a placement the talent score credits, best first, with the parameter giving each its value.
PLACEMENT_OUTCOMES = {
    "hired": _("hired after a placement"),
    "completed": _("a placement completed"),
    "active": _("a placement under way"),
    "cancelled": _("only cancelled placements"),
}


def talent_input_words(talent: TalentScore, inputs: dict, as_of: datetime.date) -> dict[str, str]:
    """What each component was computed from as of ``as_of``, in plain words (docs/scoring.md states the rules)."""
    day = date_format(as_of, "DATE_FORMAT")
    parameters = talent.scoring_model.parameters
    words = {
        "practice": _("Practice hours: %(hours)s; the program requires none.") % {"hours": inputs["practice_hours"]},
        "certificates": _("1+X certificates awarded by %(day)s: %(count)s.")
        % {"count": inputs["certificates"], "day": day},
        "mentor": _("No mentor evaluation written by %(day)s.") % {"day": day},
        "placement": _("No placement under way, completed or cancelled by %(day)s.") % {"day": day},
    }
    if inputs["required_practice_hours"]:
        words["practice"] = _("Practice hours: %(hours)s of the %(required)s the program requires.") % {
            "hours": inputs["practice_hours"],
            "required": inputs["required_practice_hours"],
        }
    if inputs["evaluations"]:
        words["mentor"] = _("Mentor evaluations written by %(day)s: %(count)s, the latest for %(month)s.") % {
            "count": inputs["evaluations"],
            "day": day,
            "month": date_format(inputs["last_period"], "YEAR_MONTH_FORMAT"),
        }
    outcome = next((label for name, label in PLACEMENT_OUTCOMES.items() if talent.placement == parameters[name]), None)
    if talent.placement and outcome:
        words["placement"] = _("Best outcome by %(day)s: %(outcome)s.") % {"day": day, "outcome": outcome}
    return words


def talent(student_id: int, principal) -> dict:
    """The student's current talent score (None if not scored yet), its components with what each was computed
    from, the day it counts as of, and its trend."""
    score = talent_score_list(principal=principal).filter(student_id=student_id).first()
    components, as_of = [], None
    if score is not None:
        as_of = score_as_of(score)
        inputs = talent_score_inputs(talent=score)
        words = talent_input_words(score, inputs, as_of) if inputs else {}
        weights = score.scoring_model.weights
        components = [
            {
                "label": TalentScore._meta.get_field(name).verbose_name,
                "description": description,
                "value": getattr(score, name),
                "weight": weights.get(name),
                "inputs": words.get(name, ""),
            }
            for name, description in TALENT_COMPONENT_DESCRIPTIONS.items()
        ]
    return {
        "talent": score,
        "as_of": as_of,
        "components": components,
        "trend": talent_score_snapshot_list(student_id=student_id),
    }


@panel(Student, template="evaluation/panels/talent_score.html", order=10)
def student_talent(student: Student, principal) -> dict:
    return talent(student.pk, principal)


@panel(Application, template="evaluation/panels/talent_score.html", order=10)
def applicant_talent(application: Application, principal) -> dict:
    """The applicant's talent score: part of the public profile an enterprise weighs an application by."""
    return talent(application.student_id, principal)
