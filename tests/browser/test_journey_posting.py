"""The enterprise portal in a real browser: journey 3 of the issue (a posting that breaks two internship rules is
refused with each rule next to its field, fixed and opened), and each main enterprise page in both languages
(screenshots, axe)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from enterprises.choices import PostingStatus
from enterprises.models import Posting
from tests.cities.factories import AcademicTermFactory, DivisionFactory, SkillFactory
from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseStaffFactory,
    PostingFactory,
    TalentDemandFactory,
)
from tests.evaluation.factories import IntegrationCertificationFactory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def enterprise_world(db):
    staff = EnterpriseStaffFactory(user__username="enterprise-staff", enterprise__name="金禾机器人有限公司")
    enterprise = staff.enterprise
    # The demo city may have no academic calendar: the postings below run inside this term.
    AcademicTermFactory(city=enterprise.city, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=240))
    SkillFactory(name="Welding")
    return staff


def test_journey_3_a_posting_that_breaks_two_rules_is_fixed_and_opened(page, sign_in, enterprise_world):
    sector = DivisionFactory(code="34", name_zh="通用设备制造业", name_en="Manufacture of general purpose machinery")
    sign_in(page, enterprise_world.user)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Postings").click()
    page.get_by_role("link", name="New posting").click()

    page.get_by_label("Kind").select_option("internship")
    page.get_by_label("Title").fill("Welding robot operator")
    page.get_by_label("Sector").select_option(label=str(sector))
    page.get_by_label("Skills").select_option(label="Welding")
    page.get_by_label("Slots", exact=False).first.fill("3")
    page.locator("#id_starts_on").fill(day(30))
    page.locator("#id_ends_on").fill(day(150))
    page.locator("#id_deadline").fill(day(20))
    page.get_by_label("Daily hours").fill("10")
    page.get_by_label("Monthly stipend (CNY)").fill("2600")
    page.get_by_label("Liability insurance").uncheck()
    page.get_by_role("button", name="Save").click()

    assert page.get_by_text("Saved as a draft").is_visible()
    page.get_by_role("link", name="Open", exact=True).click()
    page.get_by_role("button", name="Open the posting").click()

    assert page.get_by_text("The posting is not open yet").is_visible()
    hours_error = page.locator(".field:has(#id_daily_hours) .field-error")
    insurance_error = page.locator(".field:has(#id_insurance) .field-error")
    assert hours_error.inner_text() == "Interns work at most 8.0 hours a day; this posting asks for 10.0."
    assert insurance_error.inner_text() == (
        "Interns must be covered by liability insurance; this posting does not provide it."
    )
    assert page.locator(".field-error").count() == 2
    posting = Posting.objects.get(title="Welding robot operator")
    assert posting.status == PostingStatus.DRAFT

    page.get_by_label("Daily hours").fill("8")
    page.get_by_label("Liability insurance").check()
    page.get_by_role("button", name="Open the posting").click()

    page.wait_for_url(f"**/postings/{posting.pk}/")
    assert page.get_by_text("The posting is open").is_visible()
    status = page.locator("dl.facts dt:has-text('Status') + dd")
    assert status.inner_text() == "Open"
    assert page.get_by_role("link", name="Close").is_visible()
    posting.refresh_from_db()
    assert (posting.status, posting.daily_hours, posting.insurance) == ("open", Decimal("8.0"), True)


@pytest.mark.parametrize(("language", "html_lang"), [("en", "en"), ("zh-CN", "zh-hans")])
def test_each_main_enterprise_page_renders_accessibly_in_both_languages(
    open_page, sign_in, screenshot, assert_accessible, enterprise_world, language, html_lang
):
    enterprise = enterprise_world.enterprise
    posting = PostingFactory(enterprise=enterprise, title="焊接机器人操作员", status=PostingStatus.OPEN)
    demand = TalentDemandFactory(enterprise=enterprise, sector=enterprise.sector)
    investment = EducationInvestmentFactory(enterprise=enterprise)
    certification = IntegrationCertificationFactory(
        enterprise=enterprise,
        rejected=True,
        evidence={
            "active_agreements": 2,
            "interns_hosted": 14,
            "investment_count": 1,
            "investment_total": "200000.00",
        },
    )
    page = open_page(language)
    sign_in(page, enterprise_world.user)

    pages = {
        "postings": "/postings/",
        "posting": f"/postings/{posting.pk}/",
        "posting-new": "/postings/new/",
        "posting-edit": f"/postings/{posting.pk}/edit/",
        "posting-close": f"/postings/{posting.pk}/close/",
        "profile": f"/enterprises/{enterprise.pk}/",
        "profile-edit": f"/enterprises/{enterprise.pk}/edit/",
        "certifications": "/certification/",
        "certification": f"/certification/{certification.pk}/",
        "certification-apply": "/certification/apply/",
        "talent-demand": "/talent-demand/",
        "talent-demand-one": f"/talent-demand/{demand.pk}/",
        "talent-demand-new": "/talent-demand/new/",
        "investments": "/investments/",
        "investment": f"/investments/{investment.pk}/",
        "investment-new": "/investments/new/",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.ok, url
        assert page.locator("html").get_attribute("lang") == html_lang
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)
        screenshot(page, f"enterprise-{name}-{html_lang}")


def test_the_open_page_shows_the_broken_rules_accessibly_in_chinese(
    open_page, sign_in, screenshot, assert_accessible, enterprise_world
):
    draft = PostingFactory(enterprise=enterprise_world.enterprise, night_work=True, minimum_age=15)
    page = open_page("zh-CN")
    sign_in(page, enterprise_world.user)
    page.goto(f"/postings/{draft.pk}/open/")

    page.get_by_role("button", name="发布岗位").click()

    assert page.locator(".field-error").count() == 2
    assert page.get_by_text("岗位尚未发布").is_visible()
    assert_accessible(page)
    screenshot(page, "enterprise-posting-open-refused-zh-hans")
