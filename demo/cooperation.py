"""Cooperation agreements over every kind and lifecycle state, with renewals, co-built training bases, both
parties' commitments, milestones and ratings; and the enterprise seats on college councils."""

import datetime
import itertools
from decimal import Decimal

from demo.context import AgreementRecord, CollegeRecord, EnterpriseRecord, SeedContext, add_months
from demo.identities import Identities
from demo.organisations import add_training_base
from demo.vocabulary import (
    AGREEMENT_PURPOSES,
    AGREEMENT_TITLES,
    AGREEMENT_YEARS,
    BASE_FIELD_WORDS,
    COMMITMENT_DESCRIPTIONS,
    COUNCIL_TITLES,
    EVIDENCE_FORMATS,
    MILESTONES,
    RATING_COMMENTS,
    SECTOR_PROFILES,
    TERMINATION_REASONS,
)
from partnerships.choices import AgreementKind, AgreementStatus, CommitmentKind, CouncilRole, Party, TrainingBaseKind

KIND_WEIGHTS = {
    AgreementKind.INTERNSHIP_BASE: 30,
    AgreementKind.ORDER_CLASS: 15,
    AgreementKind.MODERN_APPRENTICESHIP: 15,
    AgreementKind.INDUSTRIAL_COLLEGE: 8,
    AgreementKind.CO_BUILT_TRAINING_BASE: 12,
    AgreementKind.JOINT_RD: 12,
    AgreementKind.STAFF_EXCHANGE: 8,
}
# Active first, so the first agreement (the demo college with the demo enterprise) is a running one.
STATUS_WEIGHTS = {
    AgreementStatus.ACTIVE: 45,
    AgreementStatus.COMPLETED: 25,
    AgreementStatus.TERMINATED: 12,
    AgreementStatus.PROPOSED: 10,
    AgreementStatus.DRAFT: 8,
}
SIGNED = (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)
# Kinds whose agreements students' placements fulfil.
PLACEMENT_KINDS = (
    AgreementKind.INTERNSHIP_BASE,
    AgreementKind.ORDER_CLASS,
    AgreementKind.MODERN_APPRENTICESHIP,
    AgreementKind.INDUSTRIAL_COLLEGE,
)
RENEWAL_SHARE = 0.35
# What each side promises, by kind: (party, commitment kind, least, most) over the agreement's term.
COMMITMENTS = {
    AgreementKind.INTERNSHIP_BASE: (
        (Party.ENTERPRISE, CommitmentKind.SLOTS, 20, 80),
        (Party.COLLEGE, CommitmentKind.TEACHING_HOURS, 40, 160),
    ),
    AgreementKind.ORDER_CLASS: (
        (Party.ENTERPRISE, CommitmentKind.HIRES, 10, 40),
        (Party.ENTERPRISE, CommitmentKind.MONEY, 100_000, 500_000),
        (Party.COLLEGE, CommitmentKind.TEACHING_HOURS, 120, 480),
    ),
    AgreementKind.MODERN_APPRENTICESHIP: (
        (Party.ENTERPRISE, CommitmentKind.SLOTS, 10, 40),
        (Party.ENTERPRISE, CommitmentKind.TEACHING_HOURS, 200, 800),
        (Party.COLLEGE, CommitmentKind.TEACHING_HOURS, 200, 600),
    ),
    AgreementKind.INDUSTRIAL_COLLEGE: (
        (Party.ENTERPRISE, CommitmentKind.MONEY, 500_000, 3_000_000),
        (Party.ENTERPRISE, CommitmentKind.EQUIPMENT, 1_000_000, 5_000_000),
        (Party.ENTERPRISE, CommitmentKind.HIRES, 20, 80),
        (Party.COLLEGE, CommitmentKind.TEACHING_HOURS, 300, 1200),
    ),
    AgreementKind.CO_BUILT_TRAINING_BASE: (
        (Party.ENTERPRISE, CommitmentKind.EQUIPMENT, 1_000_000, 8_000_000),
        (Party.COLLEGE, CommitmentKind.MONEY, 300_000, 2_000_000),
    ),
    AgreementKind.JOINT_RD: (
        (Party.ENTERPRISE, CommitmentKind.MONEY, 200_000, 2_000_000),
        (Party.COLLEGE, CommitmentKind.TEACHING_HOURS, 200, 1000),
    ),
    AgreementKind.STAFF_EXCHANGE: (
        (Party.ENTERPRISE, CommitmentKind.TEACHING_HOURS, 100, 400),
        (Party.COLLEGE, CommitmentKind.TEACHING_HOURS, 100, 400),
    ),
}
CNY_KINDS = (CommitmentKind.MONEY, CommitmentKind.EQUIPMENT)
DONE_SHARES = {AgreementStatus.ACTIVE: 0.75, AgreementStatus.COMPLETED: 0.95, AgreementStatus.TERMINATED: 0.75}


