"""Postings in every status, each where its workflow could have brought it (only a draft may break an internship
rule, since a posting opens only once it meets them all); applications in every status; placements that never
exceed a posting's slots nor give a student two active ones; monthly mentor evaluations; and each enterprise's
talent demand."""

import datetime
from decimal import Decimal

from demo.context import EARLIER, NOW, EnterpriseRecord, SeedContext, add_months
from demo.identities import expand_weights
from demo.vocabulary import (
    CANCELLATION_REASONS,
    EVALUATION_COMMENTS,
    PROGRAMS,
    SECTOR_PROFILES,
    SKILLS,
)
from enterprises.choices import EnterpriseSize, PostingKind, PostingStatus
from partnerships.choices import ApplicationStatus, PlacementStatus
from partnerships.services.applications import OPEN_APPLICATIONS

STATUS_WEIGHTS = {PostingStatus.OPEN: 35, PostingStatus.CLOSED: 30, PostingStatus.FILLED: 25, PostingStatus.DRAFT: 10}
# When a posting's placements run relative to the reference date.
PAST, RUNNING, UPCOMING = "past", "running", "upcoming"
PHASE_WEIGHTS = {
    PostingStatus.DRAFT: {UPCOMING: 1},
    PostingStatus.OPEN: {UPCOMING: 1},
    PostingStatus.CLOSED: {PAST: 5, RUNNING: 3, UPCOMING: 2},
    PostingStatus.FILLED: {PAST: 5, RUNNING: 3, UPCOMING: 2},
}
# How far back the terms of past postings go, and how soon a coming term may start for a posting to take
# applications (an open posting's deadline is at least five days before it starts).
PAST_REACH = datetime.timedelta(days=730)
COMING_LEAD = datetime.timedelta(days=10)
# What became of the applications that were not accepted, by posting status.
OTHER_APPLICATION_WEIGHTS = {
    PostingStatus.OPEN: {
        ApplicationStatus.SUBMITTED: 4,
        ApplicationStatus.SHORTLISTED: 3,
        ApplicationStatus.OFFERED: 2,
        ApplicationStatus.REJECTED: 2,
        ApplicationStatus.WITHDRAWN: 1,
    },
    PostingStatus.CLOSED: {
        ApplicationStatus.REJECTED: 4,
        ApplicationStatus.CLOSED: 3,
        ApplicationStatus.DECLINED: 2,
        ApplicationStatus.WITHDRAWN: 1,
    },
    PostingStatus.FILLED: {
        ApplicationStatus.CLOSED: 4,
        ApplicationStatus.REJECTED: 3,
        ApplicationStatus.DECLINED: 2,
        ApplicationStatus.WITHDRAWN: 1,
    },
}
UNDECIDED = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.WITHDRAWN)
# Why an application was closed when its student accepted a placement over some of the same days.
PLACED_ELSEWHERE = "学生已接受同期其他岗位的实习"
DECISION_REASONS = {
    ApplicationStatus.REJECTED: "专业方向与岗位要求不符",
    ApplicationStatus.DECLINED: "学生已接受其他单位录用",
    ApplicationStatus.CLOSED: "岗位已招满或已关闭",
}
PLACEMENT_WEIGHTS = {
    PAST: {PlacementStatus.COMPLETED: 9, PlacementStatus.CANCELLED: 1},
    RUNNING: {PlacementStatus.ACTIVE: 9, PlacementStatus.CANCELLED: 1},
    UPCOMING: {PlacementStatus.ACTIVE: 1},
}
SIZE_WEIGHTS = {EnterpriseSize.LARGE: 8, EnterpriseSize.MEDIUM: 4, EnterpriseSize.SMALL: 2, EnterpriseSize.MICRO: 1}
SLOTS = (1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10)
DAILY_HOURS = ("8.0", "8.0", "8.0", "8.0", "7.5", "7.0", "6.0")
BENEFITS = ("免费工作餐", "员工宿舍", "交通补贴", "餐补和住宿")
# Hazardous sectors (chemicals, construction) take interns from 18; the internship rules allow 16 elsewhere.
ADULTS_ONLY_SECTORS = ("26", "27", "47", "48")
# A non-compliant draft breaks one internship rule: over 8 hours a day, nights, no insurance, under 16, low pay.
NON_COMPLIANT_SHARE = 0.3
BREACHES = ("long_hours", "night_work", "no_insurance", "under_age", "low_pay")
NOMINATED_SHARE = 0.4
HIRED_SHARE = 0.3
DEMAND_HEADCOUNT = {
    EnterpriseSize.LARGE: (10, 60),
    EnterpriseSize.MEDIUM: (3, 20),
    EnterpriseSize.SMALL: (1, 8),
    EnterpriseSize.MICRO: (1, 3),
}


