"""Panels on a placement's page (partnerships): the mentor evaluations of its intern, and the way to add one."""

from django.urls import reverse

from common.panels import panel
from evaluation.panels.students import evaluation_rows, rubric_headings
from evaluation.selectors import mentor_evaluation_list
from partnerships.choices import PlacementStatus
from partnerships.models import Placement


@panel(Placement, template="evaluation/panels/mentor_evaluations.html", order=10)
def placement_mentor_evaluations(placement: Placement, principal) -> dict:
    evaluations = mentor_evaluation_list(principal=principal).filter(placement=placement).order_by("-period", "-pk")
    # The host enterprise's staff are offered the form; the page refuses those who are not mentors, saying so.
    may_evaluate = placement.status != PlacementStatus.CANCELLED and principal.enterprise_id == (
        placement.posting.enterprise_id
    )
    return {
        "rows": evaluation_rows(evaluations),
        "headings": rubric_headings(),
        "evaluate_url": reverse("evaluation:mentorevaluation_create", args=[placement.pk]) if may_evaluate else "",
    }
