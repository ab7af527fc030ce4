"""A run's city aggregates (docs/scoring.md, "City aggregates"): one INSERT … SELECT … GROUP BY per breakdown, over
the run's snapshots or the register as of the run's date."""

from django.db.models import Choices
from django.utils.translation import gettext as _

from cities.models import IndustrySector
from colleges.academic_year import academic_year, final_year_sql
from colleges.choices import StudentStatus
from colleges.models import College, Program, Student
from colleges.placed import placed_sql
from enterprises.models import Enterprise, TalentDemand
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
from partnerships.choices import AgreementKind, AgreementStatus, TrainingBaseKind
from partnerships.models import CooperationAgreement, Placement, TrainingBase

INSERT = f'INSERT INTO {CityAggregate._meta.db_table} (run_id, dimension, "key", label, "count", value, details)'
STUDENTS = (
    f"{Student._meta.db_table} s JOIN {Program._meta.db_table} p ON p.id = s.program_id "
    f"JOIN {College._meta.db_table} college ON college.id = p.college_id"
)
# Final-year students: in the last year of their program in the academic year of T (which starts on 1 September).
FINAL_YEAR = (
    "s.status IN (" + ", ".join(f"'{status}'" for status in SCORED_STUDENTS) + ") AND " + final_year_sql("s", "p")
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
    ):
        execute(statement, parameters)


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
    WITH final_year AS (
        SELECT s.program_id, COUNT(*) AS students
        FROM {STUDENTS}
        WHERE college.city_id = %(city)s AND {FINAL_YEAR}
        GROUP BY s.program_id
    ),
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
    # In force on T: countersigned by then, within its term, and not ended by then (it may have been since).
    signed = (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)
    in_force = (
        "a.status IN ('" + "', '".join(signed) + "') AND a.countersigned_at < %(cutoff)s "
        "AND a.starts_on <= %(as_of)s AND a.ends_on >= %(as_of)s "
        "AND (a.ended_at IS NULL OR a.ended_at >= %(cutoff)s)"
    )
    opened = "(b.opened_on IS NULL OR b.opened_on <= %(as_of)s)"
    kinds = (TrainingBaseKind.IN_SCHOOL, TrainingBaseKind.CO_BUILT, TrainingBaseKind.OFF_CAMPUS)
    return f"""
    {INSERT}
    WITH used AS (
        SELECT DISTINCT a.college_id, a.training_base_id
        FROM {CooperationAgreement._meta.db_table} a JOIN {College._meta.db_table} college ON college.id = a.college_id
        WHERE college.city_id = %(city)s AND a.training_base_id IS NOT NULL AND {in_force}
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
