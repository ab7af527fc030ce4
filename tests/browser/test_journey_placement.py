"""Journeys 4 and 5 of the issue, end to end through the pages: college staff nominate a student to an open
posting; enterprise staff shortlist and offer; college staff accept for the student; enterprise staff complete the
placement and submit a mentor evaluation; the student's page shows it. Journey 5 is the same after switching to
Chinese with the language switcher: no English word left on any page visited, dates in the Chinese format.

Each page visited is checked with axe and saved as a screenshot in its language."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import Page, expect

from accounts.principals import principal_of
from partnerships.models import Application, Placement
from partnerships.services.postings import posting_open
from tests.cities.factories import AcademicTermFactory
from tests.colleges.factories import CollegeFactory, CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()

# Every visible text node of the page (not scripts, styles or the unchosen options of a select).
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent, element = walker.currentNode.parentElement;
    if (!text.trim() || element.closest("script, style, template, option:not(:checked)")) continue;
    if (element.checkVisibility({visibilityProperty: true})) texts.push(text);
  }
  return texts;
}"""
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# The Latin words a Chinese page may show: the sign-in names of the journey's users, the footer's "API", and the
# names of the file formats a table downloads as.
ALLOWED_LATIN = {"college", "enterprise", "staff", "API", "CSV", "Excel", "xlsx"}


@dataclass
class World:
    college_staff: object
    enterprise_staff: object
    student: object
    posting: object


@pytest.fixture
def world(browser, live_server) -> World:
    """An open posting (and the academic term it needs) of an enterprise in the college's city; Chinese names, so
    that a Chinese page holds no English word of the test's own making."""
    college = CollegeFactory(name="苏州工业职业技术学院")
    college_staff = CollegeStaffFactory(college=college, user__username="college-staff")
    program = ProgramFactory(college=college, name="工业机器人技术")
    student = StudentFactory(program=program, name="李明")
    enterprise = EnterpriseFactory(city=college.city, name="金禾机器人有限公司")
    enterprise_staff = EnterpriseStaffFactory(enterprise=enterprise, user__username="enterprise-staff")
    AcademicTermFactory(
        city=college.city,
        name="本学期",
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY + datetime.timedelta(days=150),
    )
    posting = PostingFactory(
        enterprise=enterprise,
        title="机器人工作站实习生",
        deadline=TODAY,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=90),
    )
    posting_open(posting=posting, principal=principal_of(enterprise_staff.user))
    return World(college_staff, enterprise_staff, student, posting)


# What the journey clicks and reads, in each language.
WORDS = {
    "en": {
        "nominate_students": "Nominate students",
        "nominate": "Nominate",
        "applicants": "Review the applicants",
        "nominated": "1 student nominated",
        "shortlist": "Shortlist",
        "shortlisted": "Shortlisted",
        "offer": "Offer a place",
        "offered": "Offered",
        "accept": "Accept the offer",
        "accepted": "Accepted",
        "placement": "The placement",
        "complete": "Complete",
        "complete_step": "Complete the placement",
        "hired": "We hired the student afterwards",
        "completed": "Completed",
        "evaluate": "Evaluate the intern",
        "rubric": ["Professional skill", "Attitude", "Teamwork", "Innovation", "Safety and standards"],
        "marks": [
            "4 – Above expectations",
            "5 – Excellent",
            "4 – Above expectations",
            "3 – Meets expectations",
            "5 – Excellent",
        ],
        "comment_label": "Comment",
        "comment": "Careful with the robot cell's safety checks.",
        "save": "Save",
        "evaluations": "Mentor evaluations",
    },
    "zh-hans": {
        "nominate_students": "推荐学生",
        "nominate": "推荐",
        "applicants": "查看申请人",
        "nominated": "已推荐 1 名学生",
        "shortlist": "列入候选",
        "shortlisted": "已入围",
        "offer": "发出录用通知",
        "offered": "已发录用通知",
        "accept": "接受录用通知",
        "accepted": "已接受",
        "placement": "实习安排",
        "complete": "完成",
        "complete_step": "完成实习安排",
        "hired": "我们在实习结束后录用了该学生",
        "completed": "已完成",
        "evaluate": "评价实习生",
        "rubric": ["专业技能", "工作态度", "团队协作", "创新能力", "安全与规范"],
        "marks": ["4 – 高于预期", "5 – 优秀", "4 – 高于预期", "3 – 符合预期", "5 – 优秀"],
        "comment_label": "评语",
        "comment": "严格执行机器人工作站的安全检查。",
        "save": "保存",
        "evaluations": "企业导师评价",
    },
}


