"""Recommendations both ways, each with the reasons it ranked (docs/matching.md, "Recommendations").

Two stages, as recommenders usually run: the database chooses a bounded set of candidates through indexes (the skill
profiles of ``partnerships.SkillProfile``, the sectors a program targets, a posting's sector, past agreements), then
the candidates' features are read as plain rows in a constant number of queries and scored here, each point of the
score with the reason that earned it; only the top results are read as records. ``pair_scores`` scores given pairs
the same way (an allocation round's default ranking).

Partnership health is evaluation's: it is read through ``CooperationAgreement.health``, the reverse relation's
name, as the agreement list's health band is (docs/architecture.md), never by importing evaluation.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import Count, Model, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.choices import Role
from accounts.principals import Principal
from cities.models import IndustrySector
from colleges.choices import StudentStatus
from colleges.models import College, Program, Student, StudentCertificate
from colleges.selectors import college_list, placed, program_list, student_list
from enterprises.choices import PostingStatus
from enterprises.models import Enterprise, Posting, TalentDemand
from enterprises.selectors import enterprise_list, posting_list
from partnerships.choices import AgreementStatus, HealthBand
from partnerships.models import CooperationAgreement, SkillProfile

# The points each reason can earn; a score is their sum, out of 100 (docs/matching.md explains each).
SKILLS_POINTS = 40  # times the share of the posting's skills the student has
SECTOR_POINTS = 20  # the posting's division is a target of the program (half: only its section is)
CERTIFICATE_POINTS = 10  # half for each certificate held (or prepared for) in the posting's section, up to two
DISTRICT_POINTS = 10  # the college and the posting (or enterprise) are in the same district
HEALTH_POINTS = 10  # times the best health / 100 of the college's agreements with the enterprise
SLOTS_POINTS = 5  # times the share of FULL_SLOTS that is still free
DEADLINE_POINTS = 5  # the nearer the deadline within DEADLINE_DAYS, the more: act before it passes
DEMAND_POINTS = 20  # colleges, programs and enterprises: the enterprise's talent demand in the programs' sectors
FULL_SLOTS = 10
DEADLINE_DAYS = 30
CERTIFICATES_COUNTED = 2
DEMAND_COUNTED = 50
REASON_CODES = ("skills", "sector", "certificates", "district", "health", "slots", "deadline", "demand")

# How many candidates the database hands to the scoring, per way of choosing them; how many results by default;
# how many programs' students a city-wide search for a posting looks at, per way of choosing the programs.
CANDIDATES = 60
TOP = 20
PROGRAMS = 15
PAIRS_PER_CHUNK = 2000


@dataclass(frozen=True)
class Reason:
    """One reason a result ranked: a code for programs, the sentence for people (translated, with the figures)."""

    code: str
    points: float
    say: Callable[[], str] = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        """Said only when shown: most candidates are scored and dropped."""
        return self.say()


@dataclass
class Recommendation:
    """A recommended record with its score (0–100) and the reasons, strongest first."""

    record: Model | None
    score: float
    reasons: list[Reason]
    pk: int = 0


# ----------------------------------------------------------------------------------------------------------------
# Features: what the scoring reads of each side, as plain rows in one query each
# ----------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sector:
    """A GB/T 4754 sector as the scoring sees it: itself and its section (itself for a section)."""

    pk: int
    section: int
    code: str
    name_zh: str
    name_en: str

    def __str__(self):
        return str(IndustrySector(code=self.code, name_zh=self.name_zh, name_en=self.name_en))


def _sector_columns(path: str) -> list[str]:
    return [f"{path}_id", f"{path}__parent_id", f"{path}__code", f"{path}__name_zh", f"{path}__name_en"]


def _sector(pk, parent, code, name_zh, name_en) -> Sector:
    return Sector(pk, parent or pk, code, name_zh, name_en)


@dataclass
class Side:
    """A student or a program as the scoring sees it: its college, the sectors its program targets, its skills
    (a student's), the certificates it holds (a student) or prepares for (a program), by section."""

    pk: int
    college_id: int
    district: str
    program_id: int
    targets: list[Sector] = field(default_factory=list)
    skills: set[int] = field(default_factory=set)
    certificate_sections: dict[int, int] = field(default_factory=dict)
    is_student: bool = True


@dataclass
class Offer:
    """A posting as the scoring sees it."""

    pk: int
    enterprise_id: int
    district: str
    sector: Sector
    free: int
    deadline: datetime.date
    skills: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Employer:
    """An enterprise as the scoring sees it, with its talent demand from this year on (sector, section, headcount)."""

    pk: int
    district: str
    sector: Sector
    demand: list[tuple[int, int, int]] = field(default_factory=list)


def _targets(sides: dict[int, Side]) -> None:
    """Fill each side's program's target sectors."""
    by_program: dict[int, list[Side]] = {}
    for side in sides.values():
        by_program.setdefault(side.program_id, []).append(side)
    rows = Program.target_sectors.through.objects.filter(program_id__in=by_program).values_list(
        "program_id", *_sector_columns("industrysector")
    )
    for program_id, *sector in rows.order_by("industrysector__code"):
        for side in by_program[program_id]:
            side.targets.append(_sector(*sector))


def _students(student_ids: Iterable[int]) -> dict[int, Side]:
    rows = Student.objects.filter(pk__in=set(student_ids)).values_list(
        "pk", "program__college_id", "program__college__district", "program_id"
    )
    students = {row[0]: Side(*row) for row in rows.order_by()}
    _targets(students)
    skills = Student.skills.through.objects.filter(student_id__in=students).values_list("student_id", "skill_id")
    for student_id, skill_id in skills.order_by():
        students[student_id].skills.add(skill_id)
    held = StudentCertificate.objects.filter(student_id__in=students, certificate__sector__isnull=False)
    for student_id, certificate_id, sector_id, parent_id in held.values_list(
        "student_id", "certificate_id", "certificate__sector_id", "certificate__sector__parent_id"
    ).order_by():
        students[student_id].certificate_sections[certificate_id] = parent_id or sector_id
    return students


def _programs(programs: QuerySet[Program]) -> dict[int, Side]:
    rows = programs.values_list("pk", "college_id", "college__district", "pk")
    found = {row[0]: Side(*row, is_student=False) for row in rows.order_by()}
    _targets(found)
    prepared = Program.certificates.through.objects.filter(program_id__in=found, certificate__sector__isnull=False)
    for program_id, certificate_id, sector_id, parent_id in prepared.values_list(
        "program_id", "certificate_id", "certificate__sector_id", "certificate__sector__parent_id"
    ).order_by():
        found[program_id].certificate_sections[certificate_id] = parent_id or sector_id
    return found


def _postings(postings: QuerySet[Posting]) -> dict[int, Offer]:
    rows = postings.values_list(
        "pk", "enterprise_id", "district", *_sector_columns("sector"), "slots", "filled_slots", "deadline"
    )
    found = {
        pk: Offer(pk, enterprise_id, district, _sector(*sector), slots - filled, deadline)
        for pk, enterprise_id, district, *sector, slots, filled, deadline in rows.order_by()
    }
    skills = Posting.skills.through.objects.filter(posting_id__in=found).values_list(
        "posting_id", "skill_id", "skill__name"
    )
    for posting_id, skill_id, name in skills.order_by("skill__name"):
        found[posting_id].skills.append((skill_id, name))
    return found


def _employers(enterprises: QuerySet[Enterprise]) -> dict[int, Employer]:
    rows = enterprises.values_list("pk", "district", *_sector_columns("sector"))
    found = {pk: Employer(pk, district, _sector(*sector)) for pk, district, *sector in rows.order_by()}
    demand = TalentDemand.objects.filter(enterprise_id__in=found, year__gte=timezone.localdate().year)
    for enterprise_id, sector_id, parent_id, headcount in demand.values_list(
        "enterprise_id", "sector_id", "sector__parent_id", "headcount"
    ).order_by():
        found[enterprise_id].demand.append((sector_id, parent_id or sector_id, headcount))
    return found


@dataclass(frozen=True)
class Health:
    """The best current health of the agreements between one college and one enterprise."""

    score: float
    band: str


def _health(college_ids: Iterable[int], enterprise_ids: Iterable[int]) -> dict[tuple[int, int], Health]:
    """(college, enterprise) → the best scored health of their agreements in force or completed."""
    rows = (
        _agreements(college_id__in=set(college_ids), enterprise_id__in=set(enterprise_ids))
        .filter(health__score__isnull=False)
        .order_by("health__score")
        .values_list("college_id", "enterprise_id", "health__score", "health__band")
    )
    # Ordered by score, so the best of a pair's agreements is the one its key keeps.
    return {(college, enterprise): Health(float(score), band) for college, enterprise, score, band in rows}


def _agreements(**party) -> QuerySet[CooperationAgreement]:
    """Agreements in force or completed: those whose health may count."""
    return CooperationAgreement.objects.filter(status__in=(AgreementStatus.ACTIVE, AgreementStatus.COMPLETED), **party)


# ----------------------------------------------------------------------------------------------------------------
# The reasons, each with its points
# ----------------------------------------------------------------------------------------------------------------
def _listed(names: list[str], limit: int = 5) -> str:
    return gettext(", ").join(names[:limit]) + ("…" if len(names) > limit else "")


def _skills_reason(had: set[int], wanted: list[tuple[int, str]]) -> Reason | None:
    common = [name for skill_id, name in wanted if skill_id in had]
    if not common:
        return None
    return Reason(
        "skills",
        SKILLS_POINTS * len(common) / len(wanted),
        lambda: (
            ngettext("%(count)d skill in common: %(skills)s", "%(count)d skills in common: %(skills)s", len(common))
            % {"count": len(common), "skills": _listed(common)}
        ),
    )


def _sector_reason(side: Side, sector: Sector) -> Reason | None:
    exact = next((target for target in side.targets if target.pk == sector.pk), None)
    if exact is not None:
        return Reason(
            "sector",
            SECTOR_POINTS,
            lambda: gettext("sector fit: the program targets %(sector)s") % {"sector": exact},
        )
    near = next((target for target in side.targets if target.section == sector.section), None)
    if near is not None:
        return Reason(
            "sector",
            SECTOR_POINTS / 2,
            lambda: gettext("sector fit: the program targets %(sector)s, in the same section") % {"sector": near},
        )
    return None


def _certificates_reason(side: Side, sector: Sector) -> Reason | None:
    count = sum(section == sector.section for section in side.certificate_sections.values())
    if not count:
        return None
    points = CERTIFICATE_POINTS * min(count, CERTIFICATES_COUNTED) / CERTIFICATES_COUNTED
    if side.is_student:
        return Reason(
            "certificates",
            points,
            lambda: (
                ngettext(
                    "holds %(count)d certificate in the posting's sector",
                    "holds %(count)d certificates in the posting's sector",
                    count,
                )
                % {"count": count}
            ),
        )
    return Reason(
        "certificates",
        points,
        lambda: (
            ngettext(
                "prepares for %(count)d certificate in the posting's sector",
                "prepares for %(count)d certificates in the posting's sector",
                count,
            )
            % {"count": count}
        ),
    )


def _district_reason(district: str, other: str) -> Reason | None:
    if not district or district != other:
        return None
    return Reason("district", DISTRICT_POINTS, lambda: gettext("same district: %(district)s") % {"district": district})


def _health_reason(health: Health | None) -> Reason | None:
    if health is None:
        return None
    return Reason(
        "health",
        HEALTH_POINTS * health.score / 100,
        lambda: (
            gettext("partnership health with the college: %(score)s (%(band)s)")
            % {"score": round(health.score), "band": HealthBand(health.band).label}
        ),
    )


def _slots_reason(offer: Offer) -> Reason | None:
    if offer.free <= 0:
        return None
    return Reason(
        "slots",
        SLOTS_POINTS * min(offer.free, FULL_SLOTS) / FULL_SLOTS,
        lambda: ngettext("%(count)d slot left", "%(count)d slots left", offer.free) % {"count": offer.free},
    )


def _deadline_reason(offer: Offer, today: datetime.date) -> Reason | None:
    days = (offer.deadline - today).days
    if days < 0 or days > DEADLINE_DAYS:
        return None
    return Reason(
        "deadline",
        DEADLINE_POINTS * (DEADLINE_DAYS - days) / DEADLINE_DAYS,
        lambda: (
            gettext("deadline today")
            if days == 0
            else ngettext("deadline in %(count)d day", "deadline in %(count)d days", days) % {"count": days}
        ),
    )


def _demand_reason(employer: Employer, sides: list[Side]) -> Reason | None:
    sections = {target.section for side in sides for target in side.targets}
    hires = sum(headcount for _sector, section, headcount in employer.demand if section in sections)
    if not hires:
        return None
    return Reason(
        "demand",
        DEMAND_POINTS * min(hires, DEMAND_COUNTED) / DEMAND_COUNTED,
        lambda: (
            ngettext(
                "talent demand: %(count)d hire expected in the programs' sectors",
                "talent demand: %(count)d hires expected in the programs' sectors",
                hires,
            )
            % {"count": hires}
        ),
    )


def _programs_sector_reason(employer: Employer, sides: list[Side]) -> Reason | None:
    sector = employer.sector
    exact = [side for side in sides if any(target.pk == sector.pk for target in side.targets)]
    near = [side for side in sides if any(target.section == sector.section for target in side.targets)]
    if not near:
        return None
    fitting = len(exact or near)
    return Reason(
        "sector",
        SECTOR_POINTS if exact else SECTOR_POINTS / 2,
        lambda: (
            ngettext(
                "sector fit: %(count)d program targets %(sector)s",
                "sector fit: %(count)d programs target %(sector)s",
                fitting,
            )
            % {"count": fitting, "sector": sector}
        ),
    )


def _scored(pk: int, reasons: Iterable[Reason | None]) -> Recommendation:
    kept = sorted((reason for reason in reasons if reason is not None), key=lambda reason: -reason.points)
    return Recommendation(None, round(sum(reason.points for reason in kept), 1), kept, pk)


def _side_and_offer(pk: int, side: Side, offer: Offer, health: dict, today: datetime.date) -> Recommendation:
    """A student (or a program) and a posting, as the recommendation of the one named ``pk``."""
    return _scored(
        pk,
        [
            _skills_reason(side.skills, offer.skills) if side.is_student else None,
            _sector_reason(side, offer.sector),
            _certificates_reason(side, offer.sector),
            _district_reason(offer.district, side.district),
            _health_reason(health.get((side.college_id, offer.enterprise_id))),
            _slots_reason(offer),
            _deadline_reason(offer, today),
        ],
    )


def _sides_and_employer(pk: int, sides: list[Side], employer: Employer, health: dict) -> Recommendation:
    """A program, or a college's programs, and an enterprise, as the recommendation of the one named ``pk``."""
    college_id, district = sides[0].college_id, sides[0].district
    return _scored(
        pk,
        [
            _programs_sector_reason(employer, sides),
            _demand_reason(employer, sides),
            _district_reason(employer.district, district),
            _health_reason(health.get((college_id, employer.pk))),
        ],
    )


def _top(scored: Iterable[Recommendation], records: QuerySet, top: int) -> list[Recommendation]:
    """The ``top`` best of ``scored``, each with its record read from ``records`` (the reader's scope, unless the
    scored rows were read through it)."""
    best = sorted(scored, key=lambda recommendation: (-recommendation.score, recommendation.pk))[:top]
    # The reasons say what counted; the records are shown by name and link, without their many-to-many rows.
    found = records.prefetch_related(None).in_bulk([recommendation.pk for recommendation in best])
    for recommendation in best:
        recommendation.record = found.get(recommendation.pk)
    return [recommendation for recommendation in best if recommendation.record is not None]


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
        offers = _postings(Posting.objects.filter(pk__in={posting for _student, posting in chunk}))
        health = _health(
            (student.college_id for student in students.values()),
            (offer.enterprise_id for offer in offers.values()),
        )
        for student_id, posting_id in chunk:
            if student_id in students and posting_id in offers:
                scored = _side_and_offer(student_id, students[student_id], offers[posting_id], health, today)
                scores[student_id, posting_id] = scored.score
    return scores


# ----------------------------------------------------------------------------------------------------------------
# Candidates: chosen by the database through indexes, at most CANDIDATES per way
# ----------------------------------------------------------------------------------------------------------------
def _sector_in(sectors: list[Sector]) -> Q:
    """Rows in one of ``sectors``, or in a division of one that is a section: exactly, so that an index on the
    sector finds them (a posting only in the same section is found by its skills)."""
    sections = [sector.pk for sector in sectors if sector.section == sector.pk]
    return Q(sector__in=[sector.pk for sector in sectors]) | Q(sector__parent__in=sections)


def _ids(queryset: QuerySet) -> list[int]:
    return list(queryset.values_list("pk", flat=True)[:CANDIDATES])


def _best_fits(city_id: int, skill_ids: Iterable[int], kind: str, count: int) -> list[int]:
    """The ``count`` open postings or programs (``kind``) of the city whose skill profiles best cover ``skill_ids``:
    one range of the profiles' index per skill."""
    skill_ids = list(skill_ids)
    if not skill_ids:
        return []
    fits = (
        SkillProfile.objects.filter(city_id=city_id, skill_id__in=skill_ids, **{f"{kind}__isnull": False})
        .values(kind)
        .annotate(fit=Sum("weight"))
        .order_by("-fit", kind)
        .values_list(kind, flat=True)
    )
    return list(fits[:count])


def _by_skills(queryset: QuerySet, skill_ids: list[int]) -> list[int]:
    """The CANDIDATES rows of ``queryset`` with the most of ``skill_ids``."""
    if not skill_ids:
        return []
    rows = (
        queryset.filter(skills__in=skill_ids)
        .values("pk")
        .annotate(common=Count("pk"))
        .order_by("-common", "pk")
        .values_list("pk", flat=True)
    )
    return list(rows[:CANDIDATES])


def _open_postings(principal: Principal, city_id: int) -> QuerySet[Posting]:
    """The open postings of the city still taking applications that ``principal`` may see."""
    return posting_list(principal=principal).filter(
        status=PostingStatus.OPEN, deadline__gte=timezone.localdate(), enterprise__city_id=city_id
    )


# ----------------------------------------------------------------------------------------------------------------
# The selectors: each takes its subject as found in the reader's scope (a 404 otherwise, by the caller)
# ----------------------------------------------------------------------------------------------------------------
def recommended_posting_list(
    *, principal: Principal, student: Student | None = None, program: Program | None = None, top: int = TOP
) -> list[Recommendation]:
    """The open postings in scope that best fit ``student`` (or ``program``), best first, with their reasons; none
    for a student who is not enrolled (only enrolled students apply)."""
    if student is not None and student.status != StudentStatus.ENROLLED:
        return []
    if student is not None:
        side = _students([student.pk])[student.pk]
        city_id = student.program.college.city_id
    else:
        side = _programs(Program.objects.filter(pk=program.pk))[program.pk]
        city_id = program.college.city_id
    postings = _open_postings(principal, city_id)
    candidates = set(_ids(postings.filter(_sector_in(side.targets)).order_by("deadline")))
    if side.is_student:
        candidates.update(_best_fits(city_id, side.skills, "posting", CANDIDATES))
    else:
        candidates.update(_ids(postings.filter(enterprise__agreements__in=_agreements(college_id=side.college_id))))
    # Read through the reader's scope: the profiles name postings of any enterprise, and some closed since.
    offers = _postings(postings.filter(pk__in=candidates))
    health = _health([side.college_id], {offer.enterprise_id for offer in offers.values()})
    today = timezone.localdate()
    scored = (_side_and_offer(offer.pk, side, offer, health, today) for offer in offers.values())
    return _top(scored, Posting.objects.select_related("enterprise", "sector"), top)


def recommended_student_list(*, principal: Principal, posting: Posting, top: int = TOP) -> list[Recommendation]:
    """The enrolled students not placed today in scope that best fit ``posting``, best first, with their reasons.

    Only students ``principal`` may see at all: a college's own, an enterprise's applicants, an official's city's.
    Those are few for a college or an enterprise, and the database ranks them all; a city has up to a million, so
    it looks at the students of the programs that fit best (their skill profiles, the sector they target).
    """
    offer = _postings(Posting.objects.filter(pk=posting.pk))[posting.pk]
    city_id = posting.enterprise.city_id
    skill_ids = [skill_id for skill_id, _name in offer.skills]
    exact = Program.target_sectors.through.objects.filter(
        industrysector_id__in={offer.sector.pk, offer.sector.section}, program__college__city_id=city_id
    )
    in_scope = student_list(principal=principal).filter(
        status=StudentStatus.ENROLLED, program__college__city_id=city_id
    )
    if principal.role in (Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN):
        # The programs are the city's, so their students are in the reader's scope (which has nothing to add for
        # the records: an official's masking needs no annotation).
        fitting = list(exact.order_by("program_id").values_list("program_id", flat=True)[:PROGRAMS])
        programs = set(_best_fits(city_id, skill_ids, "program", PROGRAMS)) | set(fitting)
        students = Student.objects.filter(program__in=programs, status=StudentStatus.ENROLLED).filter(~placed())
        records = Student.objects.all()
    else:
        fitting = exact.values("program_id")
        students = records = in_scope.filter(placed=False)
    candidates = set(_by_skills(students, skill_ids))
    candidates.update(_ids(students.filter(program__in=fitting).order_by("pk")))
    sides = _students(candidates)
    health = _health({side.college_id for side in sides.values()}, [offer.enterprise_id])
    today = timezone.localdate()
    scored = (_side_and_offer(side.pk, side, offer, health, today) for side in sides.values())
    return _top(scored, records.select_related("program__college"), top)


def recommended_program_list(
    *, principal: Principal, posting: Posting | None = None, enterprise: Enterprise | None = None, top: int = TOP
) -> list[Recommendation]:
    """The programs in scope that best fit ``posting`` (or ``enterprise``: its sector and its talent demand), best
    first, with their reasons."""
    enterprise_id = posting.enterprise_id if posting is not None else enterprise.pk
    employer = _employers(Enterprise.objects.filter(pk=enterprise_id))[enterprise_id]
    city_id = posting.enterprise.city_id if posting is not None else enterprise.city_id
    programs = program_list(principal=principal).filter(college__city_id=city_id)
    if posting is not None:
        offer = _postings(Posting.objects.filter(pk=posting.pk))[posting.pk]
        sectors = [offer.sector]
    else:
        sectors = [employer.sector]
    targets = {sector.pk for sector in sectors} | {sector.section for sector in sectors}
    if posting is None:
        targets |= {sector for sector, _section, _headcount in employer.demand}
    candidates = set(_ids(programs.filter(target_sectors__in=targets).distinct().order_by("pk")))
    candidates.update(_ids(programs.filter(college__agreements__in=_agreements(enterprise_id=enterprise_id))))
    sides = _programs(Program.objects.filter(pk__in=candidates))
    health = _health({side.college_id for side in sides.values()}, [enterprise_id])
    if posting is not None:
        today = timezone.localdate()
        scored = (_side_and_offer(side.pk, side, offer, health, today) for side in sides.values())
    else:
        scored = (_sides_and_employer(side.pk, [side], employer, health) for side in sides.values())
    return _top(scored, program_list(principal=principal), top)


def recommended_college_list(*, principal: Principal, enterprise: Enterprise, top: int = TOP) -> list[Recommendation]:
    """The colleges in scope whose programs best fit ``enterprise`` (its sector, its talent demand), with reasons."""
    employer = _employers(Enterprise.objects.filter(pk=enterprise.pk))[enterprise.pk]
    colleges = college_list(principal=principal).filter(city_id=enterprise.city_id)
    targets = {employer.sector.pk, employer.sector.section} | {sector for sector, _section, _hc in employer.demand}
    candidates = set(_ids(colleges.filter(programs__target_sectors__in=targets).distinct().order_by("pk")))
    candidates.update(_ids(colleges.filter(agreements__in=_agreements(enterprise_id=enterprise.pk))))
    by_college: dict[int, list[Side]] = {}
    for side in _programs(Program.objects.filter(college__in=candidates)).values():
        by_college.setdefault(side.college_id, []).append(side)
    health = _health(by_college, [enterprise.pk])
    scored = (_sides_and_employer(pk, sides, employer, health) for pk, sides in by_college.items())
    return _top(scored, college_list(principal=principal), top)


def recommended_enterprise_list(*, principal: Principal, college: College, top: int = TOP) -> list[Recommendation]:
    """The enterprises in scope a college could partner with (none it has an agreement in force with): sector fit
    with its programs' target sectors, their talent demand there, past partnership health, with reasons."""
    sides = list(_programs(Program.objects.filter(college=college)).values())
    targets = [target for side in sides for target in side.targets]
    if not targets:
        return []
    enterprises = (
        enterprise_list(principal=principal)
        .filter(city_id=college.city_id)
        .exclude(agreements__in=_agreements(college_id=college.pk, status=AgreementStatus.ACTIVE))
    )
    in_sectors = enterprises.filter(_sector_in(targets)).order_by("pk")
    candidates = set(_ids(in_sectors.filter(district=college.district))) | set(_ids(in_sectors))
    candidates.update(_ids(enterprises.filter(agreements__in=_agreements(college_id=college.pk))))
    employers = _employers(Enterprise.objects.filter(pk__in=candidates))
    health = _health([college.pk], employers)
    scored = (_sides_and_employer(pk, sides, employer, health) for pk, employer in employers.items())
    return _top(scored, enterprise_list(principal=principal), top)
