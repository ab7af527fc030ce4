"""A city allocation round end to end in a real browser: the official creates a round, sets it up and opens it;
the college enters one student's choices by the form and the others' by a file; the enterprise ranks one posting's
applicants and accepts the default ranking for the other; once the window has closed (the test moves its close to
now) the official runs the round, follows its progress, reviews the draft and publishes it after checking
it; the offers appear in the college's applications. axe-core runs on every page; screenshots of each page, in
English and in Chinese, go to var/screenshots/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from colleges.choices import StudentStatus
from enterprises.choices import PostingStatus
from partnerships.choices import AllocationRoundStatus, ApplicationStatus
from partnerships.models import AllocationRound, Application
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory

pytestmark = pytest.mark.browser

# How long the round's window stays open after the official creates it: long enough for the college and the
# enterprise to enter everything on a busy machine, after which the journey closes it (see below).
WINDOW = datetime.timedelta(minutes=10)
STUDENTS = (("李明", "2024000101"), ("王芳", "2024000102"), ("张伟", "2024000103"), ("刘洋", "2024000104"))


@pytest.fixture
def round_world(db):
    official = CityOfficialFactory(user__username="city-official", city__name="金禾市")
    city = official.city
    college = CollegeStaffFactory(user__username="college-staff", college__city=city, college__name="金禾职业技术学院")
    program = ProgramFactory(college=college.college, name="工业机器人技术")
    for name, number in STUDENTS:
        StudentFactory(program=program, name=name, student_number=number, status=StudentStatus.ENROLLED)
    enterprise = EnterpriseStaffFactory(
        user__username="enterprise-staff", enterprise=EnterpriseFactory(city=city, name="金禾机器人有限公司")
    )
    postings = [
        PostingFactory(enterprise=enterprise.enterprise, status=PostingStatus.OPEN, title=title, slots=3)
        for title in ("机器人工作站实习生", "焊接产线实习生")
    ]
    return {"official": official, "college": college, "enterprise": enterprise, "postings": postings}


def local(moment: datetime.datetime) -> str:
    """What a datetime-local input takes: the city's wall-clock time, to the second."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S")


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def check(page: Page, assert_accessible, screenshot, name: str) -> None:
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    screenshot(page, f"allocation-{name}-en")


