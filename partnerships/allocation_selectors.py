"""Reads of city allocation rounds, each scoped to what the principal may see (docs/permissions.md): an official
their city's rounds, college staff the rounds their college takes part in, enterprise staff the rounds with one of
their postings. Within a round, a college sees its own students' choices and outcomes, an enterprise its postings'
applicants, rankings and outcomes, an official everything."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.principals import Principal
from accounts.scopes import in_city, scoped
from colleges.choices import StudentStatus
from colleges.models import Student
from colleges.privacy import MASKS
from enterprises.choices import PostingStatus
from partnerships.choices import LIVE_ROUNDS
from partnerships.models import (
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
)


def _taking_part(principal: Principal) -> Exists:
    """The scope of college and enterprise staff over rounds: those their organisation takes part in."""
    if principal.college_id is not None:
        return Exists(AllocationRoundCollege.objects.filter(round_id=OuterRef("pk"), college_id=principal.college_id))
    return Exists(
        AllocationRoundPosting.objects.filter(round_id=OuterRef("pk"), posting__enterprise_id=principal.enterprise_id)
    )


def _count(rows: QuerySet, key: str) -> Coalesce:
    """How many of ``rows`` (filtered on OuterRef) go with each row: a correlated count, which an index answers
    row by row, where counting through joins would pair every posting of a round with every choice of it."""
    return Coalesce(Subquery(rows.order_by().values(key).annotate(count=Count("pk")).values("count")[:1]), 0)


def allocation_round_list(*, principal: Principal) -> QuerySet[AllocationRound]:
    """Rounds in scope, newest first, each with how many postings, colleges and choices it has."""
    return scoped(
        AllocationRound.objects.select_related("city", "created_by", "published_by")
        .annotate(
            posting_count=_count(AllocationRoundPosting.objects.filter(round_id=OuterRef("pk")), "round_id"),
            college_count=_count(AllocationRoundCollege.objects.filter(round_id=OuterRef("pk")), "round_id"),
        )
        .order_by("-created_at", "-pk"),
        principal,
        college_staff=_taking_part,
        enterprise_staff=_taking_part,
        city_official=in_city("city_id"),
    )


def allocation_round_get(*, principal: Principal, pk: int) -> AllocationRound:
    """The round ``pk`` if it is in scope (AllocationRound.DoesNotExist otherwise: a 404, like a missing id)."""
    return allocation_round_list(principal=principal).get(pk=pk)


def _own_side(principal: Principal, *, student: str, posting: str) -> Q:
    """Rows of a round a principal sees: a college's students', an enterprise's postings', every row otherwise."""
    if principal.college_id is not None:
        return Q(**{f"{student}__program__college_id": principal.college_id})
    if principal.enterprise_id is not None:
        return Q(**{f"{posting}__enterprise_id": principal.enterprise_id})
    return Q()


def allocation_choice_list(*, round: AllocationRound, principal: Principal) -> QuerySet[AllocationChoice]:
    """The students' choices (志愿) in ``round`` the principal sees, by student and rank."""
    return (
        AllocationChoice.objects.filter(round=round)
        .filter(_own_side(principal, student="student", posting="posting"))
        .select_related("student__program__college", "posting__enterprise")
        .order_by("student__student_number", "student_id", "rank")
    )


def allocation_ranking_list(*, round: AllocationRound, principal: Principal) -> QuerySet[AllocationRanking]:
    """The enterprises' rankings (排序) in ``round``: an enterprise its own postings', an official all; a college
    none (how an enterprise ranked students is the enterprise's)."""
    rankings = AllocationRanking.objects.filter(round=round)
    if principal.college_id is not None:
        return rankings.none()
    return (
        rankings.filter(_own_side(principal, student="student", posting="posting"))
        .select_related("student__program__college", "posting__enterprise")
        .order_by("posting_id", "rank", "student_id")
    )


def _of_posting(model) -> QuerySet:
    """The rows of ``model`` (choices, outcomes) of the outer round posting's round and posting."""
    return model.objects.filter(round_id=OuterRef("round_id"), posting_id=OuterRef("posting_id"))


