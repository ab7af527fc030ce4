"""A run's city aggregates (docs/scoring.md, "City aggregates"): one INSERT … SELECT … GROUP BY per breakdown, over
the run's snapshots or the register as of the run's date."""

from django.db.models import Choices
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.principals import Principal
from cities.models import City, IndustrySector
from colleges.academic_year import academic_year, final_year_sql
from colleges.choices import StudentStatus
from colleges.models import College, Program, Student
from colleges.placed import placed_sql
from common.charts import MIN_GROUP
from enterprises.choices import PostingStatus
from enterprises.models import Enterprise, Posting, TalentDemand
from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand
from evaluation.models import (
    CityAggregate,
    IntegrationCertification,
    PartnershipHealthSnapshot,
    ScoringRun,
    TalentScoreSnapshot,
)
from evaluation.scoring.sql import PostgreSQL, as_of_parameters, dialect, execute
from evaluation.scoring.talent import SCORED as SCORED_STUDENTS
from partnerships.choices import AgreementKind, AgreementStatus, ApplicationStatus, TrainingBaseKind
from partnerships.models import Application, CooperationAgreement, Placement, TrainingBase

INSERT = f'INSERT INTO {CityAggregate._meta.db_table} (run_id, dimension, "key", label, "count", value, details)'
STUDENTS = (
    f"{Student._meta.db_table} s JOIN {Program._meta.db_table} p ON p.id = s.program_id "
    f"JOIN {College._meta.db_table} college ON college.id = p.college_id"
)
# Final-year students: in the last year of their program in the academic year of T (which starts on 1 September).
FINAL_YEAR = (
    "s.status IN (" + ", ".join(f"'{status}'" for status in SCORED_STUDENTS) + ") AND " + final_year_sql("s", "p")
)

# The final-year students of each program of the city, as a WITH query named final_year.
FINAL_YEAR_BY_PROGRAM = f"""final_year AS (
        SELECT s.program_id, COUNT(*) AS students
        FROM {STUDENTS}
        WHERE college.city_id = %(city)s AND {FINAL_YEAR}
        GROUP BY s.program_id
    )"""

# In force on T: countersigned by then, within its term, and not ended by then (it may have been since).
IN_FORCE = (
    "a.status IN ('"
    + "', '".join((AgreementStatus.ACTIVE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED))
    + "') AND a.countersigned_at < %(cutoff)s AND a.starts_on <= %(as_of)s AND a.ends_on >= %(as_of)s "
    "AND (a.ended_at IS NULL OR a.ended_at >= %(cutoff)s)"
)


def write_aggregates(run: ScoringRun) -> None:
    """Replace the run's aggregates (each statement reads the run's snapshots or the register as of ``run.as_of``)."""
    sql = dialect()
    as_of = run.as_of
    year = academic_year(as_of)
    parameters = {
        **as_of_parameters(as_of),
        "run": run.pk,
        "city": run.city_id,
        "academic_year": year,
        # Final-year students graduate, and are hired, in the summer that ends their academic year.
        "demand_year": year + 1,
        **choice_labels("kind", AgreementKind),
        "gini_label": _("Gini coefficient of training stations per enrolled student across colleges"),
        "certifications_label": _("Integration certifications"),
        "placement_rate_label": _("Placement rate of final-year students"),
        **dashboard_parameters(run),
    }
    execute(f"DELETE FROM {CityAggregate._meta.db_table} WHERE run_id = %(run)s", parameters)
    for statement in (
        health_breakdown(
            sql,
            AggregateDimension.HEALTH_BY_KIND,
            key="a.kind",
            label=choice_label("a.kind", "kind", AgreementKind),
            joins="",
        ),
        health_breakdown(
            sql,
            AggregateDimension.HEALTH_BY_SECTOR,
            key="COALESCE(section.code, sector.code)",
            label="COALESCE(section.name_en, sector.name_en)",
            joins=f"JOIN {Enterprise._meta.db_table} e ON e.id = a.enterprise_id "
            f"JOIN {IndustrySector._meta.db_table} sector ON sector.id = e.sector_id "
            f"LEFT JOIN {IndustrySector._meta.db_table} section ON section.id = sector.parent_id",
        ),
        health_breakdown(
            sql,
            AggregateDimension.HEALTH_BY_COLLEGE,
            key="CAST(college.id AS TEXT)",
            label="college.name",
            joins=f"JOIN {College._meta.db_table} college ON college.id = a.college_id",
        ),
        talent_by_program_cohort(sql),
        supply_demand(sql),
        stations_per_student(sql),
        stations_gini(sql),
        certifications(sql),
        final_year_placement_rate(sql),
        *dashboard_statements(sql),
    ):
        execute(statement, parameters)
    write_dashboard_lists(run)