def test_a_round_from_creation_to_the_offers_in_the_colleges_applications(
    open_page, sign_in, screenshot, assert_accessible, round_world, tmp_path
):
    robot, welding = round_world["postings"]

    # The official creates the round, sets it up and opens it.
    official = open_page()
    sign_in(official, round_world["official"].user)
    menu(official, "Allocation rounds")
    check(official, assert_accessible, screenshot, "official-list-empty")
    official.get_by_role("link", name="New allocation round").click()
    check(official, assert_accessible, screenshot, "official-new")
    created = timezone.now()
    official.get_by_label("Name").fill("2026 秋季岗位实习统一分配")
    official.get_by_label("Opens at").fill(local(created - datetime.timedelta(minutes=1)))
    official.get_by_label("Closes at").fill(local(created + WINDOW))
    official.get_by_role("button", name="Save").click()
    expect(official.get_by_text("The round is created with the lottery seed")).to_be_visible()
    round_ = AllocationRound.objects.get()
    check(official, assert_accessible, screenshot, "official-round-setup")

    official.get_by_role("link", name="Postings taking part").first.click()
    for posting in (robot, welding):
        official.locator("#id_posting_q").fill(posting.title[:2])
        expect(official.locator("#id_posting option", has_text=posting.title)).to_have_count(1)
        official.locator("#id_posting").select_option(str(posting.pk))
        official.get_by_label("Slots in this round").fill("2")
        official.get_by_role("button", name="Save").click()
        expect(official.get_by_text("The posting takes part with these slots.")).to_be_visible()
    check(official, assert_accessible, screenshot, "official-postings")
    official.get_by_role("link", name="Back to the round").click()
    official.get_by_role("link", name="Colleges taking part").first.click()
    official.get_by_label("金禾职业技术学院").check()
    check(official, assert_accessible, screenshot, "official-colleges")
    official.get_by_role("button", name="Save").click()
    official.get_by_role("link", name="Open the round").click()
    check(official, assert_accessible, screenshot, "official-open")
    official.locator("main form button[type=submit]").click()
    expect(official.get_by_text("The round is open")).to_be_visible()
    check(official, assert_accessible, screenshot, "official-round-open")

    # The college enters one student's choices by the form and three students' by a file.
    college = open_page()
    sign_in(college, round_world["college"].user)
    menu(college, "Allocation rounds")
    check(college, assert_accessible, screenshot, "college-list")
    college.get_by_role("link", name=round_.name).click()
    check(college, assert_accessible, screenshot, "college-round")
    college.get_by_role("link", name="Your students' choices").click()
    check(college, assert_accessible, screenshot, "college-students")
    college.get_by_role("row").filter(has_text="2024000101").get_by_role("link").click()
    college.locator("#id_choice_1").select_option(str(welding.pk))
    college.locator("#id_choice_2").select_option(str(robot.pk))
    check(college, assert_accessible, screenshot, "college-choices")
    college.get_by_role("button", name="Save").click()
    expect(college.get_by_text("The student's choices are saved.")).to_be_visible()
    college.get_by_role("link", name="Import choices from a file").click()
    choices = tmp_path / "choices.csv"
    choices.write_text(
        "student_number,rank,posting\n"
        f"2024000102,1,{robot.pk}\n2024000102,2,{welding.pk}\n"
        f"2024000103,1,{robot.pk}\n"
        f"2024000104,1,{welding.pk}\n2024000104,2,{robot.pk}\n",
        encoding="utf-8",
    )
    college.get_by_label("File of choices").set_input_files(choices)
    check(college, assert_accessible, screenshot, "college-import")
    college.get_by_role("button", name="Import").click()
    expect(college.get_by_text("3 students' choices imported.")).to_be_visible()

    # The enterprise ranks the robot cell's applicants and accepts the default ranking for the welding line.
    enterprise = open_page()
    sign_in(enterprise, round_world["enterprise"].user)
    menu(enterprise, "Allocation rounds")
    enterprise.get_by_role("link", name=round_.name).click()
    check(enterprise, assert_accessible, screenshot, "enterprise-round")
    robot_row = enterprise.get_by_role("row").filter(has_text=robot.title)
    robot_row.get_by_role("link", name="Rank the applicants").click()
    check(enterprise, assert_accessible, screenshot, "enterprise-ranking")
    enterprise.get_by_label("张伟", exact=False).fill("1")
    enterprise.get_by_label("王芳", exact=False).fill("2")
    enterprise.get_by_label("李明", exact=False).fill("2")
    enterprise.get_by_role("button", name="Save").click()
    expect(enterprise.get_by_text("Your ranking of the applicants is saved")).to_be_visible()
    welding_row = enterprise.get_by_role("row").filter(has_text=welding.title)
    welding_row.get_by_role("link", name="Accept the default ranking").click()
    check(enterprise, assert_accessible, screenshot, "enterprise-default")
    enterprise.locator("main form button[type=submit]").click()
    expect(enterprise.get_by_text("The posting uses the default ranking by recommendation score.")).to_be_visible()
    expect(enterprise.get_by_role("row").filter(has_text=welding.title)).to_contain_text(
        "Default ranking by recommendation score"
    )

    # Time passes and the window closes now, after everything above was entered (moved rather than waited for: the
    # journey's time goes to the pages); the official runs the round and follows it until the draft is ready.
    AllocationRound.objects.filter(pk=round_.pk).update(closes_at=timezone.now())
    official.reload()
    official.get_by_role("link", name="Problems").click()
    expect(official.get_by_text("No problems")).to_be_visible()
    check(official, assert_accessible, screenshot, "official-problems")
    official.get_by_role("link", name="Back to the round").click()
    official.get_by_role("link", name="Run the round").click()
    check(official, assert_accessible, screenshot, "official-run")
    official.locator("main form button[type=submit]").click()
    official.locator("#round-progress").get_by_text("Draft result to review").wait_for()
    check(official, assert_accessible, screenshot, "official-round-drafted")

    # The draft: who got what (students masked for the official), the fill of each posting, then publishing.
    official.get_by_role("link", name="Review the draft").click()
    expect(official.locator("#object-list tbody tr")).to_have_count(4)
    expect(official.locator("#object-list")).not_to_contain_text("李明")
    check(official, assert_accessible, screenshot, "official-draft")
    official.get_by_role("link", name="Fill of each posting").click()
    check(official, assert_accessible, screenshot, "official-fill")
    official.get_by_role("link", name="Draft result").click()
    official.get_by_role("link", name="Publish the result").click()
    expect(official.get_by_text("Check the result before you publish it")).to_be_visible()
    expect(official.locator("main")).to_contain_text(str(round_.seed))
    check(official, assert_accessible, screenshot, "official-publish")
    official.get_by_role("button", name="Publish the result").click()
    expect(official.get_by_text("The result is published")).to_be_visible()
    round_.refresh_from_db()
    assert round_.status == AllocationRoundStatus.PUBLISHED

    # The offers appear in the college's applications, and in its part of the result.
    offered = Application.objects.filter(status=ApplicationStatus.OFFERED)
    assert offered.count() == 4
    menu(college, "Applications")
    for name, _number in STUDENTS:
        expect(college.locator("#object-list").get_by_role("row").filter(has_text=name)).to_contain_text("Offered")
    check(college, assert_accessible, screenshot, "college-applications")
    menu(college, "Allocation rounds")
    college.get_by_role("link", name=round_.name).click()
    college.get_by_role("link", name="Result").click()
    expect(college.locator("#object-list tbody tr")).to_have_count(4)
    check(college, assert_accessible, screenshot, "college-result")
    enterprise.reload()
    enterprise.get_by_role("link", name="Result").click()
    check(enterprise, assert_accessible, screenshot, "enterprise-result")


