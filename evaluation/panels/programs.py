"""A program's page: its students by cohort and talent band, and the enterprises of its target sectors that demand
talent and post. Each panel is a few aggregate queries, however many students or enterprises there are.

Both count rows through the selectors, so within the reader's scope. An enterprise's scope holds only its own records
and its applicants, which would describe the enterprise rather than the program: the panels are not shown to it.
"""

from django.db.models import Count, Sum
from django.utils import timezone

from accounts.principals import Principal
from colleges.choices import TALENT_BAND_STUDENTS, TalentBand
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
    return {"bands": [label for _value, label in TalentBand.choices], "cohorts": cohorts}


@panel(Program, template="evaluation/panels/program_demand.html", order=20)
def program_demand(program: Program, principal: Principal) -> dict | None:
    """Per target sector, in the program's city: its enterprises, those that demand talent from this year on (and
    the headcount), and those with open postings (and the postings and slots); a total row counts each enterprise
    once, whatever the number of its sectors."""
    if principal.enterprise_id is not None:
        return None
    sectors = list(program.target_sectors.all())
    city_id = program.college.city_id
    enterprises = enterprise_list(principal=principal).filter(city_id=city_id, sector__in=sectors)
    demand = talent_demand_list(principal=principal).filter(
        enterprise__city_id=city_id, sector__in=sectors, year__gte=timezone.localdate().year
    )
    postings = posting_list(principal=principal).filter(
        enterprise__city_id=city_id, sector__in=sectors, status=PostingStatus.OPEN
    )
    demand_figures = {"demanding": Count("enterprise", distinct=True), "headcount": Sum("headcount")}
    posting_figures = {
        "posting": Count("enterprise", distinct=True),
        "postings": Count("pk"),
        "slots": Sum("slots"),
    }
    by_sector: dict[int, dict] = {sector.pk: {"sector": sector} for sector in sectors}
    for queryset, figures in (
        (enterprises, {"enterprises": Count("pk")}),
        (demand, demand_figures),
        (postings, posting_figures),
    ):
        for row in queryset.order_by().values("sector").annotate(**figures):
            by_sector[row.pop("sector")].update(row)
    total = {
        "enterprises": sum(row.get("enterprises", 0) for row in by_sector.values()),
        **demand.order_by().aggregate(**demand_figures),
        **postings.order_by().aggregate(**posting_figures),
    }
    return {"sectors": list(by_sector.values()), "total": total, "year": timezone.localdate().year}