def choice_labels(name: str, choices: type[Choices]) -> dict[str, str]:
    """The labels of a choices class as parameters (translated text never goes into the SQL itself)."""
    return {f"{name}_{value}": str(label) for value, label in choices.choices}


def choice_label(column: str, name: str, choices: type[Choices]) -> str:
    cases = " ".join(f"WHEN '{value}' THEN %({name}_{value})s" for value in choices.values)
    return f"CASE {column} {cases} ELSE {column} END"


def health_breakdown(sql: PostgreSQL, dimension: str, *, key: str, label: str, joins: str) -> str:
    """Agreements with a score, their mean score, and how many are in each band (at risk among them)."""
    bands = {band: f"SUM(CASE WHEN h.band = '{band}' THEN 1 ELSE 0 END)" for band in HealthBand.values}
    return f"""
    {INSERT}
    SELECT %(run)s, '{dimension}', {key}, {label}, COUNT(h.score), AVG({sql.real("h.score")}), {sql.json_object(bands)}
    FROM {PartnershipHealthSnapshot._meta.db_table} h
    JOIN {CooperationAgreement._meta.db_table} a ON a.id = h.agreement_id
    {joins}
    WHERE h.run_id = %(run)s
    GROUP BY {key}, {label}
    """


def talent_by_program_cohort(sql: PostgreSQL) -> str:
    """Students scored and their mean score, per program and cohort (grouped before the program's name is joined)."""
    return f"""
    {INSERT}
    SELECT %(run)s, '{AggregateDimension.TALENT_BY_PROGRAM_COHORT}',
           CAST(cohort.program_id AS TEXT) || '/' || CAST(cohort.cohort_year AS TEXT),
           p.name || ' ' || CAST(cohort.cohort_year AS TEXT),
           cohort.students, cohort.mean_score,
           {sql.json_object({"program_id": "p.id", "college_id": "p.college_id", "cohort_year": "cohort.cohort_year"})}
    FROM (
        SELECT s.program_id, s.cohort_year, COUNT(*) AS students, AVG({sql.real("t.score")}) AS mean_score
        FROM {TalentScoreSnapshot._meta.db_table} t JOIN {Student._meta.db_table} s ON s.id = t.student_id
        WHERE t.run_id = %(run)s
        GROUP BY s.program_id, s.cohort_year
    ) cohort
    JOIN {Program._meta.db_table} p ON p.id = cohort.program_id
    """


def supply_demand(sql: PostgreSQL) -> str:
    """Per sector: final-year students of the programs aimed at it (1/n each for a program aimed at n sectors)
    against the headcount the city's enterprises want in the year they graduate; the value is supply / demand."""
    targets = Program.target_sectors.through._meta.db_table  # a row per program and sector it aims at
    return f"""
    {INSERT}
    WITH {FINAL_YEAR_BY_PROGRAM},
    aims AS (
        SELECT target.program_id, target.industrysector_id AS sector_id,
               COUNT(*) OVER (PARTITION BY target.program_id) AS sectors
        FROM {targets} target JOIN final_year ON final_year.program_id = target.program_id
    ),
    flows AS (
        SELECT aims.sector_id, final_year.students, {sql.real("final_year.students")} / aims.sectors AS supply,
               0 AS demand
        FROM aims JOIN final_year ON final_year.program_id = aims.program_id
        UNION ALL
        SELECT d.sector_id, 0, 0, d.headcount
        FROM {TalentDemand._meta.db_table} d JOIN {Enterprise._meta.db_table} e ON e.id = d.enterprise_id
        WHERE e.city_id = %(city)s AND d.year = %(demand_year)s
    )
    SELECT %(run)s, '{AggregateDimension.SUPPLY_DEMAND}', sector.code, sector.name_en, SUM(flows.students),
           SUM(flows.supply) / NULLIF(SUM(flows.demand), 0),
           {sql.json_object({"supply": "SUM(flows.supply)", "demand": "SUM(flows.demand)", "year": "%(demand_year)s"})}
    FROM flows JOIN {IndustrySector._meta.db_table} sector ON sector.id = flows.sector_id
    GROUP BY sector.id, sector.code, sector.name_en
    """