@pytest.mark.parametrize(("language", "html_lang"), [("en", "en"), ("zh-CN", "zh-hans")])
def test_each_round_page_renders_accessibly_in_both_languages(
    open_page, sign_in, screenshot, assert_accessible, round_world, language, html_lang
):
    from accounts.principals import principal_of
    from partnerships.services import allocation_rounds

    official = principal_of(round_world["official"].user)
    robot, welding = round_world["postings"]
    now = timezone.now()
    round_ = allocation_rounds.allocation_round_create(
        principal=official, name="2026 秋季岗位实习统一分配", opens_at=now, closes_at=now + datetime.timedelta(days=7)
    )
    allocation_rounds.allocation_round_postings_set(
        round=round_, principal=official, slots={robot.pk: 2, welding.pk: 1}
    )
    allocation_rounds.allocation_round_colleges_set(
        round=round_, principal=official, college_ids=[round_world["college"].college_id]
    )
    allocation_rounds.allocation_round_open(round=round_, principal=official)
    student = round_world["college"].college.programs.first().students.first()
    allocation_rounds.allocation_choices_set(
        round=round_, principal=principal_of(round_world["college"].user), student=student, posting_ids=[robot.pk]
    )
    base = f"/allocation-rounds/{round_.pk}/"
    pages = {
        "official": {
            "list": "/allocation-rounds/",
            "round": base,
            "new": "/allocation-rounds/new/",
            "problems": f"{base}problems/",
            "run": f"{base}run/",
        },
        "college": {
            "round": base,
            "students": f"{base}students/",
            "choices": f"{base}students/{student.pk}/choices/",
            "import": f"{base}choices/import/",
        },
        "enterprise": {
            "round": base,
            "ranking": f"{base}postings/{robot.pk}/ranking/",
            "default": f"{base}postings/{welding.pk}/default/",
        },
    }
    for role, urls in pages.items():
        page = open_page(language)
        sign_in(page, round_world[role].user)
        for name, url in urls.items():
            response = page.goto(url)
            assert response.ok, url
            assert page.locator("html").get_attribute("lang") == html_lang
            assert page.get_by_role("heading", level=1).is_visible()
            assert_accessible(page)
            screenshot(page, f"allocation-{role}-{name}-{html_lang}")
