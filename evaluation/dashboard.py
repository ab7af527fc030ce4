"""Reads of the city dashboard: the figures of a city's scoring runs (``CityAggregate``, written at each run's publish
by evaluation/scoring/aggregates.py), with the page's filters applied to the few cells of one run, never to the
register's millions of rows; and the at-risk lists, read live through the selectors that define them.

A cell's key names the enterprise's sector section and the agreement's kind where it has them (``C/order_class``);
the whole city's cells are rows of their own, one college's are the details of its one row of the "…_by_college"
dimension. A college filter reads that row; a sector or kind filter keeps the cells whose key names them. Every
figure says which filters apply to it (``APPLIES``).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.principals import Principal
from accounts.scopes import in_city, scoped
from colleges.academic_year import academic_year
from colleges.models import Student
from common.charts import MIN_GROUP
from evaluation.choices import AggregateDimension, HealthBand, RunState
from evaluation.models import HEALTH_COMPONENTS, CityAggregate, PartnershipHealth
from evaluation.scoring.aggregates import CITY_SCOPE, FUNNEL, TALENT_BINS
from evaluation.selectors import at_risk_agreement_list, at_risk_student_list

# The filters each panel's figures follow (the others do not divide those figures).
YEAR, COLLEGE, SECTOR, KIND = "academic_year", "college", "sector", "kind"
APPLIES = {
    "health": (YEAR, COLLEGE, SECTOR, KIND),
    "health_colleges": (YEAR,),
    "talent": (YEAR, COLLEGE),
    "shortfall": (YEAR, COLLEGE),
    "alignment": (YEAR, SECTOR),
    "resources": (YEAR,),
    "certification": (YEAR,),
    "funnel": (YEAR, COLLEGE, SECTOR),
    "at_risk_agreements": (COLLEGE, SECTOR, KIND),
    "at_risk_students": (COLLEGE,),
}
# The dimensions read at the scope of the college filter: the city's, and the same of one college.
SCOPED = {
    AggregateDimension.HEALTH_CELL: AggregateDimension.HEALTH_CELL_BY_COLLEGE,
    AggregateDimension.TALENT_CELL: AggregateDimension.TALENT_CELL_BY_COLLEGE,
    AggregateDimension.PLACEMENT_FUNNEL: AggregateDimension.PLACEMENT_FUNNEL_BY_COLLEGE,
}
# The dimensions of the trends, read for every run.
TRENDS = (AggregateDimension.HEALTH_CELL, AggregateDimension.TALENT_CELL)
# A row every published run has: it lists the runs whatever the college chosen has.
EVERY_RUN = "stations_gini"
AT_RISK_ROWS = 10


@dataclass(frozen=True)
class DashboardFilters:
    academic_year: int | None = None
    college_id: int | None = None
    sector: str = ""
    kind: str = ""

    @property
    def scope(self) -> str:
        return str(self.college_id) if self.college_id else CITY_SCOPE

    def dimensions(self, dimensions) -> Q:
        """The rows of ``dimensions`` (city-wide ones) at the scope of the college filter."""
        if self.college_id:
            return Q(dimension__in=[SCOPED[dimension] for dimension in dimensions], key=self.scope)
        return Q(dimension__in=dimensions)


@dataclass(frozen=True)
class DashboardRun:
    """A published run: its id and the date it computed the scores for."""

    pk: int
    as_of: datetime.date


def scoped_rows(filters: DashboardFilters, rows) -> list[tuple]:
    """(run id, city-wide dimension, cell key, count, value, details) of ``rows`` (run id, dimension, key, count,
    value, details), the cells of a college's row taken out of it."""
    by_college = {college: city for city, college in SCOPED.items()}
    cells = []
    for run_id, dimension, key, count, value, details in rows:
        if dimension in by_college:
            cells.extend(
                (run_id, by_college[dimension], cell_key, cell["count"], cell["value"], cell)
                for cell_key, cell in details.items()
            )
        else:
            cells.append((run_id, dimension, key, count, value, details))
    return cells