def _elapsed(agreement: AgreementRecord, until: datetime.date) -> float:
    """The share of the agreement's term that had passed by ``until``."""
    if until <= agreement.starts_on:
        return 0.0
    return min(1.0, (until - agreement.starts_on).days / (agreement.ends_on - agreement.starts_on).days)


class AgreementBuilder:
    """Writes agreements one by one, each with its co-built base, commitments, milestones and ratings."""

    def __init__(self, ctx: SeedContext):
        self.ctx = ctx
        # Whether a milestone due by now was done, by status: the first due one is done, the next overdue.
        self.done_of = {status: ctx.picker({True: share, False: 1 - share}) for status, share in DONE_SHARES.items()}

    def build(self) -> None:
        """Every (status, kind) pair once, then weighted draws; some completed agreements are renewed."""
        ctx, rng = self.ctx, self.ctx.rng
        guaranteed = list(itertools.product(STATUS_WEIGHTS, KIND_WEIGHTS))
        target = ctx.count(200, len(guaranteed))
        kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        renewed = False
        while len(ctx.agreements) < target:
            number = len(ctx.agreements)
            if number < len(guaranteed):
                status, kind = guaranteed[number]
            else:
                status, kind = rng.choices(statuses, status_weights)[0], rng.choices(kinds, kind_weights)[0]
            college, enterprise = (ctx.colleges[0], ctx.enterprises[0]) if number == 0 else self._partners()
            agreement = self._add_agreement(college, enterprise, kind, status, self._term(kind, status))
            if status == AgreementStatus.COMPLETED and (not renewed or rng.random() < RENEWAL_SHARE):
                renewed = True
                starts_on = agreement.ends_on + datetime.timedelta(days=1)
                years = rng.randint(*AGREEMENT_YEARS[kind])
                ends_on = starts_on.replace(year=starts_on.year + years) - datetime.timedelta(days=1)
                renewal_status = AgreementStatus.ACTIVE if ends_on > ctx.as_of else AgreementStatus.COMPLETED
                self._add_agreement(college, enterprise, kind, renewal_status, (starts_on, ends_on), agreement)

    def _partners(self) -> tuple[CollegeRecord, EnterpriseRecord]:
        """A college and an enterprise of a sector the college's programs aim at, when the city has one."""
        ctx, rng = self.ctx, self.ctx.rng
        college = rng.choice(ctx.colleges)
        enterprises = ctx.enterprises_by_sector.get(rng.choice(college.sectors)) or ctx.enterprises
        return college, rng.choice(enterprises)

    def _term(self, kind: str, status: str) -> tuple[datetime.date, datetime.date]:
        """(starts_on, ends_on) of a new agreement: whole years from the first of a month, placed by its status."""
        rng, as_of = self.ctx.rng, self.ctx.as_of
        years = rng.randint(*AGREEMENT_YEARS[kind])
        if status in (AgreementStatus.DRAFT, AgreementStatus.PROPOSED):
            starts_on = add_months(as_of.replace(day=1), rng.randint(1, 8))
        elif status == AgreementStatus.ACTIVE:
            starts_on = (as_of - datetime.timedelta(days=rng.randint(0, years * 365 - 45))).replace(day=1)
        elif status == AgreementStatus.COMPLETED:
            day_after_end = (as_of - datetime.timedelta(days=rng.randint(1, 1100))).replace(day=1)
            starts_on = day_after_end.replace(year=day_after_end.year - years)
        else:
            starts_on = (as_of - datetime.timedelta(days=rng.randint(120, years * 365))).replace(day=1)
        return starts_on, starts_on.replace(year=starts_on.year + years) - datetime.timedelta(days=1)

    def _add_agreement(
        self,
        college: CollegeRecord,
        enterprise: EnterpriseRecord,
        kind: str,
        status: str,
        term: tuple[datetime.date, datetime.date],
        predecessor: AgreementRecord | None = None,
    ) -> AgreementRecord:
        ctx, rng, as_of = self.ctx, self.ctx.rng, self.ctx.as_of
        starts_on, ends_on = term
        program = next(
            (program for program in college.programs if enterprise.sector in program.spec.sectors), college.programs[0]
        )
        field = BASE_FIELD_WORDS[program.spec.field]
        title = AGREEMENT_TITLES[kind].format(
            college=college.name,
            enterprise=enterprise.name,
            brand=enterprise.brand,
            program=program.spec.name,
            field=field,
            topic=rng.choice(SECTOR_PROFILES[enterprise.sector].research_topics),
        )
        if predecessor:
            title += "（续签）"
        summary = (
            f"{college.name}与{enterprise.name}围绕{program.spec.name}专业，{AGREEMENT_PURPOSES[kind]}，"
            f"期限自{starts_on:%Y年%m月%d日}至{ends_on:%Y年%m月%d日}。"
        )
        proposer_party, proposed_by, proposed_at, countersigned_by, countersigned_at = "", None, None, None, None
        ended_at, termination_reason, ended_on = None, "", None
        if status == AgreementStatus.DRAFT:
            created_at = ctx.moment(as_of - datetime.timedelta(days=rng.randint(0, 60)))
        else:
            proposer_party = Party.COLLEGE if rng.random() < 0.55 else Party.ENTERPRISE
            proposer, signer = (college, enterprise) if proposer_party == Party.COLLEGE else (enterprise, college)
            proposed_by = rng.choice(proposer.staff).user_id
            if status == AgreementStatus.PROPOSED:
                proposed_on = as_of - datetime.timedelta(days=rng.randint(0, 40))
            else:
                proposed_on = starts_on - datetime.timedelta(days=rng.randint(15, 90))
                countersigned_by = rng.choice(signer.staff).user_id
                countersigned_at = ctx.moment(proposed_on + datetime.timedelta(days=rng.randint(1, 14)))
            proposed_at = ctx.moment(proposed_on)
            created_at = ctx.moment(proposed_on - datetime.timedelta(days=rng.randint(1, 30)))
        if status == AgreementStatus.COMPLETED:
            ended_on = ends_on
        elif status == AgreementStatus.TERMINATED:
            ended_on = ctx.day_between(starts_on + datetime.timedelta(days=60), min(ends_on, as_of))
            termination_reason = rng.choice(TERMINATION_REASONS)
        if ended_on:
            ended_at = ctx.moment(ended_on)
        training_base_id = self._training_base(college, enterprise, kind, status, starts_on, field, predecessor)
        agreement_id = ctx.tables.agreements.add(
            college.id,
            enterprise.id,
            kind,
            title,
            summary,
            training_base_id,
            starts_on,
            ends_on,
            status,
            proposer_party,
            proposed_by,
            proposed_at,
            countersigned_by,
            countersigned_at,
            ended_at,
            termination_reason,
            predecessor.id if predecessor else None,
            None,  # the versions of the terms are the workflow's record; generated agreements have none
            created_at,
        )
        agreement = AgreementRecord(
            agreement_id, college, enterprise, kind, status, starts_on, ends_on, training_base_id
        )
        ctx.agreements.append(agreement)
        if (
            status in SIGNED
            and kind in PLACEMENT_KINDS
            and (status == AgreementStatus.ACTIVE or college.index not in enterprise.partners)
        ):
            enterprise.partners[college.index] = agreement_id
        # Delivery, milestones and ratings run until the agreement ended, or until today while it runs.
        until = min(ended_on or as_of, as_of)
        self._add_commitments(agreement, until)
        self._add_milestones(agreement, until)
        if status in SIGNED:
            self._add_ratings(agreement, until)
        return agreement

    def _training_base(
        self,
        college: CollegeRecord,
        enterprise: EnterpriseRecord,
        kind: str,
        status: str,
        starts_on: datetime.date,
        field: str,
        predecessor: AgreementRecord | None,
    ) -> int | None:
        """The base an agreement is about: a co-built one (built once signed, kept by a renewal) or the host's own."""
        ctx = self.ctx
        if kind == AgreementKind.CO_BUILT_TRAINING_BASE and status in SIGNED:
            if predecessor:
                return predecessor.training_base_id
            opened_on = min(starts_on + datetime.timedelta(days=ctx.rng.randint(60, 240)), ctx.as_of)
            return add_training_base(
                ctx,
                f"{college.name}{enterprise.brand}{field}产教融合实训基地",
                TrainingBaseKind.CO_BUILT,
                [enterprise.sector],
                opened_on,
                college.district,
                college,
                enterprise,
            )
        if kind == AgreementKind.INTERNSHIP_BASE and enterprise.bases:
            return ctx.rng.choice(enterprise.bases)
        return None

    def _add_commitments(self, agreement: AgreementRecord, until: datetime.date) -> None:
        """Both parties' promises; delivery is partial and pro rata, short for terminated agreements."""
        ctx, rng = self.ctx, self.ctx.rng
        elapsed = _elapsed(agreement, until) if agreement.status in SIGNED else 0.0
        for party, kind, least, most in COMMITMENTS[agreement.kind]:
            amount = rng.randrange(least, most, 1000) if kind in CNY_KINDS else rng.randint(least, most)
            if agreement.status == AgreementStatus.COMPLETED:
                share = rng.uniform(0.7, 1.05)
            elif agreement.status == AgreementStatus.TERMINATED:
                share = elapsed * rng.uniform(0.1, 0.6)
            else:
                share = elapsed * rng.uniform(0.4, 1.15)
            ctx.tables.commitments.add(
                agreement.id,
                party,
                kind,
                COMMITMENT_DESCRIPTIONS[kind],
                Decimal(amount),
                Decimal(round(amount * share)),
            )

    def _add_milestones(self, agreement: AgreementRecord, until: datetime.date) -> None:
        """Steps spread over the term; most of those due by ``until`` are done with evidence, the rest overdue."""
        ctx, rng = self.ctx, self.ctx.rng
        titles = MILESTONES[agreement.kind]
        titles = titles[: rng.randint(2, len(titles))]
        term_days = (agreement.ends_on - agreement.starts_on).days
        for number, title in enumerate(titles, start=1):
            due_on = agreement.starts_on + datetime.timedelta(days=term_days * number // (len(titles) + 1))
            done_at, evidence = None, ""
            if agreement.status in SIGNED and due_on <= until and self.done_of[agreement.status]():
                done_on = min(due_on + datetime.timedelta(days=rng.randint(-10, 20)), until)
                done_at = ctx.moment(done_on)
                evidence = rng.choice(EVIDENCE_FORMATS).format(year=done_on.year, number=rng.randint(1, 999))
            ctx.tables.milestones.add(agreement.id, title, due_on, done_at, evidence)

    def _add_ratings(self, agreement: AgreementRecord, until: datetime.date) -> None:
        """Each side rates the other every half year; satisfaction is lower in agreements that were terminated."""
        ctx, rng = self.ctx, self.ctx.rng
        terminated = agreement.status == AgreementStatus.TERMINATED
        satisfaction = rng.uniform(1.6, 3.0) if terminated else rng.uniform(3.2, 4.7)
        raters = ((Party.COLLEGE, agreement.college.staff), (Party.ENTERPRISE, agreement.enterprise.staff))
        period = add_months(agreement.starts_on, 5)
        while period <= until and add_months(period, 1) <= ctx.as_of:
            for party, staff in raters:
                if rng.random() < 0.85:
                    score = min(5, max(1, round(rng.gauss(satisfaction, 0.7))))
                    rated_on = min(add_months(period, 1) + datetime.timedelta(days=rng.randint(0, 14)), ctx.as_of)
                    ctx.tables.ratings.add(
                        agreement.id,
                        party,
                        rng.choice(staff).user_id,
                        period,
                        score,
                        rng.choice(RATING_COMMENTS),
                        ctx.moment(rated_on),
                    )
            period = add_months(period, 6)


def build_agreements(ctx: SeedContext) -> None:
    AgreementBuilder(ctx).build()


def build_council_seats(ctx: SeedContext, people: Identities) -> None:
    """One to four enterprise representatives on each college's council, from its partners where it has some."""
    rng = ctx.rng
    partners: dict[int, list[EnterpriseRecord]] = {}
    for agreement in ctx.agreements:
        partners.setdefault(agreement.college.index, []).append(agreement.enterprise)
    first_role = ctx.picker({CouncilRole.VICE_CHAIR: 6, CouncilRole.CHAIR: 1, CouncilRole.MEMBER: 3})
    since = datetime.date(2019, 1, 1)
    for college in ctx.colleges:
        seats: set[tuple] = set()
        for number in range(rng.randint(1, 4)):
            enterprise = rng.choice(partners.get(college.index) or ctx.enterprises)
            surname, given = people.person(female=rng.random() < 0.3)
            started_on = ctx.day_between(since, ctx.as_of)
            key = (enterprise.id, surname + given, started_on)
            if key in seats:
                continue
            seats.add(key)
            ended_on = ctx.day_between(started_on, ctx.as_of) if rng.random() < 0.2 else None
            ctx.tables.council_seats.add(
                college.id,
                enterprise.id,
                surname + given,
                rng.choice(COUNCIL_TITLES),
                first_role() if number == 0 else CouncilRole.MEMBER,
                started_on,
                ended_on,
            )