def stations_per_student(sql: PostgreSQL) -> str:
    """Per college: the stations of the bases it hosts (in school, co-built) or uses off campus, per enrolled
    student. An off-campus base is an enterprise's: it counts for the colleges with an agreement on it in force on
    T, shared evenly among them. Public bases serve everyone and count for no college."""
    opened = "(b.opened_on IS NULL OR b.opened_on <= %(as_of)s)"
    kinds = (TrainingBaseKind.IN_SCHOOL, TrainingBaseKind.CO_BUILT, TrainingBaseKind.OFF_CAMPUS)
    return f"""
    {INSERT}
    WITH used AS (
        SELECT DISTINCT a.college_id, a.training_base_id
        FROM {CooperationAgreement._meta.db_table} a JOIN {College._meta.db_table} college ON college.id = a.college_id
        WHERE college.city_id = %(city)s AND a.training_base_id IS NOT NULL AND {IN_FORCE}
    ),
    stations AS (
        SELECT b.host_college_id AS college_id, b.kind, {sql.real("b.stations")} AS stations
        FROM {TrainingBase._meta.db_table} b
        WHERE b.city_id = %(city)s AND b.host_college_id IS NOT NULL AND {opened}
        UNION ALL
        SELECT used.college_id, b.kind,
               {sql.real("b.stations")} / COUNT(*) OVER (PARTITION BY b.id) AS stations
        FROM used JOIN {TrainingBase._meta.db_table} b ON b.id = used.training_base_id
        WHERE b.kind = '{TrainingBaseKind.OFF_CAMPUS}' AND {opened}
    ),
    hosted AS (
        SELECT college_id, SUM(stations) AS stations,
               {", ".join(f"SUM(CASE WHEN kind = '{kind}' THEN stations ELSE 0 END) AS {kind}" for kind in kinds)}
        FROM stations
        GROUP BY college_id
    ),
    enrolled AS (
        SELECT p.college_id, COUNT(*) AS students
        FROM {STUDENTS}
        WHERE college.city_id = %(city)s AND s.status = '{StudentStatus.ENROLLED}'
        GROUP BY p.college_id
    )
    SELECT %(run)s, '{AggregateDimension.STATIONS_PER_STUDENT}', CAST(college.id AS TEXT), college.name,
           COALESCE(enrolled.students, 0),
           COALESCE(hosted.stations, 0) / NULLIF(enrolled.students, 0),
           {sql.json_object({kind: f"COALESCE(hosted.{kind}, 0)" for kind in ("stations", *kinds)})}
    FROM {College._meta.db_table} college
    LEFT JOIN hosted ON hosted.college_id = college.id
    LEFT JOIN enrolled ON enrolled.college_id = college.id
    WHERE college.city_id = %(city)s
    """


def stations_gini(sql: PostgreSQL) -> str:
    """The Gini coefficient of the colleges' stations per student (colleges with students), from the rows just
    written: G = 2·Σ i·x₍ᵢ₎ / (n·Σ x) − (n + 1) / n over the ratios sorted ascending, i from 1."""
    return f"""
    {INSERT}
    SELECT %(run)s, '{AggregateDimension.CITY}', 'stations_gini', %(gini_label)s, COUNT(*),
           CASE WHEN SUM(ratio) > 0
                THEN 2 * SUM(position * ratio) / (COUNT(*) * SUM(ratio)) - {sql.real("COUNT(*) + 1")} / COUNT(*)
           END,
           '{{}}'
    FROM (
        SELECT value AS ratio, ROW_NUMBER() OVER (ORDER BY value) AS position
        FROM {CityAggregate._meta.db_table}
        WHERE run_id = %(run)s AND dimension = '{AggregateDimension.STATIONS_PER_STUDENT}' AND value IS NOT NULL
    ) ratios
    """


def certifications(sql: PostgreSQL) -> str:
    """The city's integration certifications by their status on T; the value is how many were in force."""
    statuses = CertificationStatus
    status_on_t = (
        f"CASE WHEN c.revoked_at < %(cutoff)s THEN '{statuses.REVOKED}' "
        f"WHEN c.decided_at < %(cutoff)s AND c.status = '{statuses.REVOKED}' THEN '{statuses.CERTIFIED}' "
        f"WHEN c.decided_at < %(cutoff)s THEN c.status ELSE '{statuses.APPLIED}' END"
    )
    counts = {status: f"SUM(CASE WHEN status = '{status}' THEN 1 ELSE 0 END)" for status in statuses.values}
    return f"""
    {INSERT}
    SELECT %(run)s, '{AggregateDimension.CITY}', 'certifications', %(certifications_label)s, COUNT(*),
           COALESCE({counts[statuses.CERTIFIED]}, 0),
           {sql.json_object({status: f"COALESCE({count}, 0)" for status, count in counts.items()})}
    FROM (
        SELECT {status_on_t} AS status
        FROM {IntegrationCertification._meta.db_table} c JOIN {Enterprise._meta.db_table} e ON e.id = c.enterprise_id
        WHERE e.city_id = %(city)s AND c.applied_at < %(cutoff)s
    ) certification
    """


