"""Partnership health (docs/scoring.md), computed for a set of agreements in one statement.

Each source table is read once and grouped by agreement (commitments by agreement and side first) into a derived
table; the agreements are LEFT JOINed to them, so the statement is a handful of hash joins over all the rows at
once on a whole chunk, and index lookups when it is one agreement.
"""

import datetime
from collections.abc import Iterable

from colleges.models import College, Program, Student
from colleges.placed import placed_sql
from evaluation.choices import HealthBand
from evaluation.models import (
    HEALTH_COMPONENTS,
    MentorEvaluation,
    PartnershipHealthSnapshot,
    PartyRating,
    ScoringModel,
    ScoringRun,
)
from evaluation.scoring.sql import PostgreSQL, date_read, dialect, weighted_score
from evaluation.scoring.writes import ScoreQuery, read_inputs, write_current, write_snapshots
from partnerships.choices import AgreementStatus, Party
from partnerships.models import Commitment, CooperationAgreement, Milestone, Placement

SCORED = (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED)


def computation(sql: PostgreSQL, scope: str) -> str:
    """The health of the scored agreements in ``scope``: ``scored`` (agreement_id, score, band, components)."""
    done = "m.done_at < %(cutoff)s"
    due, in_time = "m.due_on <= %(as_of)s", f"{done} AND {sql.local_date('m.done_at')} <= m.due_on"
    # What is due is pro rata to the term elapsed; nothing is due yet at its start.
    kept = (
        "CASE WHEN agreement.elapsed = 0 THEN 1 ELSE "
        + sql.least(f"{sql.real('c.delivered_amount')} / ({sql.real('c.amount')} * agreement.elapsed)", "1")
        + " END"
    )
    # The latest moment of activity, then its date: one time-zone conversion per agreement, not one per source.
    last_moment = sql.latest(
        "CASE WHEN agreement.countersigned_at < %(cutoff)s THEN agreement.countersigned_at END",
        "milestone.last_done",
        "rating.last_rated",
        "placement.last_completed",
        "evaluation.last_evaluated",
    )
    last_activity = sql.latest(sql.local_date(last_moment), "placement.last_started")
    idle = sql.days("%(as_of)s", "last_activity")
    own = "sp.college_id = agreement.college_id"
    college_kept, enterprise_kept = "COALESCE(commitment.college_kept, 0)", "COALESCE(commitment.enterprise_kept, 0)"
    return f"""
    WITH agreement AS (
        SELECT a.id, a.status, a.college_id, a.starts_on, a.countersigned_at,
               {
        sql.greatest(
            "0",
            sql.least(
                f"{sql.real(sql.days(sql.least('%(as_of)s', 'a.ends_on'), 'a.starts_on'))}"
                f" / {sql.days('a.ends_on', 'a.starts_on')}",
                "1",
            ),
        )
    } AS elapsed
        FROM {HEALTH.members}
        WHERE {HEALTH.scored} AND {scope}
    ),
    commitment_side AS (
        SELECT c.agreement_id, c.party, AVG({kept}) AS kept, COUNT(*) AS made,
               SUM(CASE WHEN {kept} >= 1 THEN 1 ELSE 0 END) AS kept_in_full
        FROM {Commitment._meta.db_table} c JOIN agreement ON agreement.id = c.agreement_id
        GROUP BY c.agreement_id, c.party
    ),
    commitment AS (
        SELECT agreement_id, AVG(kept) AS kept, SUM(made) AS made, SUM(kept_in_full) AS kept_in_full,
               MAX(CASE WHEN party = '{Party.COLLEGE}' THEN kept END) AS college_kept,
               MAX(CASE WHEN party = '{Party.ENTERPRISE}' THEN kept END) AS enterprise_kept
        FROM commitment_side
        GROUP BY agreement_id
    ),
    milestone AS (
        SELECT m.agreement_id,
               AVG(CASE WHEN NOT ({due}) THEN NULL
                        WHEN {in_time} THEN 1
                        WHEN {done} THEN {sql.real("%(late_credit)s")}
                        ELSE 0 END) AS on_time,
               MAX(CASE WHEN {done} THEN m.done_at END) AS last_done,
               SUM(CASE WHEN {due} THEN 1 ELSE 0 END) AS due,
               SUM(CASE WHEN {due} AND {in_time} THEN 1 ELSE 0 END) AS done_in_time,
               SUM(CASE WHEN {due} AND {done} AND NOT ({in_time}) THEN 1 ELSE 0 END) AS done_late
        FROM {Milestone._meta.db_table} m JOIN agreement ON agreement.id = m.agreement_id
        GROUP BY m.agreement_id
    ),
    rating_side AS (
        SELECT r.agreement_id, r.rater_party, AVG({sql.real("r.score")} - 1) / 4 AS satisfaction,
               MAX(r.rated_at) AS last_rated, COUNT(*) AS ratings
        FROM {PartyRating._meta.db_table} r JOIN agreement ON agreement.id = r.agreement_id
        WHERE r.rated_at < %(cutoff)s
        GROUP BY r.agreement_id, r.rater_party
    ),
    rating AS (
        SELECT agreement_id, AVG(satisfaction) AS satisfaction, MAX(last_rated) AS last_rated, SUM(ratings) AS ratings,
               MAX(CASE WHEN rater_party = '{Party.COLLEGE}' THEN satisfaction END) AS college_satisfaction,
               MAX(CASE WHEN rater_party = '{Party.ENTERPRISE}' THEN satisfaction END) AS enterprise_satisfaction
        FROM rating_side
        GROUP BY agreement_id
    ),
    evaluation AS (
        SELECT p.agreement_id, MAX(e.evaluated_at) AS last_evaluated
        FROM {MentorEvaluation._meta.db_table} e
        JOIN {Placement._meta.db_table} p ON p.id = e.placement_id
        JOIN agreement ON agreement.id = p.agreement_id
        WHERE e.evaluated_at < %(cutoff)s
        GROUP BY p.agreement_id
    ),
    placement AS (
        -- Hired implies completed (a model constraint): "hired or saw one through" is "completed one". Reciprocity
        -- counts only the agreement's college's students (own_*).
        SELECT p.agreement_id,
               MAX(CASE WHEN p.starts_on <= %(as_of)s THEN p.starts_on END) AS last_started,
               MAX(CASE WHEN p.completed_at < %(cutoff)s THEN p.completed_at END) AS last_completed,
               SUM(CASE WHEN p.completed_at < %(cutoff)s THEN 1 ELSE 0 END) AS completed,
               SUM(CASE WHEN p.completed_at < %(cutoff)s AND p.hired_after THEN 1 ELSE 0 END) AS hired,
               SUM(CASE WHEN p.cancelled_at < %(cutoff)s THEN 1 ELSE 0 END) AS cancelled,
               SUM(CASE WHEN {own} AND {placed_sql("p")} THEN 1 ELSE 0 END) AS own_placed,
               SUM(CASE WHEN {own} AND p.completed_at < %(cutoff)s THEN 1 ELSE 0 END) AS own_completed
        FROM {Placement._meta.db_table} p
        JOIN agreement ON agreement.id = p.agreement_id
        JOIN {Student._meta.db_table} s ON s.id = p.student_id
        JOIN {Program._meta.db_table} sp ON sp.id = s.program_id
        GROUP BY p.agreement_id
    ),
    component AS (
        SELECT agreement.id AS agreement_id, agreement.status, agreement.starts_on,
               commitment.kept AS commitments_kept,
               milestone.on_time AS milestones_on_time,
               rating.satisfaction,
               {last_activity} AS last_activity,
               0.5 * COALESCE({sql.least(college_kept, enterprise_kept)}
                              / NULLIF({sql.greatest(college_kept, enterprise_kept)}, 0), 0)
               + 0.5 * ((CASE WHEN placement.own_placed > 0 THEN 1 ELSE 0 END)
                        + (CASE WHEN placement.own_completed > 0 THEN 1 ELSE 0 END)) / 2.0 AS reciprocity,
               CASE WHEN placement.completed + placement.cancelled > 0 THEN
                   0.5 * placement.completed / {sql.real("placement.completed + placement.cancelled")}
                   + 0.5 * COALESCE(placement.hired / {sql.real("NULLIF(placement.completed, 0)")}, 0)
               END AS outcomes
        FROM agreement
        LEFT JOIN commitment ON commitment.agreement_id = agreement.id
        LEFT JOIN milestone ON milestone.agreement_id = agreement.id
        LEFT JOIN rating ON rating.agreement_id = agreement.id
        LEFT JOIN placement ON placement.agreement_id = agreement.id
        LEFT JOIN evaluation ON evaluation.agreement_id = agreement.id
    ),
    figures AS (
        SELECT agreement_id, status, starts_on, commitments_kept, milestones_on_time, satisfaction, reciprocity,
               outcomes,
               CASE WHEN {idle} <= %(fresh_days)s THEN 1
                    WHEN {idle} >= %(stale_days)s THEN 0
                    ELSE ({sql.real("%(stale_days)s")} - {idle}) / (%(stale_days)s - %(fresh_days)s)
               END AS recency
        FROM component
    ),
    weighed AS (
        SELECT figures.*, {weighted_score(sql, HEALTH_COMPONENTS)} AS weighted,
               {" + ".join(f"CASE WHEN {name} IS NULL THEN 0 ELSE 1 END" for name in HEALTH_COMPONENTS)} AS with_data
        FROM figures
    ),
    judged AS (
        SELECT weighed.*,
               NOT (status = '{AgreementStatus.ACTIVE}' AND {sql.days("%(as_of)s", "starts_on")} < %(min_age_days)s
                    OR with_data < %(min_components)s OR weighted IS NULL) AS enough_data
        FROM weighed
    ),
    scored AS (
        SELECT agreement_id, {", ".join(HEALTH_COMPONENTS)},
               CASE WHEN enough_data THEN weighted END AS score,
               CASE WHEN NOT enough_data THEN '{HealthBand.NOT_ENOUGH_DATA}'
                    WHEN weighted >= %(healthy_min)s THEN '{HealthBand.HEALTHY}'
                    WHEN weighted >= %(watch_min)s THEN '{HealthBand.WATCH}'
                    ELSE '{HealthBand.AT_RISK}' END AS band
        FROM judged
    )
    """


