"""The students list downloaded (common/exports.py): every row the filters keep, in the page's order and language,
masked for a city official as on the page, and an xlsx file that says when it stops at its limit."""

import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory, national_id
from tests.exports import csv_rows, xlsx_sheets
from tests.pages import client_of


@pytest.fixture
def college(db):
    """A college with 30 students of welding (more than a page) and 2 of robotics, with Chinese names."""
    staff = CollegeStaffFactory()
    welding = ProgramFactory(college=staff.college, name="Welding")
    robotics = ProgramFactory(college=staff.college, name="Robotics")
    for n in range(30):
        StudentFactory(program=welding, name=f"焊工{n:02d}", cohort_year=2023 + n % 2, national_id=national_id(n))
    StudentFactory(program=robotics, name="张三丰", student_number="2024009999")
    StudentFactory(program=robotics, name="李四", student_number="2024008888")
    return staff


def test_the_college_downloads_every_filtered_row_in_the_pages_order(college):
    client = client_of(college)
    welding = college.college.programs.get(name="Welding")

    rows = csv_rows(client.get("/students/", {"program": welding.pk, "sort": "-cohort_year", "_export": "csv"}))
    sheet, _about = xlsx_sheets(
        client.get("/students/", {"program": welding.pk, "cohort_year": 2024, "_export": "xlsx"})
    )

    assert rows[0] == ["Student number", "Name", "Program", "Cohort year", "Status", "Practice hours", "Placed"]
    assert sorted(row[1] for row in rows[1:]) == [f"焊工{n:02d}" for n in range(30)]  # beyond the page's 25
    assert [row[3] for row in rows[1:]] == ["2024"] * 15 + ["2023"] * 15
    assert {(row[2], row[-1]) for row in rows[1:]} == {("Welding", "No")}
    assert sorted(row[1] for row in sheet[1:]) == [f"焊工{n:02d}" for n in range(1, 30, 2)]
    assert {row[3] for row in sheet[1:]} == {2024}  # numbers stay numbers in a spreadsheet


def test_a_city_official_downloads_the_students_masked_as_on_the_page(college):
    official = CityOfficialFactory(city=college.college.city)
    client = client_of(official)

    response = client.get("/students/", {"_export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    sheet, _about = xlsx_sheets(client.get("/students/", {"_export": "xlsx"}))
    rows = csv_rows(client.get("/students/", {"_export": "csv"}))[1:]

    assert len(rows) == 32  # all of them, beyond the page's 25
    assert ["******9999", "张**"] in [row[:2] for row in rows]
    assert ["******8888", "李*"] in [row[:2] for row in rows]
    assert {row[1] for row in rows} == {"张**", "李*", "焊***"}
    assert "张三丰" not in content
    assert "2024009999" not in content
    assert {row[0] for row in sheet[1:]} >= {"******9999", "******8888"}
    assert not any("张三丰" in str(cell) for row in sheet for cell in row)


def test_the_file_is_named_and_headed_in_the_pages_language(college):
    client = client_of(college)

    response = client.get("/students/", {"_export": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    with translation.override("en"):  # the rows are written as the file streams, after the view has returned
        rows = csv_rows(response)
    today = timezone.localdate().isoformat()

    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''%E5%AD%A6%E7%94%9F-{today}.csv"  # 学生
    assert rows[0] == ["学号", "姓名", "专业", "年级", "状态", "实践学时", "已安排实习"]
    assert rows[1][4:] == ["在读", "0", "否"]


def test_an_xlsx_file_stops_at_its_limit_and_says_so(college, monkeypatch):
    monkeypatch.setattr("common.exports.XLSX_MAX_ROWS", 10)
    client = client_of(college)

    workbook = load_workbook(io.BytesIO(client.get("/students/", {"_export": "xlsx", "status": "enrolled"}).content))
    sheet, about = (list(sheet.values) for sheet in workbook.worksheets)
    facts = dict(about)

    assert len(sheet) == 1 + 10 + 1
    assert sheet[-1][0] == "Only the first 10 rows are in this file."
    assert facts["Rows"] == 10
    assert facts["Table"] == "Students"
    assert facts["Page, with its filters"] == "http://testserver/students/?status=enrolled"


def test_the_list_links_both_downloads_with_its_filters_but_not_its_page(college):
    html = client_of(college).get("/students/", {"cohort_year": 2024, "page": 1}).content.decode()

    assert 'href="?cohort_year=2024&amp;_export=csv" download' in html
    assert 'href="?cohort_year=2024&amp;_export=xlsx" download' in html
    assert "An Excel file holds the first 20,000 rows; CSV holds them all." in html


def test_a_download_that_a_filter_refuses_goes_back_to_the_page_that_says_why(college):
    client = client_of(CityOfficialFactory(city=college.college.city))

    response = client.get("/students/", {"q": "张", "_export": "csv"})

    assert response.status_code == 302
    assert response["Location"] == "/students/?q=%E5%BC%A0"
    assert "cannot search them" in client.get(response["Location"]).content.decode()