def final_year_placement_rate(sql: PostgreSQL) -> str:
    """The share of final-year students placed on T (``colleges.placed``)."""
    return f"""
    {INSERT}
    SELECT %(run)s, '{AggregateDimension.CITY}', 'final_year_placement_rate', %(placement_rate_label)s, COUNT(*),
           AVG(CASE WHEN placed.student_id IS NULL THEN 0.0 ELSE 1.0 END),
           {sql.json_object({"placed": "COALESCE(SUM(CASE WHEN placed.student_id IS NULL THEN 0 ELSE 1 END), 0)"})}
    FROM {STUDENTS}
    LEFT JOIN (
        SELECT DISTINCT pl.student_id
        FROM {Placement._meta.db_table} pl
        WHERE {placed_sql("pl")}
    ) placed ON placed.student_id = s.id
    WHERE college.city_id = %(city)s AND {FINAL_YEAR}
    """


# ------------------------------------------------------------------------------
# The city dashboard's cells (evaluation/dashboard.py): each figure at the grain of the page's filters (college,
# sector section, agreement kind), so that a filter is a small GROUP BY over a run's cells, not over the register.
# ------------------------------------------------------------------------------
SECTION = "COALESCE(section.code, sector.code)"  # a sector's section (门类): itself, or its division's parent


def section_of(sector_id: str) -> str:
    """Joins ``sector`` (the sector ``sector_id`` points at) and ``section`` (its parent, if it is a division)."""
    table = IndustrySector._meta.db_table
    return f"JOIN {table} sector ON sector.id = {sector_id} LEFT JOIN {table} section ON section.id = sector.parent_id"


FUNNEL = ("applications", "offers", "placements", "completed", "hired")
# The score bands of the talent distribution: [0, 20), [20, 40), … [80, 100].
TALENT_BINS = (20, 40, 60, 80)


# The key of the row that holds the whole city's figures in a dimension of one row per college.
CITY_SCOPE = "city"


def dashboard_statements(sql: PostgreSQL) -> tuple[str, ...]:
    return (
        health_cells(sql),
        talent_cells(sql),
        placement_funnel(sql),
        program_shortfalls(sql),
        college_figures(sql),
        enterprise_cells(sql),
        sector_alignment(sql),
    )


def dashboard_parameters(run: ScoringRun) -> dict:
    """The academic year of T as dates: postings whose internship starts in it are that year's slots."""
    year = academic_year(run.as_of)
    return {"year_starts": f"{year}-09-01", "year_ends": f"{year + 1}-08-31"}


def cells(
    sql: PostgreSQL,
    dimensions: tuple[str, str],
    *,
    key: str,
    count: str,
    sums: dict[str, str],
    mean_of: str | None,
    source: str,
    group: str,
) -> str:
    """One statement over the rows of ``source`` (which names its college ``college``), grouped once per college and
    cell (``key``, grouped by ``group``): one row per cell of the whole city into ``dimensions[0]``, and one row per
    college into ``dimensions[1]`` whose details map each of its cells' keys to that cell's count, value and sums.
    Every figure is a count or a sum (``sums``), so the city's cell adds up its colleges'; the value is the mean of
    the ``mean_of`` sum over the count (None without it)."""
    city, by_college = dimensions

    def figures(total) -> tuple[str, dict[str, str]]:
        # Typed: in a UNION, PostgreSQL would take a bare NULL for text.
        value = f"{sql.real(total(mean_of))} / NULLIF({total('entities')}, 0)" if mean_of else sql.real("NULL")
        return value, {name: total(name) for name in sums}

    city_value, city_sums = figures(lambda name: f"SUM(base.{name})")
    college_value, college_sums = figures(lambda name: f"base.{name}")
    cell = sql.json_object({"count": "base.entities", "value": college_value, **college_sums})
    columns = ", ".join(f"{expression} AS {name}" for name, expression in sums.items())
    return f"""
    {INSERT}
    WITH base AS (
        SELECT college.id AS college_id, {key} AS cell_key, {count} AS entities, {columns}
        {source}
        GROUP BY college.id, {group}
    )
    SELECT %(run)s, '{city}', base.cell_key, base.cell_key, SUM(base.entities), {city_value},
           {sql.json_object(city_sums)}
    FROM base
    GROUP BY base.cell_key
    UNION ALL
    SELECT %(run)s, '{by_college}', CAST(cells.college_id AS TEXT), CAST(cells.college_id AS TEXT),
           SUM(cells.entities), {sql.real("NULL")}, {sql.json_object_agg("cells.cell_key", "cells.cell")}
    FROM (SELECT base.college_id, base.entities, base.cell_key, {cell} AS cell FROM base) cells
    GROUP BY cells.college_id
    """