HEALTH = ScoreQuery(
    snapshot=PartnershipHealthSnapshot,
    entity="agreement_id",
    members=(
        f"{CooperationAgreement._meta.db_table} a JOIN {College._meta.db_table} college ON college.id = a.college_id"
    ),
    member_id="a.id",
    scored="a.status IN (" + ", ".join(f"'{status}'" for status in SCORED) + ")",
    figures=("score", "band", *HEALTH_COMPONENTS),
    computation=computation,
)


def score_health_chunk(run: ScoringRun, chunk: int, chunks: int) -> int:
    """Write the run's health snapshots of its city's agreements with ``id % chunks == chunk``; the rows written."""
    return write_snapshots(
        HEALTH,
        run=run,
        model=run.health_model,
        scope="college.city_id = %(city)s AND a.id %% %(chunks)s = %(chunk)s",
        parameters={"city": run.city_id, "chunk": chunk, "chunks": chunks},
    )


def rescore_agreements(agreement_ids: Iterable[int], *, as_of, model: ScoringModel) -> int:
    """Recompute these agreements' current health (the incremental path); the rows written."""
    sql, ids = dialect(), list(agreement_ids)
    if not ids:
        return 0
    return write_current(
        HEALTH, as_of=as_of, model=model, scope=sql.one_of("a.id", "ids"), parameters={"ids": sql.ids(ids)}
    )


