"""The college portal's pages in a real browser: each main page in both languages (screenshots, axe), a list
refreshed in place by htmx, and journey 6 of the issue: another college's records are a 404 page, and a form
posted without its CSRF token is refused."""

from decimal import Decimal

import pytest

from evaluation.models import TalentScore
from tests.accounts.factories import NotificationFactory
from tests.colleges.factories import CollegeStaffFactory, CourseFactory, ProgramFactory, StudentFactory
from tests.evaluation.factories import TalentScoreFactory, current_snapshots
from tests.partnerships.factories import CooperationAgreementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def college_world(db):
    staff = CollegeStaffFactory(user__username="college-staff")
    program = ProgramFactory(college=staff.college, name="工业机器人技术")
    CourseFactory(program=program)
    students = StudentFactory.create_batch(3, program=program)
    # The platform scores new students itself (a rescore after commit): set the scores this test filters by.
    for student, score in zip(students, ("88.0", "55.0", "55.0"), strict=True):
        if not current_snapshots(TalentScore, student=student).update(score=Decimal(score)):
            TalentScoreFactory(student=student, score=Decimal(score))
    NotificationFactory(recipient=staff.user)
    return staff, program, students


@pytest.mark.parametrize(("language", "html_lang"), [("en", "en"), ("zh-CN", "zh-hans")])
def test_each_main_college_page_renders_accessibly_in_both_languages(
    open_page, sign_in, screenshot, assert_accessible, college_world, language, html_lang
):
    staff, program, students = college_world
    page = open_page(language)
    sign_in(page, staff.user)

    pages = {
        "home": "/",
        "programs": "/programs/",
        "program": f"/programs/{program.pk}/",
        "program-new": "/programs/new/",
        "courses": "/courses/",
        "students": "/students/",
        "student": f"/students/{students[0].pk}/",
        "notifications": "/accounts/notifications/",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.ok, url
        assert page.locator("html").get_attribute("lang") == html_lang
        assert page.get_by_role("banner").get_by_text(staff.college.name).is_visible()
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)
        screenshot(page, f"college-{name}-{html_lang}")


def test_a_list_filters_in_place_with_htmx_and_keeps_the_filter_in_the_address(page, sign_in, college_world):
    staff, _program, students = college_world
    sign_in(page, staff.user)
    page.goto("/students/")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Talent band").select_option("high")
    page.wait_for_url("**/students/?*talent_band=high*")

    rows = page.locator("#object-list tbody tr")
    assert rows.count() == 1
    assert students[0].student_number in rows.first.inner_text()
    assert page.evaluate("window.stillTheSamePage") is True  # the table was swapped, the page not reloaded


def test_another_colleges_records_are_a_404_page_and_a_form_without_its_token_is_refused(
    open_page, sign_in, college_world
):
    staff, program, students = college_world
    agreement = CooperationAgreementFactory(college=staff.college)
    stranger = CollegeStaffFactory(user__username="other-college-staff")
    page = open_page()
    sign_in(page, stranger.user)

    for url in (f"/students/{students[0].pk}/", f"/agreements/{agreement.pk}/", f"/programs/{program.pk}/edit/"):
        response = page.goto(url)
        assert response.status == 404
        assert page.get_by_role("heading", name="Page not found").is_visible()

    refused = page.request.post("/programs/new/", form={"name": "Forged", "catalogue_code": "460305"})
    assert refused.status == 403
    assert not program.college.programs.filter(name="Forged").exists()