class Journey:
    """Checks each page the journey visits (axe, a screenshot, and in Chinese no English word) as it goes."""

    def __init__(self, language, assert_accessible, screenshot):
        self.language, self.assert_accessible, self.screenshot = language, assert_accessible, screenshot
        self.words = WORDS[language]

    def check(self, page: Page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        self.assert_accessible(page)
        self.screenshot(page, f"journey-placement-{name}-{self.language}")
        if self.language == "zh-hans":
            words = {word for text in page.evaluate(VISIBLE_TEXT) for word in LATIN_WORD.findall(text)}
            assert not words - ALLOWED_LATIN, f"{page.url}: English left on the page: {sorted(words - ALLOWED_LATIN)}"

    def step(self, page: Page, link: str, button: str, name: str) -> None:
        """Follow a step's link, check its confirmation page, and take the step."""
        page.get_by_role("link", name=link, exact=True).click()
        self.check(page, f"{name}-confirm")
        page.get_by_role("button", name=button, exact=True).click()


def signed_in(open_page, sign_in, user, language) -> Page:
    """A tab of ``user``, in the language chosen with the switcher (the browser asks for English)."""
    page = open_page("en")
    sign_in(page, user)
    if language != "en":
        page.get_by_label("Language").select_option(language)
        page.get_by_role("button", name="Switch").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    return page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_journey_nominate_offer_accept_complete_evaluate(
    open_page, sign_in, screenshot, assert_accessible, world, language
):
    journey = Journey(language, assert_accessible, screenshot)
    words = journey.words
    college = signed_in(open_page, sign_in, world.college_staff.user, language)
    enterprise = signed_in(open_page, sign_in, world.enterprise_staff.user, language)

    # The college finds the posting among the city's open postings and nominates its student.
    college.goto("/postings/")
    college.get_by_role("link", name=world.posting.title).click()
    journey.check(college, "posting")
    college.get_by_role("link", name=words["nominate_students"]).click()
    journey.check(college, "nominate")
    college.get_by_label(str(world.student)).check()
    college.get_by_role("button", name=words["nominate"], exact=True).click()
    expect(college.get_by_role("status")).to_contain_text(words["nominated"])
    journey.check(college, "college-applications")
    application = Application.objects.get(student=world.student, posting=world.posting)

    # The enterprise reviews its applicants, shortlists and offers.
    enterprise.goto(f"/postings/{world.posting.pk}/")
    enterprise.get_by_role("link", name=words["applicants"]).click()
    journey.check(enterprise, "applicants")
    enterprise.get_by_role("link", name=world.student.name).click()
    journey.check(enterprise, "applicant")
    journey.step(enterprise, words["shortlist"], words["shortlist"], "shortlist")
    expect(enterprise.get_by_role("main")).to_contain_text(words["shortlisted"])
    journey.step(enterprise, words["offer"], words["offer"], "offer")
    expect(enterprise.get_by_role("main")).to_contain_text(words["offered"])
    journey.check(enterprise, "offered")
    if language == "zh-hans":
        with override("zh-hans"):
            assert date_format(TODAY, "DATE_FORMAT") in enterprise.get_by_role("main").inner_text()

    # The college accepts the offer for the student.
    college.goto("/applications/")
    college.get_by_role("link", name=world.student.name).click()
    journey.check(college, "offer-to-answer")
    journey.step(college, words["accept"], words["accept"], "accept")
    expect(college.get_by_role("main")).to_contain_text(words["accepted"])
    journey.check(college, "accepted")
    placement = Placement.objects.get(application=application)

    # The enterprise completes the placement and its mentor evaluates the intern.
    enterprise.goto("/placements/")
    enterprise.get_by_role("link", name=world.student.name).click()
    journey.check(enterprise, "placement")
    enterprise.get_by_role("link", name=words["complete"], exact=True).click()
    journey.check(enterprise, "complete-confirm")
    enterprise.get_by_label(words["hired"]).check()
    enterprise.get_by_role("button", name=words["complete_step"], exact=True).click()
    expect(enterprise.get_by_role("main")).to_contain_text(words["completed"])
    enterprise.get_by_role("link", name=words["evaluate"]).click()
    journey.check(enterprise, "evaluate")
    for item, mark in zip(words["rubric"], words["marks"], strict=True):
        enterprise.get_by_role("group", name=item).get_by_label(mark).check()
    enterprise.get_by_label(words["comment_label"]).fill(words["comment"])
    enterprise.get_by_role("button", name=words["save"], exact=True).click()
    expect(enterprise.get_by_role("region", name=words["evaluations"])).to_contain_text(words["comment"])
    journey.check(enterprise, "evaluated")

    # The student's page shows the placement, completed, and the evaluation.
    college.goto(f"/students/{world.student.pk}/")
    evaluations = college.get_by_role("region", name=words["evaluations"])
    expect(evaluations).to_contain_text(words["comment"])
    expect(evaluations).to_contain_text("4.2")
    expect(college.get_by_role("main")).to_contain_text(words["completed"])
    journey.check(college, "student")
    assert Placement.objects.get(pk=placement.pk).hired_after