def health_cells(sql: PostgreSQL) -> str:
    """Per enterprise's sector section and agreement kind (``section/kind``): the agreements in force on T or scored
    by the run, those in force, those scored with their mean score and score sum, and how many in each band."""
    return cells(
        sql,
        (AggregateDimension.HEALTH_CELL, AggregateDimension.HEALTH_CELL_BY_COLLEGE),
        key=f"{SECTION} || '/' || a.kind",
        count="COUNT(h.score)",
        sums={
            "in_force": f"SUM(CASE WHEN {IN_FORCE} THEN 1 ELSE 0 END)",
            "score_sum": f"COALESCE(SUM({sql.real('h.score')}), 0)",
            **{f"band_{band}": f"SUM(CASE WHEN h.band = '{band}' THEN 1 ELSE 0 END)" for band in HealthBand.values},
        },
        mean_of="score_sum",
        source=f"""
        FROM {CooperationAgreement._meta.db_table} a
        JOIN {College._meta.db_table} college ON college.id = a.college_id
        JOIN {Enterprise._meta.db_table} e ON e.id = a.enterprise_id
        {section_of("e.sector_id")}
        LEFT JOIN {PartnershipHealthSnapshot._meta.db_table} h ON h.agreement_id = a.id AND h.run_id = %(run)s
        WHERE college.city_id = %(city)s AND (h.id IS NOT NULL OR ({IN_FORCE}))
        """,
        group=f"{SECTION}, a.kind",
    )


def talent_cells(sql: PostgreSQL) -> str:
    """Per cohort year: the students the run scored, their mean score and score sum, and how many fall in each fifth
    of the scale (``TALENT_BINS``)."""
    edges = (0, *TALENT_BINS)
    return cells(
        sql,
        (AggregateDimension.TALENT_CELL, AggregateDimension.TALENT_CELL_BY_COLLEGE),
        key="CAST(s.cohort_year AS TEXT)",
        count="COUNT(*)",
        sums={
            "score_sum": f"SUM({sql.real('t.score')})",
            **{
                f"bin_{low}": f"SUM(CASE WHEN t.score >= {low}{f' AND t.score < {high}' if high else ''} "
                "THEN 1 ELSE 0 END)"
                for low, high in zip(edges, (*TALENT_BINS, None), strict=True)
            },
        },
        mean_of="score_sum",
        source=f"""
        FROM {STUDENTS}
        JOIN {TalentScoreSnapshot._meta.db_table} t ON t.student_id = s.id AND t.run_id = %(run)s
        WHERE college.city_id = %(city)s
        """,
        group="s.cohort_year",
    )


def program_shortfalls(sql: PostgreSQL) -> str:
    """Per college, per program of it: its scored final-year students, and the share of them short of its
    requirements: fewer practice hours than it requires (the talent score's practice component under 1), or no 1+X
    certificate when the program prepares for one (the certificates component 0)."""
    prepares = f"EXISTS (SELECT 1 FROM {Program.certificates.through._meta.db_table} pc WHERE pc.program_id = p.id)"
    short_hours = "t.practice < 1"
    no_certificate = f"t.certificates = 0 AND {prepares}"
    program = sql.json_object(
        {
            "label": "p.name",
            "college": "college.name",
            "count": "COUNT(*)",
            "value": f"AVG(CASE WHEN {short_hours} OR ({no_certificate}) THEN 1.0 ELSE 0.0 END)",
            "short_hours": f"SUM(CASE WHEN {short_hours} THEN 1 ELSE 0 END)",
            "no_certificate": f"SUM(CASE WHEN {no_certificate} THEN 1 ELSE 0 END)",
            "required_hours": "p.required_practice_hours",
        }
    )
    return f"""
    {INSERT}
    SELECT %(run)s, '{AggregateDimension.PROGRAM_SHORTFALL}', CAST(programs.college_id AS TEXT),
           CAST(programs.college_id AS TEXT), SUM(programs.students), NULL,
           {sql.json_object_agg("CAST(programs.program_id AS TEXT)", "programs.program")}
    FROM (
        SELECT p.college_id, p.id AS program_id, COUNT(*) AS students, {program} AS program
        FROM {STUDENTS}
        JOIN {TalentScoreSnapshot._meta.db_table} t ON t.student_id = s.id AND t.run_id = %(run)s
        WHERE college.city_id = %(city)s AND {FINAL_YEAR}
        GROUP BY p.id, p.name, p.college_id, college.name, p.required_practice_hours
    ) programs
    GROUP BY programs.college_id
    """


