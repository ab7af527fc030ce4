"""Downloads of the pages' tables (common/exports.py): every list page's rows as CSV and xlsx, in a number of queries
that does not grow with the rows, and a dashboard's chart tables through ChartExportMixin (a test-only dashboard)."""

import io

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.views.generic import TemplateView
from openpyxl import load_workbook

from accounts.choices import Role
from accounts.permissions import may
from accounts.principals import ANONYMOUS
from common.charts import Chart, Point, Series
from common.views import ChartExportMixin
from partnerships.models import Application
from tests.api_world import ROWS, build_api_city
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.exports import csv_rows, xlsx_sheets
from tests.test_page_query_counts import CASES

# One case per list page, for the first role that sees its rows.
EXPORT_CASES = list({case.values[0]: case for case in reversed(CASES)}.values())


@pytest.mark.parametrize(("name", "view_class", "role"), EXPORT_CASES)
def test_every_list_page_downloads_every_row_in_queries_that_do_not_grow(name, view_class, role, db, client):
    model = view_class.selector(principal=ANONYMOUS).model
    api_city = build_api_city("exports")
    user = api_city.user(role)
    if not may(user, f"{model._meta.app_label}.view_{model._meta.model_name}"):
        pytest.skip(f"{role.label} may not open {name}")
    client.force_login(user)

    def download(export_format: str) -> tuple[int, int]:
        """(rows in the file after its header, queries it took)"""
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name), {"_export": export_format})
            assert response.status_code == 200
            rows = csv_rows(response) if export_format == "csv" else xlsx_sheets(response)[0]
        return len(rows) - 1, len(queries)

    ROWS[model].build(api_city, 5)
    few_csv, few_xlsx = download("csv"), download("xlsx")
    ROWS[model].build(api_city, 45)  # more than a page (25): the file has them all
    many_csv, many_xlsx = download("csv"), download("xlsx")

    assert few_csv[0] == few_xlsx[0] >= 5
    assert many_csv[0] == many_xlsx[0] == few_csv[0] + 45
    assert (many_csv[1], many_xlsx[1]) == (few_csv[1], few_xlsx[1])


def test_rows_are_read_in_chunks_in_the_pages_order_with_their_prefetched_relations(db, client, monkeypatch):
    monkeypatch.setattr("common.exports.CHUNK_SIZE", 4)
    api_city = build_api_city("chunks")
    ROWS[Application].build(api_city, 10)
    client.force_login(api_city.user(Role.COLLEGE_STAFF))
    url = reverse("partnerships:application_list")

    table = client.get(url, {"per_page": 50}).context["table"]
    rows = csv_rows(client.get(url, {"_export": "csv"}))

    assert [row[0] for row in rows[1:]] == [row.record.student.name for row in table.page.object_list]
    skills = ", ".join(sorted(skill.name for skill in api_city.skills))
    assert {", ".join(sorted(row[2].split(", "))) for row in rows[1:]} == {skills}  # prefetched chunk by chunk


def test_a_text_that_a_spreadsheet_would_run_as_a_formula_stays_text(db, client):
    staff = CollegeStaffFactory()
    StudentFactory(program=ProgramFactory(college=staff.college), name='=HYPERLINK("http://x","y")')
    client.force_login(staff.user)

    csv_name = csv_rows(client.get("/students/", {"_export": "csv"}))[1][1]
    workbook = load_workbook(io.BytesIO(client.get("/students/", {"_export": "xlsx"}).content))
    cell = workbook.worksheets[0]["B2"]

    assert csv_name == '\'=HYPERLINK("http://x","y")'
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


# A dashboard of the tests only: one chart with a small group, the page's filter in its query string.
class FiguresView(ChartExportMixin, TemplateView):
    template_name = "includes/chart.html"

    def charts(self):
        return [
            Chart(
                key="placements",
                kind="bar",
                title="Placements by program",
                summary="Mechatronics placed most.",
                categories=["Mechatronics", "机电一体化", "Welding"],
                series=[
                    Series("Students", [Point(120), Point(None, suppressed=True), Point(None)]),
                    Series("Placed", [Point(80.5), Point(None, suppressed=True), Point(7)]),
                ],
                x_title="Program",
            )
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(chart=self.charts()[0], **kwargs)


def figures(query: dict):
    response = FiguresView.as_view()(RequestFactory().get("/dashboard/", query))
    return response.render() if hasattr(response, "render") else response


def test_a_chart_downloads_its_table_with_small_groups_suppressed():
    rows = csv_rows(figures({"_export": "csv", "chart": "placements", "year": "2025"}))
    sheet, about = xlsx_sheets(figures({"_export": "xlsx", "chart": "placements", "year": "2025"}))

    assert rows == [
        ["Program", "Students", "Placed"],
        ["Mechatronics", "120", "80.5"],
        ["机电一体化", "fewer than 5", "fewer than 5"],
        ["Welding", "", "7"],
    ]
    assert sheet == [
        ("Program", "Students", "Placed"),
        ("Mechatronics", 120, 80.5),
        ("机电一体化", "fewer than 5", "fewer than 5"),
        ("Welding", None, 7),
    ]
    assert ("Page, with its filters", "http://testserver/dashboard/?chart=placements&year=2025") in about


def test_a_chart_file_is_named_for_the_chart_and_the_day_and_says_fewer_than_in_the_pages_language():
    with translation.override("zh-hans"):
        response = figures({"_export": "csv", "chart": "placements"})
        rows = csv_rows(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="placements-by-program-{today}.csv"'
    assert rows[2] == ["机电一体化", "少于 5 人", "少于 5 人"]


def test_an_unknown_chart_is_a_404_and_the_page_links_each_format_with_its_filters():
    with pytest.raises(Http404):
        figures({"_export": "csv", "chart": "nonesuch"})
    page = figures({"year": "2025"}).content.decode()

    assert 'href="?year=2025&amp;_export=csv&amp;chart=placements"' in page
    assert 'href="?year=2025&amp;_export=xlsx&amp;chart=placements"' in page
