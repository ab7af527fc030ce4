"""Writes of the cities app. Each validates the whole row (fields, constraints, the model's ``clean``) before it
touches the table.

The academic calendar and the internship rules are the city's, kept by its officials (pages and API) and by the
platform admin (Django admin), all through these services. What a change means for postings is in
docs/workflows.md: a posting is checked against the calendar and the rules when it opens or its ruled values change,
so a change here never undoes a posting already open or a placement already made.
"""

from django.db import transaction

from cities.models import AcademicTerm, City, InternshipRules, Skill
from common.services import model_create, model_update


def skill_create(**fields) -> Skill:
    """Add a skill to the shared vocabulary; a name that exists already (in any case) is refused."""
    return model_create(Skill, **fields)


def _lock_calendar(city_id: int) -> None:
    """Hold the city's row until the transaction ends, so that two terms written at once cannot both pass the
    overlap check (``AcademicTerm.clean``) against a calendar that has neither."""
    City.objects.select_for_update().filter(pk=city_id).first()


@transaction.atomic
def academic_term_create(*, city_id: int, **fields) -> AcademicTerm:
    """Add a term to the city's calendar; one that ends before it starts, shares days with another term of the
    city or repeats a name is refused with a message on the field at fault."""
    _lock_calendar(city_id)
    return model_create(AcademicTerm, city_id=city_id, **fields)


@transaction.atomic
def academic_term_update(*, term: AcademicTerm, **changes) -> AcademicTerm:
    """Rename a term or move its dates, under the same checks as a new one."""
    _lock_calendar(term.city_id)
    return model_update(term, **changes)


@transaction.atomic
def academic_term_delete(*, term: AcademicTerm) -> None:
    """Take a term out of the calendar: no posting can open in its days any more, while those already open keep
    their dates and their placements (nothing points at a term)."""
    _lock_calendar(term.city_id)
    term.delete()


@transaction.atomic
def internship_rules_update(*, city_id: int, **changes) -> InternshipRules:
    """Set the city's thresholds; a city that had kept the national defaults gets its own row, starting from them.
    Postings are held to the new values when they open or change what the rules read (docs/workflows.md)."""
    rules = InternshipRules.objects.select_for_update().filter(city_id=city_id).first()
    return model_update(rules or InternshipRules(city_id=city_id), **changes)