def college_figures(sql: PostgreSQL) -> str:
    """Per college: its programs, enrolled students, final-year students and those of them placed on T; the value
    is its placement rate."""
    details = sql.json_object(
        {
            "programs": "COALESCE(programs.programs, 0)",
            "final_year": "COALESCE(students.final_year, 0)",
            "placed": "COALESCE(students.placed, 0)",
        }
    )
    return f"""
    {INSERT}
    WITH programs AS (
        SELECT p.college_id, COUNT(*) AS programs
        FROM {Program._meta.db_table} p JOIN {College._meta.db_table} college ON college.id = p.college_id
        WHERE college.city_id = %(city)s
        GROUP BY p.college_id
    ),
    students AS (
        SELECT p.college_id,
               SUM(CASE WHEN s.status = '{StudentStatus.ENROLLED}' THEN 1 ELSE 0 END) AS enrolled,
               SUM(CASE WHEN {FINAL_YEAR} THEN 1 ELSE 0 END) AS final_year,
               SUM(CASE WHEN {FINAL_YEAR} AND EXISTS (
                   SELECT 1 FROM {Placement._meta.db_table} pl WHERE pl.student_id = s.id AND {placed_sql("pl")}
               ) THEN 1 ELSE 0 END) AS placed
        FROM {STUDENTS}
        WHERE college.city_id = %(city)s
        GROUP BY p.college_id
    )
    SELECT %(run)s, '{AggregateDimension.COLLEGE_FIGURES}', CAST(college.id AS TEXT), college.name,
           COALESCE(students.enrolled, 0), {sql.real("students.placed")} / NULLIF(students.final_year, 0), {details}
    FROM {College._meta.db_table} college
    LEFT JOIN programs ON programs.college_id = college.id
    LEFT JOIN students ON students.college_id = college.id
    WHERE college.city_id = %(city)s
    """


# Postings published by T for internships that start in T's academic year: that year's slots.
POSTED = (
    f"po.status <> '{PostingStatus.DRAFT}' AND po.created_at < %(cutoff)s "
    "AND po.starts_on >= %(year_starts)s AND po.starts_on <= %(year_ends)s"
)


def enterprise_cells(sql: PostgreSQL) -> str:
    """Per sector section of the city's enterprises: how many there are and how many were certified on T, and the
    slots of their postings of T's academic year (``POSTED``), with how many of them are filled today (the register
    keeps no history of it)."""
    certified_on_t = f"""EXISTS (
        SELECT 1 FROM {IntegrationCertification._meta.db_table} c
        WHERE c.enterprise_id = e.id AND c.decided_at < %(cutoff)s
          AND c.status IN ('{CertificationStatus.CERTIFIED}', '{CertificationStatus.REVOKED}')
          AND (c.revoked_at IS NULL OR c.revoked_at >= %(cutoff)s)
    )"""
    details = sql.json_object(
        {
            "sector": SECTION,
            "name_zh": "MAX(COALESCE(section.name_zh, sector.name_zh))",
            "name_en": "MAX(COALESCE(section.name_en, sector.name_en))",
            "certified": f"SUM(CASE WHEN {certified_on_t} THEN 1 ELSE 0 END)",
            "slots": "COALESCE(SUM(slots.slots), 0)",
            "filled": "COALESCE(SUM(slots.filled), 0)",
        }
    )
    return f"""
    {INSERT}
    WITH slots AS (
        SELECT po.enterprise_id, SUM(po.slots) AS slots, SUM(po.filled_slots) AS filled
        FROM {Posting._meta.db_table} po JOIN {Enterprise._meta.db_table} e ON e.id = po.enterprise_id
        WHERE e.city_id = %(city)s AND {POSTED}
        GROUP BY po.enterprise_id
    )
    SELECT %(run)s, '{AggregateDimension.ENTERPRISE_CELL}', {SECTION}, {SECTION}, COUNT(*), NULL, {details}
    FROM {Enterprise._meta.db_table} e
    {section_of("e.sector_id")}
    LEFT JOIN slots ON slots.enterprise_id = e.id
    WHERE e.city_id = %(city)s
    GROUP BY {SECTION}
    """