@dataclass
class Cells:
    """A run's cells of the dashboard, by dimension: (key, count, value, details)."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))

    def of(self, dimension: str) -> list[tuple]:
        return self.rows.get(dimension, [])

    def city(self, key: str) -> tuple | None:
        return next((row for row in self.of(AggregateDimension.CITY) if row[0] == key), None)


@dataclass
class CityDashboard:
    """The figures of the chosen academic year's last run (``current``) against the month before (``previous``),
    with the filters applied; the trends over the year's runs."""

    filters: DashboardFilters
    runs: list[DashboardRun]
    current: DashboardRun | None
    previous: DashboardRun | None
    now: Cells
    before: Cells
    trend_rows: list[tuple]  # (run id, dimension, key, count, value, details)

    # ---- the filters on cells ----
    def keep(self, key: str) -> bool:
        """Whether a cell (``section[/kind]``) is in the sector and kind filtered for."""
        parts = key.split("/")
        if self.filters.sector and parts[0] != self.filters.sector:
            return False
        return not (self.filters.kind and len(parts) > 1 and parts[1] != self.filters.kind)

    def health_cells(self, cells: Cells) -> list[tuple]:
        return [row for row in cells.of(AggregateDimension.HEALTH_CELL) if self.keep(row[0])]

    # ---- figures ----
    def health(self, cells: Cells) -> dict:
        """Agreements in force, scored, mean score, and how many in each band (all filters)."""
        rows = self.health_cells(cells)
        scored = sum(row[1] for row in rows)
        return {
            "in_force": sum(row[3]["in_force"] for row in rows),
            "scored": scored,
            "mean": sum(row[3]["score_sum"] for row in rows) / scored if scored else None,
            "bands": {band: sum(row[3][f"band_{band}"] for row in rows) for band in HealthBand.values},
        }

    def health_by(self, part: int, cells: Cells | None = None) -> dict[str, dict]:
        """The health per sector section (``part`` 0) or kind (1) among ``cells`` (the current run's): scored, mean
        and agreements in force."""
        groups = defaultdict(lambda: {"scored": 0, "score_sum": 0.0, "in_force": 0})
        for key, count, _, details in self.health_cells(self.now if cells is None else cells):
            group = groups[key.split("/")[part]]
            group["scored"] += count
            group["score_sum"] += details["score_sum"]
            group["in_force"] += details["in_force"]
        return {
            name: {**group, "mean": group["score_sum"] / group["scored"] if group["scored"] else None}
            for name, group in sorted(groups.items())
        }

    def talent(self, cells: Cells) -> dict:
        """Students scored, their mean score, and per cohort the students in each fifth of the scale."""
        rows = cells.of(AggregateDimension.TALENT_CELL)
        scored = sum(row[1] for row in rows)
        return {
            "scored": scored,
            "mean": sum(row[3]["score_sum"] for row in rows) / scored if scored else None,
            "cohorts": {
                int(row[0]): [row[3][f"bin_{low}"] for low in (0, *TALENT_BINS)]
                for row in sorted(rows, key=lambda row: int(row[0]))
            },
        }

    def trend(self, dimension: str) -> list[tuple[datetime.date, int, float | None]]:
        """Per run of the year: its date, how many entities were scored and their mean score (filters applied)."""
        totals = {run.pk: [0, 0.0] for run in self.runs_of_year()}
        for run_id, row_dimension, key, count, value, _ in self.trend_rows:
            if (
                row_dimension == dimension
                and run_id in totals
                and (dimension != AggregateDimension.HEALTH_CELL or self.keep(key))
            ):
                totals[run_id][0] += count
                totals[run_id][1] += (value or 0) * count
        return [
            (run.as_of, totals[run.pk][0], totals[run.pk][1] / totals[run.pk][0] if totals[run.pk][0] else None)
            for run in self.runs_of_year()
        ]

    def runs_of_year(self) -> list[DashboardRun]:
        year = self.year
        return [run for run in self.runs if academic_year(run.as_of) == year]

    @property
    def year(self) -> int | None:
        return academic_year(self.current.as_of) if self.current else None

    def colleges(self, cells: Cells) -> dict:
        """Colleges, programs, enrolled and final-year students, and those placed (college filter)."""
        scope = self.filters.scope
        row = next((row for row in cells.of(AggregateDimension.COLLEGE_FIGURES) if row[0] == scope), None)
        if row is None:
            return {"colleges": 0, "programs": 0, "students": 0, "final_year": 0, "placed": 0, "rate": None}
        details = row[3]
        return {
            "colleges": details.get("colleges", 1),
            "programs": details["programs"],
            "students": row[1],
            "final_year": details["final_year"],
            "placed": details["placed"],
            "rate": row[2],
        }

    def enterprises(self, cells: Cells) -> dict:
        """Enterprises, certified ones, slots posted and filled (sector filter)."""
        rows = [
            row
            for row in cells.of(AggregateDimension.ENTERPRISE_CELL)
            if not self.filters.sector or row[0] == self.filters.sector
        ]
        return {
            "enterprises": sum(row[1] for row in rows),
            **{name: sum(row[3][name] for row in rows) for name in ("certified", "slots", "filled")},
        }

    def funnel(self, cells: Cells) -> dict[str, int]:
        """Applications, offers, placements, completed, hired (college and sector filters)."""
        rows = [row for row in cells.of(AggregateDimension.PLACEMENT_FUNNEL) if self.keep(row[0])]
        return {step: sum(row[3][step] for row in rows) for step in FUNNEL}

    def alignment(self) -> list[dict]:
        """Per sector section: graduates, demand, slots, ratio and gap, priority; the largest gap first."""
        rows = [
            {
                **row[3],
                "students": row[1],
                "ratio": row[2],
                "gap": row[3]["demand"] - row[3]["supply"],
            }
            for row in self.now.of(AggregateDimension.SECTOR_ALIGNMENT)
            if not self.filters.sector or row[0] == self.filters.sector
        ]
        return sorted(rows, key=lambda row: (-row["gap"], row["sector"]))

    def sector_names(self) -> dict[str, dict]:
        """The names of the sector sections the run's cells know (for the filter's choices and the charts)."""
        names = {}
        for dimension in (AggregateDimension.ENTERPRISE_CELL, AggregateDimension.SECTOR_ALIGNMENT):
            for row in self.now.of(dimension):
                names[row[0]] = {"zh": row[3]["name_zh"], "en": row[3]["name_en"]}
        return dict(sorted(names.items()))

    def stations(self) -> dict:
        """The Gini coefficient, the Lorenz curve, and the colleges with the fewest stations per student."""
        gini = self.now.city("stations_gini")
        lorenz = self.now.city("stations_lorenz")
        return {
            "gini": gini[2] if gini else None,
            "colleges": gini[1] if gini else 0,
            "points": lorenz[3]["points"] if lorenz else [],
            "fewest": lorenz[3]["fewest"] if lorenz else [],
        }

    def city_details(self, key: str) -> dict:
        row = self.now.city(key)
        return row[3] if row else {}

    def shortfalls(self) -> list[dict]:
        """Programs whose final-year students most fall short (college filter: that college's programs)."""
        if not self.filters.college_id:
            return self.city_details("programs_short").get("rows", [])
        rows = [
            {"key": key, **program}
            for *_, details in self.now.of(AggregateDimension.PROGRAM_SHORTFALL)
            for key, program in details.items()
            if program["count"] >= MIN_GROUP and program["value"]
        ]
        return sorted(rows, key=lambda row: (-row["value"], row["key"]))[:AT_RISK_ROWS]


