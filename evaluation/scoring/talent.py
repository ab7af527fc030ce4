"""Talent evaluation (docs/scoring.md), computed for whole program-and-cohort groups of students in one statement.

Certificates are grouped by student, and so are placements together with their mentor evaluations; the students
are LEFT JOINed to these derived tables and ranked within their program and cohort by a window function.
"""

import datetime
from collections.abc import Iterable

from colleges.choices import CertificateLevel, StudentStatus
from colleges.models import College, Program, Student, StudentCertificate
from colleges.placed import placed_sql
from evaluation.models import (
    TALENT_COMPONENTS,
    MentorEvaluation,
    ScoringModel,
    ScoringRun,
    TalentScoreSnapshot,
)
from evaluation.scoring.sql import PostgreSQL, date_read, dialect, weighted_score
from evaluation.scoring.writes import ScoreQuery, read_inputs, write_current, write_snapshots
from partnerships.models import Placement

SCORED = (StudentStatus.ENROLLED, StudentStatus.GRADUATED)
RUBRIC = ("professional_skill", "attitude", "teamwork", "innovation", "safety_and_standards")


def computation(sql: PostgreSQL, scope: str) -> str:
    """The talent of the scored students in ``scope``: ``scored`` (student_id, score, percentile, components)."""
    age = sql.greatest("0", sql.days("%(as_of)s", "e.period"))
    # The mean of five marks from 1 to 5, as a share: (Σ marks / 5 − 1) / 4.
    rubric = f"({sql.real(' + '.join(f'e.{mark}' for mark in RUBRIC))} - 5) / 20"
    placed = placed_sql("p")
    points = " ".join(f"WHEN '{level}' THEN %({level}_points)s" for level in CertificateLevel.values)
    return f"""
    WITH student AS (
        SELECT s.id, s.program_id, s.cohort_year, s.practice_hours, p.required_practice_hours,
               CASE WHEN p.required_practice_hours = 0 THEN 1
                    ELSE {sql.least(f"{sql.real('s.practice_hours')} / p.required_practice_hours", "1")}
               END AS practice
        FROM {TALENT.members}
        WHERE {TALENT.scored} AND {scope}
    ),
    certificate AS (
        -- Each certificate counts once, at the highest level earned by T.
        SELECT best.student_id, {sql.least(sql.real("SUM(best.points)"), "1")} AS points, COUNT(*) AS counted
        FROM (
            SELECT c.student_id, MAX(CASE c.level {points} END) AS points
            FROM {StudentCertificate._meta.db_table} c JOIN student ON student.id = c.student_id
            WHERE c.awarded_on <= %(as_of)s
            GROUP BY c.student_id, c.certificate_id
        ) best
        GROUP BY best.student_id
    ),
    placement AS (
        -- A placement counts once it places the student on T (colleges.placed) or was cancelled by T; it is
        -- active until it ends. Its evaluations count once written, weighted by the age of the month each covers,
        -- halving every half_life_days.
        SELECT p.student_id,
               MAX(CASE WHEN p.completed_at < %(cutoff)s AND p.hired_after THEN %(hired)s
                        WHEN p.completed_at < %(cutoff)s THEN %(completed)s
                        WHEN {placed} THEN %(active)s
                        ELSE %(cancelled)s END) AS best,
               SUM(evaluation.weight * evaluation.rubric) / SUM(evaluation.weight) AS mentor,
               COUNT(evaluation.rubric) AS evaluations, MAX(evaluation.period) AS last_period
        FROM {Placement._meta.db_table} p
        JOIN student ON student.id = p.student_id
        LEFT JOIN (
            SELECT e.placement_id, e.period, POWER(0.5, {age} / {sql.real("%(half_life_days)s")}) AS weight,
                   {rubric} AS rubric
            FROM {MentorEvaluation._meta.db_table} e
            WHERE e.evaluated_at < %(cutoff)s
        ) evaluation ON evaluation.placement_id = p.id
        WHERE {placed} OR p.cancelled_at < %(cutoff)s
        GROUP BY p.student_id
    ),
    figures AS (
        SELECT student.id AS student_id, student.program_id, student.cohort_year, student.practice,
               COALESCE(certificate.points, 0) AS certificates,
               placement.mentor,
               {sql.real("COALESCE(placement.best, 0)")} AS placement
        FROM student
        LEFT JOIN certificate ON certificate.student_id = student.id
        LEFT JOIN placement ON placement.student_id = student.id
    ),
    weighed AS (
        -- Only the mentor component can lack data, but a model may weigh nothing else: a student without
        -- evaluations then has no score, and is left unscored rather than failing the whole statement.
        SELECT figures.*, {weighted_score(sql, TALENT_COMPONENTS)} AS score
        FROM figures
    ),
    scored AS (
        SELECT student_id, score, {", ".join(TALENT_COMPONENTS)},
               {sql.round1("100 * PERCENT_RANK() OVER (PARTITION BY program_id, cohort_year ORDER BY score)")}
                   AS percentile
        FROM weighed
        WHERE score IS NOT NULL
    )
    """


