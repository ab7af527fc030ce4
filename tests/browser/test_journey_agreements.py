"""Journeys 1 and 2 of the issue in a real browser, and the agreement pages in both languages (screenshots, axe).

1. College staff create a program and a student through the pages, then propose an agreement with a commitment
   and a milestone.
2. Enterprise staff countersign it and record a delivery; the college sees the progress.
"""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts.principals import principal_of
from colleges.models import Program, Student
from evaluation.choices import HealthBand
from evaluation.models import PartnershipHealth
from partnerships.choices import AgreementStatus, CommitmentKind, Party
from partnerships.models import CooperationAgreement
from partnerships.services import agreements
from tests.colleges.factories import CollegeStaffFactory, national_id
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import PartnershipHealthFactory, PartnershipHealthSnapshotFactory, current_snapshots
from tests.partnerships.factories import CommitmentFactory, CooperationAgreementFactory, MilestoneFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def parties(db):
    college_staff = CollegeStaffFactory(user__username="college-office", college__name="Riverside Polytechnic")
    enterprise_staff = EnterpriseStaffFactory(
        user__username="enterprise-hr", enterprise__city=college_staff.college.city, enterprise__name="Delta Robotics"
    )
    return college_staff, enterprise_staff


def submit(page: Page) -> None:
    page.locator("main form.form button[type=submit]").click()


def journey_1(page: Page, college_staff) -> CooperationAgreement:
    """College staff: a program, a student of it, and a proposed agreement with a commitment and a milestone."""
    page.goto("/programs/new/")
    page.get_by_label("Catalogue code").fill("460305")
    page.get_by_label("Name").fill("Industrial robotics")
    page.get_by_label("Level").select_option("higher_vocational")
    page.get_by_label("Duration (years)").fill("3")
    page.get_by_label("Annual intake").fill("120")
    page.get_by_label("Training objective").fill("Robot cell technicians for the city's machinery makers.")
    page.get_by_label("Practical credit share").fill("0.55")
    page.get_by_label("Required practice hours").fill("900")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Industrial robotics")
    program = Program.objects.get(name="Industrial robotics", college=college_staff.college)

    page.get_by_role("link", name="New student").click()
    page.get_by_label("Cohort year").fill("2025")
    page.get_by_label("Name").fill("Li Ming")
    page.get_by_label("Student number").fill("2025001")
    page.get_by_label("National ID number").fill(national_id(41))
    page.get_by_label("Practice hours").fill("120")
    submit(page)
    expect(page.get_by_text("Li Ming").first).to_be_visible()
    assert Student.objects.get(program=program).name == "Li Ming"

    page.goto("/agreements/")
    page.get_by_role("link", name="New cooperation agreement").click()
    page.locator("#id_counterparty").select_option(label="Delta Robotics")
    page.get_by_label("Kind").select_option("order_class")
    page.get_by_label("Title").fill("Robotics order class")
    page.get_by_label("Starts on").fill("2024-09-01")
    page.get_by_label("Ends on").fill("2027-08-31")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Robotics order class")

    page.get_by_role("link", name="Add a commitment").click()
    page.get_by_label("Party").select_option(Party.ENTERPRISE)
    page.get_by_label("Kind").select_option(CommitmentKind.SLOTS)
    page.get_by_label("Amount").fill("30")
    page.get_by_label("Description").fill("Internship slots for the order class")
    submit(page)
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Title").fill("First cohort enrolled")
    page.get_by_label("Due on").fill("2024-10-15")
    submit(page)
    commitments = page.get_by_role("region", name="Commitments")
    expect(commitments).to_contain_text("Internship slots for the order class")
    expect(page.get_by_role("region", name="Milestones")).to_contain_text("First cohort enrolled")

    page.get_by_role("link", name="Propose", exact=True).click()
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("Proposed: the other party is asked to countersign.")
    expect(page.get_by_role("region", name="Current terms")).to_contain_text("Proposed")
    expect(page.get_by_role("link", name="Countersign")).to_have_count(0)
    return CooperationAgreement.objects.get(title="Robotics order class")