def city_dashboard(*, principal: Principal, filters: DashboardFilters) -> CityDashboard:
    """The dashboard of the official's city with ``filters``: two queries, whatever the city's size. The first
    reads the trends' cells of every published run (and so the runs, one per month: its last); the second the
    cells of the chosen academic year's last run and of the run before it."""
    published = scoped(
        CityAggregate.objects.filter(run__state=RunState.SUCCEEDED),
        principal,
        city_official=in_city("run__city_id"),
    )
    every_run = Q(dimension=AggregateDimension.CITY, key=EVERY_RUN)
    fields = ["run_id", "dimension", "key", "count", "value"]
    # Only a college's rows need their details (its cells); the city's cells are rows of their own.
    trend_rows = published.filter(every_run | filters.dimensions(TRENDS)).order_by(
        "run__as_of", "run__finished_at", "run_id"
    )
    trend_rows = [
        (run_id, as_of, *row, details if filters.college_id else {})
        for run_id, as_of, *row, details in trend_rows.values_list(
            "run_id", "run__as_of", *fields[1:], "details" if filters.college_id else "value"
        )
    ]
    monthly = {(as_of.year, as_of.month): DashboardRun(run_id, as_of) for run_id, as_of, *_ in trend_rows}
    runs = list(monthly.values())
    year = filters.academic_year or (academic_year(runs[-1].as_of) if runs else None)
    of_year = [run for run in runs if academic_year(run.as_of) == year]
    current = of_year[-1] if of_year else None
    previous = runs[runs.index(current) - 1] if current and runs.index(current) > 0 else None
    chosen = (
        filters.dimensions(tuple(SCOPED))
        | Q(dimension=AggregateDimension.COLLEGE_FIGURES, key=filters.scope)
        | Q(dimension__in=(AggregateDimension.ENTERPRISE_CELL, AggregateDimension.SECTOR_ALIGNMENT))
        | Q(dimension=AggregateDimension.CITY)
    )
    if filters.college_id:
        chosen |= Q(dimension=AggregateDimension.PROGRAM_SHORTFALL, key=filters.scope)
    now, before = Cells(), Cells()
    compared = [run.pk for run in (current, previous) if run]
    rows = published.filter(chosen, run_id__in=compared).values_list(*fields, "details")
    for run_id, dimension, *row in scoped_rows(filters, rows):
        (now if current and run_id == current.pk else before).rows[dimension].append(tuple(row))
    trends = scoped_rows(filters, [(run_id, *row) for run_id, _, *row in trend_rows])
    return CityDashboard(filters, runs, current, previous, now, before, trends)