TALENT = ScoreQuery(
    snapshot=TalentScoreSnapshot,
    entity="student_id",
    members=(
        f"{Student._meta.db_table} s JOIN {Program._meta.db_table} p ON p.id = s.program_id "
        f"JOIN {College._meta.db_table} college ON college.id = p.college_id"
    ),
    member_id="s.id",
    scored="s.status IN (" + ", ".join(f"'{status}'" for status in SCORED) + ")",
    figures=("score", "percentile", *TALENT_COMPONENTS),
    computation=computation,
)


def score_talent_chunk(run: ScoringRun, chunk: int, chunks: int) -> int:
    """Write the run's talent snapshots of the students of its city's programs with ``id % chunks == chunk``
    (whole programs, as percentiles are taken within program and cohort); the rows written."""
    return write_snapshots(
        TALENT,
        run=run,
        model=run.talent_model,
        scope="college.city_id = %(city)s AND p.id %% %(chunks)s = %(chunk)s",
        parameters={"city": run.city_id, "chunk": chunk, "chunks": chunks},
    )


def rescore_students(student_ids: Iterable[int], *, as_of, model: ScoringModel) -> int:
    """Recompute the current talent of these students and of everyone in their program and cohort, whose
    percentiles move with theirs (the incremental path); the rows written."""
    sql, ids = dialect(), list(student_ids)
    if not ids:
        return 0
    mates = (
        f"EXISTS (SELECT 1 FROM {Student._meta.db_table} mate WHERE {sql.one_of('mate.id', 'ids')} "
        "AND mate.program_id = s.program_id AND mate.cohort_year = s.cohort_year)"
    )
    return write_current(TALENT, as_of=as_of, model=model, scope=mates, parameters={"ids": sql.ids(ids)})


# The figures behind each component, read from the computation's tables (docs/scoring.md says what each counts).
INPUTS = """
    SELECT student.practice_hours, student.required_practice_hours, certificate.counted AS certificates,
           placement.evaluations, placement.last_period
    FROM student
    LEFT JOIN certificate ON certificate.student_id = student.id
    LEFT JOIN placement ON placement.student_id = student.id
"""


def talent_inputs(student_id: int, *, as_of: datetime.date, model: ScoringModel) -> dict | None:
    """What the student's talent is computed from as of ``as_of`` (None if not scored): practice hours and the
    hours required, the certificates and mentor evaluations counted, and the last month evaluated."""
    inputs = read_inputs(TALENT, as_of=as_of, model=model, entity_id=student_id, select=INPUTS)
    if inputs is None:
        return None
    return {
        **inputs,
        "certificates": int(inputs["certificates"] or 0),
        "evaluations": int(inputs["evaluations"] or 0),
        "last_period": date_read(inputs["last_period"]),
    }