def allocation_round_posting_list(*, round: AllocationRound, principal: Principal) -> QuerySet[AllocationRoundPosting]:
    """The postings taking part in ``round`` (an enterprise sees its own), with their slots, how many students
    chose each, and how many the draft placed there (``filled``)."""
    return (
        AllocationRoundPosting.objects.filter(round=round)
        .filter(_own_side(principal, student="posting", posting="posting") if principal.enterprise_id else Q())
        .select_related("posting__enterprise")
        .annotate(applicant_count=_count(_of_posting(AllocationChoice), "posting_id"))
        .annotate(filled=_count(_of_posting(AllocationOutcome), "posting_id"))
        .order_by("posting__enterprise__name", "posting__title", "pk")
    )


def allocation_round_fill(*, round: AllocationRound) -> list[dict]:
    """Per posting of ``round``: its id, title, enterprise, slots and how many students the draft placed there."""
    rows = (
        AllocationRoundPosting.objects.filter(round=round)
        .values("posting_id", "posting__title", "posting__enterprise__name", "slots")
        .annotate(filled=_count(_of_posting(AllocationOutcome), "posting_id"))
        .order_by("posting__enterprise__name", "posting__title", "posting_id")
    )
    return [
        {
            "posting_id": row["posting_id"],
            "title": row["posting__title"],
            "enterprise": row["posting__enterprise__name"],
            "slots": row["slots"],
            "filled": row["filled"],
        }
        for row in rows
    ]


def allocation_outcome_list(*, round: AllocationRound, principal: Principal) -> QuerySet[AllocationOutcome]:
    """The draft (or published) result of ``round``: a college sees its students', an enterprise who was placed in
    its postings, an official everyone, unplaced students with the reason."""
    outcomes = AllocationOutcome.objects.filter(round=round)
    if principal.enterprise_id is not None:
        outcomes = outcomes.filter(posting__enterprise_id=principal.enterprise_id)
    elif principal.college_id is not None:
        outcomes = outcomes.filter(student__program__college_id=principal.college_id)
    return outcomes.select_related("student__program__college", "posting__enterprise", "application").order_by(
        "student__student_number", "student_id"
    )


def allocation_applicant_list(
    *, round: AllocationRound, posting_id: int, principal: Principal
) -> QuerySet[AllocationChoice]:
    """The students who chose posting ``posting_id`` in ``round`` (its enterprise's or an official's view), each
    with the rank they gave it and the rank the enterprise gave them (``enterprise_rank``, None if unranked); the
    default ranking's scores are ``partnerships.recommendations.pair_scores`` of these pairs."""
    ranked = AllocationRanking.objects.filter(round=round, posting_id=posting_id, student_id=OuterRef("student_id"))
    choices = AllocationChoice.objects.filter(round=round, posting_id=posting_id)
    if principal.enterprise_id is not None:
        choices = choices.filter(posting__enterprise_id=principal.enterprise_id)
    elif principal.college_id is not None:
        return choices.none()
    return (
        choices.select_related("student__program__college")
        .annotate(enterprise_rank=ranked.values("rank")[:1])
        .order_by(F("enterprise_rank").asc(nulls_last=True), "rank", "student_id")
    )


# ------------------------------------------------------------------------------
# What would stop a run
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoundProblem:
    """One thing that stops ``round`` from running: what kind, where (``row``, in the words of the pages), and what
    is wrong, in plain words."""

    kind: str
    row: str
    message: str


def _student_row(student) -> str:
    # Only the city's officials read the problems: they see a student masked, as everywhere (colleges.privacy).
    return _("Student %(number)s (%(name)s)") % {
        "number": MASKS["student_number"](student.student_number),
        "name": MASKS["name"](student.name),
    }


def _choice_row(choice: AllocationChoice) -> str:
    return _("%(student)s, choice %(rank)d") % {"student": _student_row(choice.student), "rank": choice.rank}


def _ranking_row(ranking: AllocationRanking) -> str:
    return _("Ranking of “%(posting)s”, %(student)s") % {
        "posting": ranking.posting.title,
        "student": _student_row(ranking.student),
    }