def test_journeys_1_and_2_propose_countersign_deliver_and_the_college_sees_the_progress(
    open_page, sign_in, parties, assert_accessible
):
    college_staff, enterprise_staff = parties
    college = open_page()
    sign_in(college, college_staff.user)
    agreement = journey_1(college, college_staff)
    assert agreement.status == AgreementStatus.PROPOSED

    enterprise = open_page()
    sign_in(enterprise, enterprise_staff.user)
    enterprise.goto("/agreements/")
    enterprise.get_by_role("link", name="Robotics order class").click()
    enterprise.get_by_role("link", name="Countersign").click()
    assert_accessible(enterprise)
    submit(enterprise)
    expect(enterprise.get_by_role("status")).to_contain_text("Countersigned: the agreement is active.")
    expect(enterprise.get_by_role("region", name="Current terms")).to_contain_text("Active")

    enterprise.get_by_role("link", name="Record a delivery").click()
    enterprise.get_by_label("Delivered now").fill("12")
    submit(enterprise)
    expect(enterprise.get_by_role("status")).to_contain_text("The delivery is recorded.")

    college.goto(f"/agreements/{agreement.pk}/")
    commitments = college.get_by_role("region", name="Commitments")
    expect(commitments).to_contain_text("12.00")
    expect(commitments).to_contain_text("40%")
    assert commitments.locator("progress").get_attribute("value") == "12.00"
    # The milestone fell due and is not done: marked overdue now that the agreement runs.
    expect(college.get_by_role("region", name="Milestones")).to_contain_text("Overdue")
    # The college records no delivery of the enterprise's commitment.
    expect(commitments.get_by_role("link", name="Record a delivery")).to_have_count(0)


@pytest.fixture
def running_agreement(parties):
    college_staff, enterprise_staff = parties
    agreement = CooperationAgreementFactory(
        college=college_staff.college,
        enterprise=enterprise_staff.enterprise,
        title="Robotics order class",
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2027, 8, 31),
    )
    CommitmentFactory(agreement=agreement, party=Party.ENTERPRISE, amount=Decimal(30), description="Slots")
    CommitmentFactory(agreement=agreement, party=Party.COLLEGE, kind=CommitmentKind.TEACHING_HOURS, amount=80)
    MilestoneFactory(agreement=agreement, title="First cohort enrolled", due_on=datetime.date(2024, 10, 15))
    agreements.agreement_propose(agreement=agreement, principal=principal_of(college_staff.user))
    agreements.agreement_countersign(agreement=agreement, principal=principal_of(enterprise_staff.user))
    # The platform scores an agreement once it is countersigned (after commit): set the score this test shows.
    if not current_snapshots(PartnershipHealth, agreement=agreement).update(
        score=Decimal("68.5"), band=HealthBand.WATCH
    ):
        PartnershipHealthFactory(agreement=agreement, score=Decimal("68.5"), band=HealthBand.WATCH)
    PartnershipHealthSnapshotFactory(agreement=agreement, score=Decimal("61.0"), band=HealthBand.WATCH)
    CooperationAgreementFactory(college=college_staff.college, enterprise=enterprise_staff.enterprise)
    return agreement


@pytest.mark.parametrize(("language", "html_lang"), [("en", "en"), ("zh-CN", "zh-hans")])
@pytest.mark.parametrize("side", ["college", "enterprise"])
def test_the_agreement_list_and_page_render_accessibly_in_both_languages(
    open_page, sign_in, screenshot, assert_accessible, parties, running_agreement, language, html_lang, side
):
    staff = parties[0] if side == "college" else parties[1]
    page = open_page(language)
    sign_in(page, staff.user)

    for name, url in (("agreements", "/agreements/"), ("agreement", f"/agreements/{running_agreement.pk}/")):
        response = page.goto(url)
        assert response.ok, url
        assert page.locator("html").get_attribute("lang") == html_lang
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        screenshot(page, f"{side}-{name}-{html_lang}")
    expect(page.get_by_text("68.5 / 100")).to_be_visible()


def test_the_list_filters_by_health_band_in_place(page, sign_in, parties, running_agreement):
    sign_in(page, parties[0].user)
    page.goto("/agreements/")
    page.get_by_label("Health band").select_option("watch")
    page.wait_for_url("**/agreements/?*health_band=watch*")

    rows = page.locator("#object-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Robotics order class")