# The counts behind each component, read from the computation's tables (docs/scoring.md says what each counts).
INPUTS = """
    SELECT agreement.elapsed, commitment.made, commitment.kept_in_full, commitment.college_kept,
           commitment.enterprise_kept, milestone.due, milestone.done_in_time, milestone.done_late, rating.ratings,
           rating.college_satisfaction, rating.enterprise_satisfaction, component.last_activity,
           placement.own_placed, placement.own_completed, placement.completed, placement.hired, placement.cancelled
    FROM agreement
    JOIN component ON component.agreement_id = agreement.id
    LEFT JOIN commitment ON commitment.agreement_id = agreement.id
    LEFT JOIN milestone ON milestone.agreement_id = agreement.id
    LEFT JOIN rating ON rating.agreement_id = agreement.id
    LEFT JOIN placement ON placement.agreement_id = agreement.id
"""
COUNTS = (
    *("made", "kept_in_full", "due", "done_in_time", "done_late", "ratings"),
    *("own_placed", "own_completed", "completed", "hired", "cancelled"),
)


def health_inputs(agreement_id: int, *, as_of: datetime.date, model: ScoringModel) -> dict | None:
    """What the agreement's health is computed from as of ``as_of`` (None if it is not scored): counts, the
    sides' shares, the term elapsed and the day of the last activity."""
    inputs = read_inputs(HEALTH, as_of=as_of, model=model, entity_id=agreement_id, select=INPUTS)
    if inputs is None:
        return None
    return {
        **inputs,
        **{name: int(inputs[name] or 0) for name in COUNTS},
        "last_activity": date_read(inputs["last_activity"]),
    }
