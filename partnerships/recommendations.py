"""Recommendations both ways, each with the reasons it ranked (docs/matching.md, "Recommendations").

Two stages, as recommenders usually run: the database chooses a bounded set of candidates through indexes (skills
in common, the sectors a program targets), then the candidates' features are read in a constant number of queries
and scored here, each point of the score with the reason that earned it. ``pair_scores`` scores given pairs the same
way (an allocation round's default ranking).

Partnership health is evaluation's: it is read through ``CooperationAgreement.health``, the reverse relation's
name, as the agreement list's health band is (docs/architecture.md), never by importing evaluation.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import Model, Prefetch
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from colleges.models import College, Program, Student, StudentCertificate
from enterprises.models import Posting
from partnerships.choices import AgreementStatus, HealthBand
from partnerships.models import CooperationAgreement

# The points each reason can earn; a score is their sum, out of 100 (docs/matching.md explains each).
SKILLS_POINTS = 40  # times the share of the posting's skills the student has
SECTOR_POINTS = 20  # the posting's division is a target of the program (half: only its section is)
CERTIFICATE_POINTS = 10  # half for each certificate held in the posting's section, up to two
DISTRICT_POINTS = 10  # the college and the posting (or enterprise) are in the same district
HEALTH_POINTS = 10  # times the best health / 100 of the college's agreements with the enterprise
SLOTS_POINTS = 5  # times the share of FULL_SLOTS that is still free
DEADLINE_POINTS = 5  # the nearer the deadline within DEADLINE_DAYS, the more: act before it passes
DEMAND_POINTS = 20  # enterprises for a college: its talent demand in the college's target sectors
FULL_SLOTS = 10
DEADLINE_DAYS = 30
CERTIFICATES_COUNTED = 2
DEMAND_COUNTED = 50

# How many candidates the database hands to the scoring, per way of choosing them; and how many results by default.
CANDIDATES = 200
TOP = 20
PAIRS_PER_CHUNK = 2000


@dataclass(frozen=True)
class Reason:
    """One reason a result ranked: a code for programs, the sentence for people (translated, with the figures)."""

    code: str
    text: str
    points: float


@dataclass
class Recommendation:
    """A recommended record with its score (0–100) and the reasons, strongest first."""

    record: Model
    score: float
    reasons: list[Reason] = field(default_factory=list)


def _section(sector) -> int:
    """The GB/T 4754 section of ``sector`` (itself when it is one)."""
    return sector.parent_id or sector.pk


def _names(items, limit: int = 5) -> str:
    names = [str(item) for item in items]
    return gettext(", ").join(names[:limit]) + ("…" if len(names) > limit else "")


# ----------------------------------------------------------------------------------------------------------------
# Features: what the scoring reads of each side, in a constant number of queries
# ----------------------------------------------------------------------------------------------------------------
def _postings(posting_ids: Iterable[int]) -> dict[int, Posting]:
    postings = Posting.objects.filter(pk__in=list(posting_ids)).select_related("sector", "enterprise")
    return {posting.pk: posting for posting in postings.prefetch_related("skills")}


def _students(student_ids: Iterable[int]) -> dict[int, Student]:
    students = (
        Student.objects.filter(pk__in=list(student_ids))
        .select_related("program__college")
        .prefetch_related(
            "skills",
            "program__target_sectors",
            Prefetch(
                "certificates",
                StudentCertificate.objects.select_related("certificate__sector").filter(
                    certificate__sector__isnull=False
                ),
            ),
        )
    )
    return {student.pk: student for student in students}


@dataclass(frozen=True)
class Health:
    """The best current health of the agreements between one college and one enterprise."""

    score: float
    band: str

    @property
    def text(self) -> str:
        return gettext("partnership health with the college: %(score)s (%(band)s)") % {
            "score": round(self.score),
            "band": HealthBand(self.band).label,
        }


def _health(college_ids: Iterable[int], enterprise_ids: Iterable[int]) -> dict[tuple[int, int], Health]:
    """(college, enterprise) → the best scored health of their agreements in force or completed."""
    rows = (
        CooperationAgreement.objects.filter(
            college_id__in=set(college_ids),
            enterprise_id__in=set(enterprise_ids),
            status__in=(AgreementStatus.ACTIVE, AgreementStatus.COMPLETED),
            health__score__isnull=False,
        )
        .order_by("health__score")
        .values_list("college_id", "enterprise_id", "health__score", "health__band")
    )
    return {(college, enterprise): Health(float(score), band) for college, enterprise, score, band in rows}


# ----------------------------------------------------------------------------------------------------------------
# The reasons, each with its points
# ----------------------------------------------------------------------------------------------------------------
def _skills_reason(had: set, wanted: list) -> Reason | None:
    common = [skill for skill in wanted if skill.pk in had]
    if not common:
        return None
    text = ngettext("%(count)d skill in common: %(skills)s", "%(count)d skills in common: %(skills)s", len(common)) % {
        "count": len(common),
        "skills": _names(common),
    }
    return Reason("skills", text, SKILLS_POINTS * len(common) / len(wanted))


def _sector_reason(program: Program, sector) -> Reason | None:
    targets = list(program.target_sectors.all())
    exact = next((target for target in targets if target.pk == sector.pk), None)
    if exact is not None:
        text = gettext("sector fit: the program targets %(sector)s") % {"sector": exact}
        return Reason("sector", text, SECTOR_POINTS)
    near = next((target for target in targets if _section(target) == _section(sector)), None)
    if near is not None:
        text = gettext("sector fit: the program targets %(sector)s, in the same section") % {"sector": near}
        return Reason("sector", text, SECTOR_POINTS / 2)
    return None


def _certificates_reason(student: Student, sector) -> Reason | None:
    held = {
        award.certificate_id
        for award in student.certificates.all()
        if _section(award.certificate.sector) == _section(sector)
    }
    if not held:
        return None
    text = ngettext(
        "holds %(count)d certificate in the posting's sector",
        "holds %(count)d certificates in the posting's sector",
        len(held),
    ) % {"count": len(held)}
    return Reason(
        "certificates", text, CERTIFICATE_POINTS * min(len(held), CERTIFICATES_COUNTED) / CERTIFICATES_COUNTED
    )


def _district_reason(college: College, district: str) -> Reason | None:
    if not district or college.district != district:
        return None
    return Reason("district", gettext("same district: %(district)s") % {"district": district}, DISTRICT_POINTS)


def _health_reason(health: Health | None) -> Reason | None:
    if health is None:
        return None
    return Reason("health", health.text, HEALTH_POINTS * health.score / 100)


def _slots_reason(posting: Posting) -> Reason | None:
    free = posting.slots - posting.filled_slots
    if free <= 0:
        return None
    text = ngettext("%(count)d slot left", "%(count)d slots left", free) % {"count": free}
    return Reason("slots", text, SLOTS_POINTS * min(free, FULL_SLOTS) / FULL_SLOTS)


def _deadline_reason(posting: Posting, today: datetime.date) -> Reason | None:
    days = (posting.deadline - today).days
    if days < 0 or days > DEADLINE_DAYS:
        return None
    if days == 0:
        text = gettext("deadline today")
    else:
        text = ngettext("deadline in %(count)d day", "deadline in %(count)d days", days) % {"count": days}
    return Reason("deadline", text, DEADLINE_POINTS * (DEADLINE_DAYS - days) / DEADLINE_DAYS)


def _recommendation(record: Model, reasons: Iterable[Reason | None]) -> Recommendation:
    kept = sorted((reason for reason in reasons if reason is not None), key=lambda reason: -reason.points)
    return Recommendation(record, round(sum(reason.points for reason in kept), 1), kept)


def _pair(student: Student, posting: Posting, health: dict, today: datetime.date, record: Model) -> Recommendation:
    """``record`` (the student or the posting) recommended for the other, with every reason of the pair."""
    college = student.program.college
    return _recommendation(
        record,
        [
            _skills_reason({skill.pk for skill in student.skills.all()}, list(posting.skills.all())),
            _sector_reason(student.program, posting.sector),
            _certificates_reason(student, posting.sector),
            _district_reason(college, posting.district),
            _health_reason(health.get((college.pk, posting.enterprise_id))),
            _slots_reason(posting),
            _deadline_reason(posting, today),
        ],
    )


def _ranked(recommendations: Iterable[Recommendation], top: int) -> list[Recommendation]:
    return sorted(recommendations, key=lambda recommendation: (-recommendation.score, recommendation.record.pk))[:top]


# ----------------------------------------------------------------------------------------------------------------
# Pairs: an allocation round's default ranking
# ----------------------------------------------------------------------------------------------------------------
def pair_scores(*, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """(student id, posting id) → the score the posting's recommendations would give the student, 0–100.

    Unknown ids are left out. Each chunk of pairs costs the same few queries whatever its size.
    """
    scores = {}
    today = timezone.localdate()
    pairs = iter(pairs)
    while chunk := list(islice(pairs, PAIRS_PER_CHUNK)):
        students = _students(student for student, _posting in chunk)
        postings = _postings(posting for _student, posting in chunk)
        health = _health(
            (student.program.college_id for student in students.values()),
            (posting.enterprise_id for posting in postings.values()),
        )
        for student_id, posting_id in chunk:
            if student_id in students and posting_id in postings:
                student, posting = students[student_id], postings[posting_id]
                scores[student_id, posting_id] = _pair(student, posting, health, today, posting).score
    return scores