def sector_alignment(sql: PostgreSQL) -> str:
    """Per sector section: final-year students of the programs aimed at it (1/n each for a program aimed at n
    sections), the headcount the city's enterprises want the year they graduate, the slots posted for T's academic
    year, and whether the city gives it priority; the value is graduates / demand."""
    targets = Program.target_sectors.through._meta.db_table
    priorities = City.priority_sectors.through._meta.db_table
    details = sql.json_object(
        {
            "sector": "flows.code",
            "name_zh": "MAX(named.name_zh)",
            "name_en": "MAX(named.name_en)",
            "supply": "SUM(flows.supply)",
            "demand": "SUM(flows.demand)",
            "slots": "SUM(flows.slots)",
            "priority": "MAX(CASE WHEN priority.code IS NULL THEN 0 ELSE 1 END)",
        }
    )
    return f"""
    {INSERT}
    WITH {FINAL_YEAR_BY_PROGRAM},
    aims AS (
        SELECT DISTINCT target.program_id, {SECTION} AS code
        FROM {targets} target {section_of("target.industrysector_id")}
        JOIN final_year ON final_year.program_id = target.program_id
    ),
    flows AS (
        SELECT aims.code, final_year.students,
               {sql.real("final_year.students")} / COUNT(*) OVER (PARTITION BY aims.program_id) AS supply,
               0 AS demand, 0 AS slots
        FROM aims JOIN final_year ON final_year.program_id = aims.program_id
        UNION ALL
        SELECT {SECTION}, 0, 0, d.headcount, 0
        FROM {TalentDemand._meta.db_table} d JOIN {Enterprise._meta.db_table} e ON e.id = d.enterprise_id
        {section_of("d.sector_id")}
        WHERE e.city_id = %(city)s AND d.year = %(demand_year)s
        UNION ALL
        SELECT {SECTION}, 0, 0, 0, po.slots
        FROM {Posting._meta.db_table} po JOIN {Enterprise._meta.db_table} e ON e.id = po.enterprise_id
        {section_of("po.sector_id")}
        WHERE e.city_id = %(city)s AND {POSTED}
    ),
    priority AS (
        SELECT DISTINCT {SECTION} AS code
        FROM {priorities} pr {section_of("pr.industrysector_id")}
        WHERE pr.city_id = %(city)s
    )
    SELECT %(run)s, '{AggregateDimension.SECTOR_ALIGNMENT}', flows.code, flows.code, SUM(flows.students),
           SUM(flows.supply) / NULLIF(SUM(flows.demand), 0), {details}
    FROM flows LEFT JOIN priority ON priority.code = flows.code
    LEFT JOIN {IndustrySector._meta.db_table} named ON named.code = flows.code
    GROUP BY flows.code
    """


def placement_funnel(sql: PostgreSQL) -> str:
    """Per sector section of the posting: applications of the city's students submitted by T, offers made by then,
    placements started by T and not cancelled by then, those completed by T, and those ended in a hire."""
    offered = "', '".join((ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED))
    return cells(
        sql,
        (AggregateDimension.PLACEMENT_FUNNEL, AggregateDimension.PLACEMENT_FUNNEL_BY_COLLEGE),
        key=SECTION,
        count="SUM(steps.applications)",
        sums={step: f"SUM(steps.{step})" for step in FUNNEL},
        mean_of=None,
        source=f"""
        FROM (
            SELECT s.program_id, ap.posting_id, 1 AS applications,
                   CASE WHEN ap.status IN ('{offered}') AND ap.decided_at < %(cutoff)s THEN 1 ELSE 0 END AS offers,
                   0 AS placements, 0 AS completed, 0 AS hired
            FROM {Application._meta.db_table} ap JOIN {Student._meta.db_table} s ON s.id = ap.student_id
            WHERE ap.submitted_at < %(cutoff)s
            UNION ALL
            SELECT s.program_id, pl.posting_id, 0, 0, 1,
                   CASE WHEN pl.completed_at < %(cutoff)s THEN 1 ELSE 0 END,
                   CASE WHEN pl.completed_at < %(cutoff)s AND pl.hired_after THEN 1 ELSE 0 END
            FROM {Placement._meta.db_table} pl JOIN {Student._meta.db_table} s ON s.id = pl.student_id
            WHERE {placed_sql("pl")}
        ) steps
        JOIN {Program._meta.db_table} p ON p.id = steps.program_id
        JOIN {College._meta.db_table} college ON college.id = p.college_id
        JOIN {Posting._meta.db_table} po ON po.id = steps.posting_id
        {section_of("po.sector_id")}
        WHERE college.city_id = %(city)s
        """,
        group=SECTION,
    )