def allocation_round_problems(*, round: AllocationRound) -> list[RoundProblem]:
    """Everything that would stop ``round`` from running, one row each, in the order the pages list them; a
    constant number of queries whatever the number of rows."""
    problems: list[RoundProblem] = []
    in_round = AllocationRoundPosting.objects.filter(round=round, posting_id=OuterRef("posting_id"))
    choices = AllocationChoice.objects.filter(round=round).select_related("student", "posting")
    order = ("student__student_number", "student_id", "rank")

    for choice in choices.filter(~Exists(in_round)).order_by(*order):
        problems.append(
            RoundProblem(
                "posting_not_in_round",
                _choice_row(choice),
                _("The posting “%(posting)s” does not take part in this round.") % {"posting": choice.posting.title},
            )
        )
    for choice in choices.filter(Exists(in_round)).exclude(posting__status=PostingStatus.OPEN).order_by(*order):
        problems.append(
            RoundProblem(
                "posting_closed",
                _choice_row(choice),
                _("The posting “%(posting)s” is %(status)s: it no longer takes students. Remove it from the list.")
                % {"posting": choice.posting.title, "status": choice.posting.get_status_display().lower()},
            )
        )
    chose_here = AllocationChoice.objects.filter(round=round, student_id=OuterRef("pk"))
    taking_part = Student.objects.filter(Exists(chose_here)).order_by("student_number", "pk")
    college_in_round = AllocationRoundCollege.objects.filter(round=round, college_id=OuterRef("program__college_id"))
    for student in taking_part.filter(~Exists(college_in_round)):
        problems.append(
            RoundProblem(
                "college_not_in_round",
                _student_row(student),
                _("The student's college does not take part in this round."),
            )
        )
    for student in taking_part.exclude(status=StudentStatus.ENROLLED):
        problems.append(
            RoundProblem(
                "student_not_enrolled",
                _student_row(student),
                _("The student is %(status)s: only enrolled students take part.")
                % {"status": student.get_status_display().lower()},
            )
        )
    elsewhere = AllocationChoice.objects.filter(student_id=OuterRef("pk"), round__status__in=LIVE_ROUNDS).exclude(
        round=round
    )
    for student in taking_part.filter(Exists(elsewhere)):
        problems.append(
            RoundProblem(
                "student_in_two_rounds",
                _student_row(student),
                _(
                    "The student also has choices in another round that is not over: a student takes part in one "
                    "round at a time."
                ),
            )
        )
    for choice in choices.filter(entered_at__gt=round.closes_at).order_by(*order):
        problems.append(
            RoundProblem(
                "choice_after_window",
                _choice_row(choice),
                _("This choice was entered after the round closed."),
            )
        )

    rankings = AllocationRanking.objects.filter(round=round).select_related("student", "posting")
    chose = AllocationChoice.objects.filter(
        round=round, student_id=OuterRef("student_id"), posting_id=OuterRef("posting_id")
    )
    ranking_order = ("posting__title", "posting_id", "rank", "student_id")
    for ranking in rankings.filter(~Exists(chose)).order_by(*ranking_order):
        problems.append(
            RoundProblem(
                "ranked_without_choice",
                _ranking_row(ranking),
                _("The enterprise ranked a student who did not choose this posting."),
            )
        )
    for ranking in rankings.filter(entered_at__gt=round.closes_at).order_by(*ranking_order):
        problems.append(
            RoundProblem(
                "ranking_after_window",
                _ranking_row(ranking),
                _("This ranking was entered after the round closed."),
            )
        )

    round_postings = AllocationRoundPosting.objects.filter(round=round).select_related("posting__enterprise")
    posting_order = ("posting__title", "posting_id")
    for entry in round_postings.filter(ranking_confirmed_at__isnull=True).order_by(*posting_order):
        problems.append(
            RoundProblem(
                "ranking_missing",
                _("Posting “%(posting)s” (%(enterprise)s)")
                % {"posting": entry.posting.title, "enterprise": entry.posting.enterprise.name},
                _(
                    "The enterprise has neither ranked its applicants nor accepted the default ranking by "
                    "recommendation score."
                ),
            )
        )
    free = F("posting__slots") - F("posting__filled_slots")
    for entry in round_postings.filter(slots__gt=free).order_by(*posting_order):
        problems.append(
            RoundProblem(
                "slots_taken",
                _("Posting “%(posting)s” (%(enterprise)s)")
                % {"posting": entry.posting.title, "enterprise": entry.posting.enterprise.name},
                _("The round offers %(slots)d slots but only %(free)d are still free.")
                % {"slots": entry.slots, "free": entry.posting.slots - entry.posting.filled_slots},
            )
        )
    return problems
