"""A program's page: its students by cohort and talent band, and the enterprises of its target sectors that demand
talent and post: four aggregate queries in all, however many students, sectors or enterprises there are.

Both count rows through the selectors, so within the reader's scope. An enterprise's scope holds only its own records
and its applicants, which would describe the enterprise rather than the program: the panels are not shown to it.
"""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.principals import Principal
from colleges.choices import TALENT_BAND_STUDENTS
from colleges.models import Program
from colleges.selectors import student_list
from common.panels import panel
from enterprises.choices import PostingStatus
from enterprises.selectors import enterprise_list, posting_list, talent_demand_list


@panel(Program, template="evaluation/panels/program_talent.html", order=10)
def program_talent(program: Program, principal: Principal) -> dict | None:
    """Per cohort (newest first): how many students, and how many in each talent band."""
    if principal.enterprise_id is not None:
        return None
    bands = {f"band_{band}": Count("pk", filter=students) for band, students in TALENT_BAND_STUDENTS.items()}
    rows = (
        student_list(principal=principal)
        .filter(program=program)
        .order_by("-cohort_year")
        .values("cohort_year")
        .annotate(students=Count("pk"), **bands)
    )
    cohorts = [
        {"year": row["cohort_year"], "students": row["students"], "bands": [row[name] for name in bands]}
        for row in rows
    ]
    return {"bands": [band.label for band in TALENT_BAND_STUDENTS], "cohorts": cohorts}


# The figures of each table, as a function of the filter of the rows they count (None: every row in the table).
ENTERPRISE_FIGURES = {"enterprises": lambda rows: Count("pk", filter=rows)}
DEMAND_FIGURES = {
    "demanding": lambda rows: Count("enterprise", distinct=True, filter=rows),
    "headcount": lambda rows: Sum("headcount", filter=rows),
}
POSTING_FIGURES = {
    "posting": lambda rows: Count("enterprise", distinct=True, filter=rows),
    "postings": lambda rows: Count("pk", filter=rows),
    "slots": lambda rows: Sum("slots", filter=rows),
}


@panel(Program, template="evaluation/panels/program_demand.html", order=20)
def program_demand(program: Program, principal: Principal) -> dict | None:
    """Per target sector, in the program's city: its enterprises, those that demand talent from this year on (and
    the headcount), and those with open postings (and the postings and slots); the total row counts each enterprise
    once, whatever the number of its sectors. One query per table, whatever the number of sectors."""
    if principal.enterprise_id is not None:
        return None
    sectors = list(program.target_sectors.all())
    city_id = program.college.city_id
    year = timezone.localdate().year
    sector_rows = {sector.pk: {"sector": sector} for sector in sectors}
    total: dict = {}
    for rows, figures in (
        (enterprise_list(principal=principal).filter(city_id=city_id), ENTERPRISE_FIGURES),
        (talent_demand_list(principal=principal).filter(enterprise__city_id=city_id, year__gte=year), DEMAND_FIGURES),
        (
            posting_list(principal=principal).filter(enterprise__city_id=city_id, status=PostingStatus.OPEN),
            POSTING_FIGURES,
        ),
    ):
        aggregates = {
            f"{name}_{sector}": figure(Q(sector=sector)) for sector in sector_rows for name, figure in figures.items()
        }
        counted = (
            rows.filter(sector__in=sectors)
            .order_by()
            .aggregate(**aggregates, **{name: figure(None) for name, figure in figures.items()})
        )
        for name in figures:
            total[name] = counted[name]
            for sector, row in sector_rows.items():
                row[name] = counted[f"{name}_{sector}"]
    return {"sectors": list(sector_rows.values()), "total": total, "year": year}
