"""Panels on a student's page (colleges) and on an applicant's (partnerships): the student's applications and
placements, their mentor evaluations, and their talent score with its components and trend.

Each panel reads through the selectors in the reader's scope, in a fixed number of queries however many rows the
student has.
"""

from django.utils.translation import gettext_lazy as _

from colleges.models import Student
from common.panels import panel
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation, TalentScore
from evaluation.selectors import mentor_evaluation_list, talent_score_list, talent_score_snapshot_list
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


def talent(student_id: int, principal) -> dict:
    """The student's current talent score (None if not scored yet), its components and its trend."""
    score = talent_score_list(principal=principal).filter(student_id=student_id).first()
    components = []
    if score is not None:
        weights = score.scoring_model.weights
        components = [
            {
                "label": TalentScore._meta.get_field(name).verbose_name,
                "description": description,
                "value": getattr(score, name),
                "weight": weights.get(name),
            }
            for name, description in TALENT_COMPONENT_DESCRIPTIONS.items()
        ]
    return {"talent": score, "components": components, "trend": talent_score_snapshot_list(student_id=student_id)}


@panel(Student, template="evaluation/panels/talent_score.html", order=10)
def student_talent(student: Student, principal) -> dict:
    return talent(student.pk, principal)


@panel(Application, template="evaluation/panels/talent_score.html", order=10)
def applicant_talent(application: Application, principal) -> dict:
    """The applicant's talent score: part of the public profile an enterprise weighs an application by."""
    return talent(application.student_id, principal)