def skills_by_sector(ctx: SeedContext) -> dict[str, list[int]]:
    """Skill ids wanted in each sector: those used mostly there and those of programs aimed at it."""
    names: dict[str, list[str]] = {}
    for name, sector in SKILLS.items():
        names.setdefault(sector, []).append(name)
    for spec in PROGRAMS:
        for sector in spec.sectors:
            names.setdefault(sector, []).extend(spec.skills)
    return {sector: [ctx.skill_ids[name] for name in dict.fromkeys(skills)] for sector, skills in names.items()}


def overlaps(first: tuple | None, second: tuple) -> bool:
    """Whether two periods (first day, last day) share a day; no period shares none."""
    return first is not None and first[0] <= second[1] and second[0] <= first[1]


class PostingBuilder:
    """Writes postings one by one together with their applications, placements and evaluations."""

    def __init__(self, ctx: SeedContext):
        self.ctx = ctx
        self.rng = ctx.rng
        self.skills = skills_by_sector(ctx)
        self.status_of = ctx.picker(STATUS_WEIGHTS)
        self.phase_of = {status: ctx.picker(weights) for status, weights in PHASE_WEIGHTS.items()}
        self.other_status_of = {status: ctx.picker(weights) for status, weights in OTHER_APPLICATION_WEIGHTS.items()}
        self.placement_status_of = {phase: ctx.picker(weights) for phase, weights in PLACEMENT_WEIGHTS.items()}
        self.hired = ctx.picker({False: 1 - HIRED_SHARE, True: HIRED_SHARE})
        self.compliant = ctx.picker({True: 1 - NON_COMPLIANT_SHARE, False: NON_COMPLIANT_SHARE})
        self.breach_of = ctx.picker(dict.fromkeys(BREACHES, 1))
        self.enterprises = expand_weights(
            (enterprise, SIZE_WEIGHTS[enterprise.size]) for enterprise in ctx.enterprises
        )
        self.skill_names = {skill_id: name for name, skill_id in ctx.skill_ids.items()}
        as_of = ctx.as_of
        self.past_terms = [term for term in ctx.terms if as_of - PAST_REACH <= term[0] and term[1] < as_of]
        self.running_term = next((term for term in ctx.terms if term[0] < as_of < term[1]), None)
        self.coming_terms = [term for term in ctx.terms if term[0] >= as_of + COMING_LEAD]

    def build(self) -> None:
        for number in range(self.ctx.count(300, 24)):
            # The demo enterprise's own postings come first, so its staff see one of each status.
            enterprise = self.ctx.enterprises[0] if number < len(STATUS_WEIGHTS) else self.rng.choice(self.enterprises)
            self._posting(enterprise)

    def _posting(self, enterprise: EnterpriseRecord) -> None:
        ctx, rng, as_of = self.ctx, self.rng, self.ctx.as_of
        status = self.status_of()
        phase = self.phase_of[status]()
        kind = PostingKind.APPRENTICESHIP if rng.random() < 0.25 else PostingKind.INTERNSHIP
        phase, term = self._term(status, phase)
        starts_on, ends_on = self._period(term, phase, kind)
        if status in (PostingStatus.DRAFT, PostingStatus.OPEN):
            deadline = ctx.day_between(as_of, starts_on - datetime.timedelta(days=5))
        else:
            deadline = min(starts_on, as_of) - datetime.timedelta(days=rng.randint(1, 30))
        created_on = min(as_of, deadline - datetime.timedelta(days=rng.randint(20, 60)))
        if status == PostingStatus.DRAFT:
            created_on = as_of - datetime.timedelta(days=rng.randint(0, 20))

        sector = enterprise.sector
        skills = self.skills[sector]
        skill_ids = rng.sample(skills, rng.randint(2, min(4, len(skills))))
        role = rng.choice(SECTOR_PROFILES[sector].roles)
        if kind == PostingKind.APPRENTICESHIP:
            title = f"{role}现代学徒制（{starts_on.year}级）"
            stipend = rng.randrange(3000, 5500, 100)
        else:
            title = f"{starts_on.year}年{role}岗位实习"
            stipend = rng.randrange(2000, 3500, 100)
        breach = self.breach_of() if status == PostingStatus.DRAFT and not self.compliant() else None
        daily_hours = Decimal("10.0") if breach == "long_hours" else Decimal(rng.choice(DAILY_HOURS))
        minimum_age = 15 if breach == "under_age" else 18 if sector in ADULTS_ONLY_SECTORS else 16
        if breach == "low_pay":
            stipend = 1200
        skill_names = "、".join(self.skill_names[skill_id] for skill_id in skill_ids)
        description = (
            f"岗位职责：在企业导师指导下从事{role}相关工作。要求：{skill_names}。提供{rng.choice(BENEFITS)}。"
        )
        if enterprise.bases and rng.random() < 0.6:
            base_id = rng.choice(enterprise.bases)
        elif rng.random() < 0.1:
            base_id = rng.choice(ctx.public_bases)
        else:
            base_id = None
        born_by = int(f"{starts_on:%Y%m%d}") - 10000 * minimum_age
        accepted, others = self._applicants(enterprise, status, phase, born_by, (starts_on, ends_on))
        if status == PostingStatus.FILLED and not accepted:
            status = PostingStatus.CLOSED  # no candidate was free: it closed unfilled
        slots = len(accepted) if status == PostingStatus.FILLED else len(accepted) + rng.choice(SLOTS)
        if status == PostingStatus.FILLED and any(state == PlacementStatus.CANCELLED for _student, state in accepted):
            # Placements begin after the deadline, so a cancellation frees a slot too late to reopen the posting.
            status = PostingStatus.CLOSED
        posting_id = ctx.tables.postings.add(
            enterprise.id,
            kind,
            title,
            description,
            ctx.sector_ids[sector],
            slots,
            sum(placement_status != PlacementStatus.CANCELLED for _student, placement_status in accepted),
            starts_on,
            ends_on,
            deadline,
            daily_hours,
            breach == "night_work",
            Decimal(stipend),
            breach != "no_insurance",
            minimum_age,
            base_id,
            enterprise.district.name,
            status,
            ctx.moment(created_on),
        )
        for skill_id in skill_ids:
            ctx.tables.posting_skills.add(posting_id, skill_id)
        # Applications come in until the deadline and are decided before the placements start.
        window = (created_on, min(deadline, as_of), min(starts_on, as_of))
        for student_id, placement_status in accepted:
            application_id = self._application(posting_id, student_id, ApplicationStatus.ACCEPTED, window)
            self._placement(posting_id, enterprise, student_id, application_id, placement_status, starts_on, ends_on)
        for student_id in others:
            application_status = self.other_status_of[status]()
            if application_status in OPEN_APPLICATIONS:
                if overlaps(ctx.active_periods.get(student_id), (starts_on, ends_on)):
                    self._application(posting_id, student_id, ApplicationStatus.CLOSED, window, PLACED_ELSEWHERE)
                    continue
                ctx.open_periods.setdefault(student_id, []).append((starts_on, ends_on))
            self._application(posting_id, student_id, application_status, window)

    def _term(self, status: str, phase: str) -> tuple[str, tuple[datetime.date, datetime.date]]:
        """The term a posting runs in, with its phase: one meant to be running when the reference date falls
        between two terms ran in a past term instead. A posting still to open or fill waits for a coming term."""
        if phase == RUNNING and self.running_term:
            return RUNNING, self.running_term
        if phase in (PAST, RUNNING):
            return PAST, self.rng.choice(self.past_terms)
        if status in (PostingStatus.DRAFT, PostingStatus.OPEN):
            return UPCOMING, self.rng.choice(self.coming_terms[:2])
        return UPCOMING, self.coming_terms[0]

    def _period(
        self, term: tuple[datetime.date, datetime.date], phase: str, kind: str
    ) -> tuple[datetime.date, datetime.date]:
        """The first and last day of a posting in ``term``: an apprenticeship takes the whole term, an internship
        three to five months of it; a running one has begun and not ended on the reference date."""
        first, last = term
        days = (last - first).days
        length = days if kind == PostingKind.APPRENTICESHIP else min(days, 30 * self.rng.randint(3, 5))
        earliest, latest = first, last - datetime.timedelta(days=length)
        if phase == RUNNING:
            earliest = max(earliest, self.ctx.as_of - datetime.timedelta(days=length - 1))
            latest = min(latest, self.ctx.as_of - datetime.timedelta(days=1))
        elif phase == UPCOMING:
            latest = min(latest, first + datetime.timedelta(days=30))
        starts_on = self.ctx.day_between(earliest, latest)
        return starts_on, starts_on + datetime.timedelta(days=length)

    def _applicants(
        self, enterprise: EnterpriseRecord, status: str, phase: str, born_by: int, period: tuple
    ) -> tuple[list[tuple], list[int]]:
        """Accepted students with their placement status, and the other applicants, born by ``born_by`` (YYYYMMDD,
        old enough for the posting); none for a draft. An active placement over ``period`` goes to a student with no
        other active placement and no open application over some of its days."""
        if status == PostingStatus.DRAFT:
            return [], []
        ctx, rng = self.ctx, self.rng
        group = EARLIER if phase == PAST else NOW
        wanted = rng.choice(SLOTS)
        if status == PostingStatus.OPEN:
            wanted = rng.randint(0, wanted - 1)
        elif status == PostingStatus.CLOSED:
            wanted = rng.randint(0, wanted)
        # Mostly students of partner colleges, else of programs aimed at the sector, else anyone near the end.
        keys = [(group, enterprise.sector, college) for college in enterprise.partners]
        pools = [pool for key in [*keys, (group, enterprise.sector), (group,)] if (pool := ctx.candidates.get(key))]
        if not pools:
            return [], []
        taken: set[int] = set()
        accepted: list[tuple[int, str]] = []
        others: list[int] = []
        others_wanted = rng.randint(1 if status == PostingStatus.OPEN else 0, wanted + 2)
        for _attempt in range(3 * (wanted + others_wanted)):
            if len(accepted) == wanted and len(others) == others_wanted:
                break
            pool = pools[0] if rng.random() < 0.7 else rng.choice(pools)
            student_id = rng.choice(pool)
            if student_id in taken:
                continue
            taken.add(student_id)
            if ctx.student_born[student_id] > born_by:
                continue
            if len(accepted) < wanted:
                placement_status = self.placement_status_of[phase]()
                active = placement_status == PlacementStatus.ACTIVE
                busy = student_id in ctx.active_periods or any(
                    overlaps(open_period, period) for open_period in ctx.open_periods.get(student_id, ())
                )
                if not (active and busy):
                    if active:
                        ctx.active_periods[student_id] = period
                    accepted.append((student_id, placement_status))
                    continue
            # A student placed elsewhere may still apply; they just cannot be accepted here as well.
            if len(others) < others_wanted:
                others.append(student_id)
        return accepted, others

    def _application(self, posting_id: int, student_id: int, status: str, window: tuple, reason: str = "") -> int:
        ctx, rng = self.ctx, self.rng
        first_day, last_day, last_decision = window
        submitted_on = ctx.day_between(first_day, last_day)
        submitted_at = ctx.moment(submitted_on)
        decided_at = None
        if status not in UNDECIDED:
            decided_on = min(submitted_on + datetime.timedelta(days=rng.randint(1, 14)), last_decision)
            decided_at = max(ctx.moment(decided_on), submitted_at + datetime.timedelta(hours=1))
        submitted_by = None
        if rng.random() < NOMINATED_SHARE:
            submitted_by = rng.choice(ctx.student_college[student_id].staff).user_id
        note = "学校推荐" if submitted_by else ""
        return ctx.tables.applications.add(
            posting_id,
            student_id,
            status,
            submitted_by,
            submitted_at,
            decided_at,
            note,
            reason or DECISION_REASONS.get(status, ""),
        )

    def _placement(self, posting_id, enterprise, student_id, application_id, status, starts_on, ends_on) -> None:
        ctx, rng = self.ctx, self.rng
        college = ctx.student_college[student_id]
        mentor = rng.choice(enterprise.mentors)
        completed_at = cancelled_at = None
        reason = ""
        hired = False
        until = min(ends_on, ctx.as_of)
        if status == PlacementStatus.COMPLETED:
            completed_at = ctx.moment(ends_on)
            hired = self.hired()
        elif status == PlacementStatus.CANCELLED:
            until = ctx.day_between(starts_on, min(ends_on - datetime.timedelta(days=1), ctx.as_of))
            cancelled_at = ctx.moment(until)
            reason = rng.choice(CANCELLATION_REASONS)
        placement_id = ctx.tables.placements.add(
            posting_id,
            student_id,
            application_id,
            enterprise.partners.get(college.index),
            status,
            starts_on,
            ends_on,
            mentor.id,
            rng.choice(college.staff).id,
            completed_at,
            cancelled_at,
            reason,
            hired,
        )
        self._evaluations(placement_id, mentor.id, starts_on, until)

    def _evaluations(self, placement_id: int, mentor_id: int, starts_on: datetime.date, until: datetime.date) -> None:
        """A mentor evaluation for each whole month worked, now and then skipped; interns improve as months pass."""
        ctx, rng = self.ctx, self.rng
        ability = rng.gauss(3.7, 0.5)
        period = starts_on.replace(day=1)
        months = 0
        while add_months(period, 1) <= until:
            if rng.random() < 0.9:
                marks = [min(5, max(1, round(rng.gauss(ability + 0.1 * months, 0.6)))) for _ in range(5)]
                evaluated_on = min(add_months(period, 1) + datetime.timedelta(days=rng.randint(0, 6)), ctx.as_of)
                ctx.tables.evaluations.add(
                    placement_id,
                    mentor_id,
                    period,
                    *marks,
                    rng.choice(EVALUATION_COMMENTS),
                    ctx.moment(evaluated_on),
                )
            period = add_months(period, 1)
            months += 1


def build_postings(ctx: SeedContext) -> None:
    PostingBuilder(ctx).build()


def build_talent_demand(ctx: SeedContext) -> None:
    """One to three (skill, year) rows per enterprise, for this year and next."""
    rng = ctx.rng
    skills = skills_by_sector(ctx)
    years = (ctx.as_of.year, ctx.as_of.year + 1)
    for enterprise in ctx.enterprises:
        wanted: set[tuple[int, int]] = set()
        for _ in range(rng.randint(1, 3)):
            key = (rng.choice(skills[enterprise.sector]), rng.choice(years))
            if key in wanted:
                continue
            wanted.add(key)
            ctx.tables.demand.add(
                enterprise.id,
                ctx.sector_ids[enterprise.sector],
                key[0],
                rng.randint(*DEMAND_HEADCOUNT[enterprise.size]),
                key[1],
            )