# The lists the city dashboard shows without a college chosen, kept with the run: among thousands of colleges and
# programs, the page reads these few rows instead of ranking them all on every request.
LIST_LENGTH = 10
LORENZ_POINTS = 10


def write_dashboard_lists(run: ScoringRun) -> None:
    """The Lorenz curve of stations per student and the colleges with the fewest, the programs most short of their
    requirements, the colleges with the weakest partnership health, and the incentives certification implies."""
    from evaluation.selectors import incentive_summary  # selectors read the scores this module writes

    rows = CityAggregate.objects.filter(run=run)
    stations = list(
        rows.filter(dimension=AggregateDimension.STATIONS_PER_STUDENT, value__isnull=False)
        .order_by("value", "key")
        .values("key", "label", "count", "value")
    )
    programs = [
        {"key": key, **program}
        for details in rows.filter(dimension=AggregateDimension.PROGRAM_SHORTFALL).values_list("details", flat=True)
        for key, program in details.items()
        if program["count"] >= MIN_GROUP and program["value"] > 0
    ]
    shortfalls = sorted(programs, key=lambda program: (-program["value"], -program["count"], program["key"]))
    weakest = (
        rows.filter(dimension=AggregateDimension.HEALTH_BY_COLLEGE, count__gt=0, value__isnull=False)
        .order_by("value", "key")
        .values("key", "label", "count", "value")[:LIST_LENGTH]
    )
    incentives = (
        incentive_summary(principal=Principal(role=Role.CITY_OFFICIAL, city_id=run.city_id))
        .values("enterprise_count", "certified_count", "counted_investment_sum", "estimated_incentive_sum")
        .first()
        or {}
    )
    colleges = list(rows.filter(dimension=AggregateDimension.COLLEGE_FIGURES).values_list("count", "details"))
    final_year = sum(details["final_year"] for _, details in colleges)
    placed = sum(details["placed"] for _, details in colleges)
    CityAggregate.objects.create(
        run=run,
        dimension=AggregateDimension.COLLEGE_FIGURES,
        key=CITY_SCOPE,
        label=CITY_SCOPE,
        count=sum(count for count, _ in colleges),
        value=placed / final_year if final_year else None,
        details={
            "colleges": len(colleges),
            "programs": sum(details["programs"] for _, details in colleges),
            "final_year": final_year,
            "placed": placed,
        },
    )
    lists = {
        "stations_lorenz": (len(stations), None, {"points": lorenz(stations), "fewest": stations[:LIST_LENGTH]}),
        "programs_short": (len(shortfalls), None, {"rows": shortfalls[:LIST_LENGTH]}),
        "health_weakest_colleges": (len(weakest), None, {"rows": list(weakest)}),
        "incentives": (
            incentives.get("certified_count", 0),
            float(incentives.get("estimated_incentive_sum") or 0),
            {key: str(value) for key, value in incentives.items()},
        ),
    }
    CityAggregate.objects.bulk_create(
        CityAggregate(
            run=run, dimension=AggregateDimension.CITY, key=key, label=key, count=count, value=value, details=details
        )
        for key, (count, value, details) in lists.items()
    )


def lorenz(stations: list[dict]) -> list[list[float]]:
    """Points (share of colleges, share of stations) of the Lorenz curve of colleges sorted by stations per
    student, at every tenth of the colleges (and the origin)."""
    totals = [row["value"] * row["count"] for row in stations]
    whole = sum(totals)
    if not stations or not whole:
        return []
    points = [[0.0, 0.0]]
    for step in range(1, LORENZ_POINTS + 1):
        colleges = round(len(stations) * step / LORENZ_POINTS)
        points.append([step / LORENZ_POINTS, sum(totals[:colleges]) / whole])
    return points