def dashboard_at_risk_agreements(*, principal: Principal, filters: DashboardFilters) -> list[PartnershipHealth]:
    """The first agreements in the lowest band (``at_risk_agreement_list``) with the filters, with ``weakest``: the
    component that pulls the score down most."""
    health = at_risk_agreement_list(principal=principal).select_related("agreement__college", "agreement__enterprise")
    if filters.college_id:
        health = health.filter(agreement__college_id=filters.college_id)
    if filters.sector:
        health = health.filter(
            Q(agreement__enterprise__sector__code=filters.sector)
            | Q(agreement__enterprise__sector__parent__code=filters.sector)
        )
    if filters.kind:
        health = health.filter(agreement__kind=filters.kind)
    rows = list(health[:AT_RISK_ROWS])
    for row in rows:
        known = [(getattr(row, name), name) for name in HEALTH_COMPONENTS if getattr(row, name) is not None]
        row.weakest = min(known)[1] if known else ""
    return rows


def dashboard_at_risk_students(*, principal: Principal, filters: DashboardFilters) -> QuerySet[Student]:
    """The first final-year students without a placement (``at_risk_student_list``), of the chosen college."""
    students = at_risk_student_list(principal=principal).select_related("program__college")
    if filters.college_id:
        students = students.filter(program__college_id=filters.college_id)
    return students[:AT_RISK_ROWS]
