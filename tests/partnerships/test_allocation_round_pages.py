"""The pages of city allocation rounds: the official creates a round, sets it up, opens it, runs it once its window
has closed, reviews the draft and publishes it; a college taking part enters its students' choices (by the form and
by a file with a per-row report); an enterprise with a posting in it ranks the applicants or accepts the default
ranking; each side sees its part of the result. Each page writes through the round's services (the task runs
in-process here); whoever is not taking part gets a 404, a party without the right a 403."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from colleges.choices import StudentStatus
from enterprises.choices import PostingStatus
from partnerships.choices import AllocationRoundStatus, ApplicationStatus, RankingSource
from partnerships.models import AllocationChoice, AllocationRanking, AllocationRound, Application
from partnerships.services import allocation_rounds
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory
from tests.pages import client_of, page_and_queries
from tests.partnerships.factories import (
    AllocationOutcomeFactory,
    AllocationRoundCollegeFactory,
    AllocationRoundFactory,
    AllocationRoundPostingFactory,
)

POLLING = 'hx-trigger="every 2s"'
# The session, the user, the bell, the round, the page's count and rows, and the layout's few more.
MAX_RESULT_QUERIES = 12
# How long a test round's window stays open after its choices and rankings are in, before it is run.
WINDOW_SECONDS = 2


@pytest.fixture(autouse=True)
def english_after_each_test():
    with translation.override("en"):
        yield


class World:
    """A city with an official, a college taking part (two enrolled students), a college not taking part, an
    enterprise with two open postings and an enterprise with none in the round."""

    def __init__(self):
        self.official = CityOfficialFactory(city__name="Jinhe")
        city = self.official.city
        self.college = CollegeStaffFactory(college__city=city, college__name="Jinhe Polytechnic")
        program = ProgramFactory(college=self.college.college)
        self.students = [
            StudentFactory(program=program, name=name, student_number=number, status=StudentStatus.ENROLLED)
            for name, number in (("Li Ming", "2026990001"), ("Wang Fang", "2026990002"))
        ]
        self.other_college = CollegeStaffFactory(college__city=city)
        self.enterprise = EnterpriseStaffFactory(enterprise=EnterpriseFactory(city=city, name="Jinhe Robotics"))
        self.postings = [
            PostingFactory(enterprise=self.enterprise.enterprise, status=PostingStatus.OPEN, title=title, slots=2)
            for title in ("Robot cell intern", "Welding line intern")
        ]
        self.other_enterprise = EnterpriseStaffFactory(enterprise=EnterpriseFactory(city=city))
        self.stranger = CityOfficialFactory()

    def principal(self, staff):
        from accounts.principals import principal_of

        return principal_of(staff.user)

    def round(self, *, closes_in: float = 3600, opened: bool = True) -> AllocationRound:
        """A round of the city set up with both postings and the college, opened unless told otherwise."""
        now = timezone.now()
        official = self.principal(self.official)
        round_ = allocation_rounds.allocation_round_create(
            principal=official,
            name="Autumn 2026",
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(seconds=closes_in),
            seed=20260901,
        )
        allocation_rounds.allocation_round_postings_set(
            round=round_, principal=official, slots={posting.pk: 1 for posting in self.postings}
        )
        allocation_rounds.allocation_round_colleges_set(
            round=round_, principal=official, college_ids=[self.college.college_id]
        )
        if opened:
            allocation_rounds.allocation_round_open(round=round_, principal=official)
        round_.refresh_from_db()
        return round_

    def drafted_round(self, django_capture_on_commit_callbacks) -> AllocationRound:
        """A round whose window has closed with both students' choices and both rankings in, run to a draft."""
        round_ = self.round(closes_in=WINDOW_SECONDS)
        college, enterprise = self.principal(self.college), self.principal(self.enterprise)
        first, second = self.postings
        for student in self.students:
            allocation_rounds.allocation_choices_set(
                round=round_, principal=college, student=student, posting_ids=[first.pk, second.pk]
            )
        allocation_rounds.allocation_ranking_set(
            round=round_,
            principal=enterprise,
            posting=first,
            ranks=[(self.students[1].pk, 1), (self.students[0].pk, 2)],
        )
        allocation_rounds.allocation_ranking_use_default(round=round_, principal=enterprise, posting=second)
        time.sleep(max(0.0, (round_.closes_at - timezone.now()).total_seconds()) + 0.1)
        with django_capture_on_commit_callbacks(execute=True):
            allocation_rounds.allocation_round_run(round=round_, principal=self.principal(self.official))
        round_.refresh_from_db()
        assert round_.status == AllocationRoundStatus.DRAFTED, round_.failure
        return round_


@pytest.fixture
def world(db):
    return World()


def url(round_: AllocationRound, segment: str = "") -> str:
    return f"/allocation-rounds/{round_.pk}/{segment + '/' if segment else ''}"


# ------------------------------------------------------------------------------
# The official
# ------------------------------------------------------------------------------
def test_the_official_creates_a_round_and_sees_its_seed(world):
    client = client_of(world.official)

    form = client.get("/allocation-rounds/new/").content.decode()
    response = client.post(
        "/allocation-rounds/new/",
        {"name": "Autumn 2026", "opens_at": "2026-09-01T08:00", "closes_at": "2026-09-15T18:00", "seed": ""},
    )

    round_ = AllocationRound.objects.get(city=world.official.city)
    assert "Lottery seed" in form
    assert response.status_code == 302
    assert response["Location"] == url(round_)
    assert round_.status == AllocationRoundStatus.SETUP
    page = client.get(response["Location"]).content.decode()
    assert f"The round is created with the lottery seed {round_.seed}" in page
    assert str(round_.seed) in page


def test_a_window_that_closes_before_it_opens_is_said_next_to_its_field(world):
    response = client_of(world.official).post(
        "/allocation-rounds/new/",
        {"name": "Backwards", "opens_at": "2026-09-15T08:00", "closes_at": "2026-09-01T08:00"},
    )

    assert response.status_code == 200
    assert "A round closes after it opens." in response.content.decode()
    assert not AllocationRound.objects.exists()


def test_the_official_sets_up_postings_and_colleges_then_opens_the_round(world):
    round_ = world.round(opened=False)
    client = client_of(world.official)
    extra = PostingFactory(enterprise=world.other_enterprise.enterprise, status=PostingStatus.OPEN, slots=3)

    search = client.get(url(round_, "postings"), {"posting_q": extra.title}).content.decode()
    added = client.post(url(round_, "postings"), {"posting": extra.pk, "slots": 3})
    too_many = client.post(url(round_, "postings"), {"posting": extra.pk, "slots": 9})
    removed = client.post(url(round_, "postings"), {"remove": world.postings[1].pk})
    colleges = client.post(
        url(round_, "colleges"), {"colleges": [world.college.college_id, world.other_college.college_id]}
    )
    opened = client.post(url(round_, "open"))

    assert extra.title in search
    assert added.status_code == 302
    assert too_many.status_code == 200
    assert "field-error" in too_many.content.decode()
    assert removed.status_code == 302
    assert dict(round_.round_postings.values_list("posting_id", "slots")) == {world.postings[0].pk: 1, extra.pk: 3}
    assert colleges.status_code == 302
    assert set(round_.round_colleges.values_list("college_id", flat=True)) == {
        world.college.college_id,
        world.other_college.college_id,
    }
    assert opened.status_code == 302
    round_.refresh_from_db()
    assert round_.status == AllocationRoundStatus.OPEN


def test_while_setting_up_the_official_changes_the_window_and_the_seed(world):
    round_ = world.round(opened=False)

    response = client_of(world.official).post(
        url(round_, "edit"),
        {"name": "Autumn 2026", "opens_at": "2040-09-01T08:00:00", "closes_at": "2040-09-15T18:30:15", "seed": 7},
    )

    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.seed == 7
    assert timezone.localtime(round_.closes_at).strftime("%Y-%m-%d %H:%M:%S") == "2040-09-15 18:30:15"


def test_a_failed_run_says_why_and_offers_to_run_again(world):
    round_ = AllocationRoundFactory(
        city=world.official.city, status=AllocationRoundStatus.FAILED, failure="A posting ranks a student twice."
    )

    page = client_of(world.official).get(url(round_)).content.decode()

    assert "The run failed" in page
    assert "A posting ranks a student twice." in page
    assert "Run again" in page
    assert POLLING not in page


def test_the_round_cannot_run_before_its_window_closes_and_says_why(world):
    round_ = world.round()
    client = client_of(world.official)

    confirmation = client.get(url(round_, "run")).content.decode()
    response = client.post(url(round_, "run"))

    assert "The round cannot run yet" in confirmation
    assert response.status_code == 200
    assert "it runs once its window has closed" in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == AllocationRoundStatus.OPEN


def test_the_problems_page_lists_each_problem_in_plain_words(world):
    round_ = world.round()

    page = client_of(world.official).get(url(round_, "problems")).content.decode()

    # Neither posting is ranked yet, nor has its default ranking been accepted.
    assert "The round cannot run until these 2 problems are fixed." in page
    assert "Robot cell intern" in page
    assert "neither ranked its applicants nor accepted the default ranking" in page


def test_the_official_runs_reviews_and_publishes_and_the_offers_appear(world, django_capture_on_commit_callbacks):
    round_ = world.drafted_round(django_capture_on_commit_callbacks)
    client = client_of(world.official)

    detail = client.get(url(round_)).content.decode()
    result = client.get(url(round_, "result")).content.decode()
    fill = client.get(url(round_, "fill")).content.decode()
    check = client.get(url(round_, "publish")).content.decode()
    published = client.post(url(round_, "publish"))

    assert "Draft result to review" in detail
    assert POLLING not in detail
    # The official sees the students masked, as everywhere (colleges.privacy).
    assert "Li Ming" not in result
    assert "L*" in result
    assert "Robot cell intern" in result
    assert "Default ranking by recommendation score" in fill
    assert "Check the result before you publish it" in check
    assert "20260901" in check
    assert "This cannot be undone." in check
    assert published.status_code == 302
    round_.refresh_from_db()
    assert round_.status == AllocationRoundStatus.PUBLISHED
    offers = Application.objects.filter(status=ApplicationStatus.OFFERED, student__in=world.students)
    assert offers.count() == 2
    applications = client_of(world.college).get("/applications/").content.decode()
    assert "Li Ming" in applications
    assert "Offered" in applications


def test_a_published_round_cannot_be_run_again(world, django_capture_on_commit_callbacks):
    round_ = world.drafted_round(django_capture_on_commit_callbacks)
    client = client_of(world.official)
    client.post(url(round_, "publish"))

    page = client.get(url(round_)).content.decode()
    response = client.post(url(round_, "run"))

    assert url(round_, "run") not in page
    assert response.status_code == 200
    round_.refresh_from_db()
    assert round_.status == AllocationRoundStatus.PUBLISHED


def test_the_progress_polls_while_the_round_runs(world):
    round_ = AllocationRoundFactory(city=world.official.city, status=AllocationRoundStatus.RUNNING, progress=40)
    client = client_of(world.official)

    page = client.get(url(round_)).content.decode()
    fragment = client.get(url(round_, "progress"), headers={"HX-Request": "true"}).content.decode()

    assert POLLING in page
    assert f'hx-get="{url(round_, "progress")}"' in page
    assert POLLING in fragment
    assert 'value="40"' in fragment


# ------------------------------------------------------------------------------
# A college taking part
# ------------------------------------------------------------------------------
def test_the_college_enters_a_students_choices_with_the_form(world):
    round_ = world.round()
    client = client_of(world.college)
    student = world.students[0]
    first, second = world.postings

    students = client.get(url(round_, "students")).content.decode()
    form = client.get(url(round_, f"students/{student.pk}/choices")).content.decode()
    response = client.post(url(round_, f"students/{student.pk}/choices"), {"choice_1": "", "choice_2": second.pk})
    closed_up = [choice.posting_id for choice in AllocationChoice.objects.filter(student=student)]
    again = client.post(url(round_, f"students/{student.pk}/choices"), {"choice_1": second.pk, "choice_2": first.pk})

    assert "Li Ming" in students
    # A round of two postings: two choices, each a select of both (no search box).
    assert "Choice 2" in form
    assert "Choice 3" not in form
    assert "choice-search" not in form
    assert response.status_code == 302
    assert closed_up == [second.pk]
    assert again.status_code == 302
    choices = AllocationChoice.objects.filter(round=round_, student=student).order_by("rank")
    assert [choice.posting_id for choice in choices] == [second.pk, first.pk]


def test_the_same_posting_twice_is_said_on_the_form(world):
    round_ = world.round()
    student = world.students[0]

    response = client_of(world.college).post(
        url(round_, f"students/{student.pk}/choices"),
        {"choice_1": world.postings[0].pk, "choice_2": world.postings[0].pk},
    )

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not AllocationChoice.objects.exists()


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("choices.csv", text.encode(), content_type="text/csv")


def test_a_file_of_choices_is_imported_or_reported_row_by_row(world):
    round_ = world.round()
    client = client_of(world.college)
    first, second = world.postings
    bad = f"student_number,rank,posting\n2026990001,1,{first.pk}\n9999999999,1,{first.pk}\n2026990002,x,{second.pk}\n"
    good = (
        f"student_number,rank,posting\n2026990001,1,{first.pk}\n2026990001,2,{second.pk}\n2026990002,1,{second.pk}\n"
    )

    refused = client.post(url(round_, "choices/import"), {"file": csv_file(bad)})
    imported = client.post(url(round_, "choices/import"), {"file": csv_file(good)})

    report = refused.content.decode()
    assert refused.status_code == 200
    assert "Nothing was saved" in report
    assert '<td class="number">3</td><td>No student of your college has the number “9999999999”.</td>' in report
    assert '<td class="number">4</td><td>The rank “x” is not a whole number from 1.</td>' in report
    assert imported.status_code == 302
    assert AllocationChoice.objects.filter(round=round_).count() == 3
    page = client.get(imported["Location"]).content.decode()
    assert "2 students&#x27; choices imported." in page


# ------------------------------------------------------------------------------
# An enterprise with postings in the round
# ------------------------------------------------------------------------------
def test_the_enterprise_ranks_one_posting_and_accepts_the_default_for_the_other(world):
    round_ = world.round()
    college = world.principal(world.college)
    first, second = world.postings
    for student in world.students:
        allocation_rounds.allocation_choices_set(
            round=round_, principal=college, student=student, posting_ids=[first.pk, second.pk]
        )
    client = client_of(world.enterprise)
    li, wang = world.students

    detail = client.get(url(round_)).content.decode()
    form = client.get(url(round_, f"postings/{first.pk}/ranking")).content.decode()
    ranked = client.post(url(round_, f"postings/{first.pk}/ranking"), {f"rank_{wang.pk}": 1, f"rank_{li.pk}": 1})
    default = client.post(url(round_, f"postings/{second.pk}/default"))
    after = client.get(url(round_)).content.decode()

    assert "Not given yet" in detail
    assert "Default ranking by recommendation score" in after
    assert "Ranked by the enterprise" in after
    assert "Li Ming" in form
    assert "Recommendation score" in form
    assert ranked.status_code == 302
    assert set(AllocationRanking.objects.filter(posting=first).values_list("student_id", "rank")) == {
        (wang.pk, 1),
        (li.pk, 1),
    }
    assert default.status_code == 302
    sources = dict(round_.round_postings.values_list("posting_id", "ranking_source"))
    assert sources == {first.pk: RankingSource.ENTERPRISE, second.pk: RankingSource.RECOMMENDED}


def test_after_publishing_each_side_sees_its_part_of_the_result(world, django_capture_on_commit_callbacks):
    round_ = world.drafted_round(django_capture_on_commit_callbacks)
    client_of(world.official).post(url(round_, "publish"))

    college = client_of(world.college).get(url(round_, "result")).content.decode()
    enterprise = client_of(world.enterprise).get(url(round_, "result")).content.decode()

    assert "Li Ming" in college
    assert "Wang Fang" in college
    assert "Offered" in college
    assert "Robot cell intern" in enterprise


# ------------------------------------------------------------------------------
# Who may open which page
# ------------------------------------------------------------------------------
def test_whoever_is_not_taking_part_gets_a_404(world):
    round_ = world.round()
    student = world.students[0]
    posting = world.postings[0]
    for staff in (world.other_college, world.other_enterprise, world.stranger):
        client = client_of(staff)
        for segment in (
            "",
            "problems",
            "students",
            f"students/{student.pk}/choices",
            f"postings/{posting.pk}/ranking",
        ):
            assert client.get(url(round_, segment)).status_code == 404, (staff, segment)


def test_a_party_without_the_right_gets_a_403(world):
    round_ = world.round()
    student = world.students[0]
    posting = world.postings[0]
    college, enterprise, official = client_of(world.college), client_of(world.enterprise), client_of(world.official)

    assert college.get(url(round_, "run")).status_code == 403
    assert college.get(url(round_, "edit")).status_code == 403
    assert college.get(url(round_, f"postings/{posting.pk}/ranking")).status_code == 403
    assert enterprise.get(url(round_, "students")).status_code == 403
    assert enterprise.get(url(round_, f"students/{student.pk}/choices")).status_code == 403
    assert enterprise.get(url(round_, "publish")).status_code == 403
    assert official.get(url(round_, "students")).status_code == 403
    assert college.get("/allocation-rounds/new/").status_code == 403


def test_a_draft_is_the_officials_until_it_is_published(world, django_capture_on_commit_callbacks):
    round_ = world.drafted_round(django_capture_on_commit_callbacks)

    assert client_of(world.college).get(url(round_, "result")).status_code == 404
    assert client_of(world.enterprise).get(url(round_, "result")).status_code == 404
    assert client_of(world.official).get(url(round_, "result")).status_code == 200


# ------------------------------------------------------------------------------
# Lists, in both languages
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["official", "college", "enterprise"])
def test_the_list_says_what_to_do_when_there_is_no_round_yet(world, role):
    page, _queries = page_and_queries(client_of(getattr(world, role)), "/allocation-rounds/")

    if role == "official":
        assert "Start one with “New allocation round”." in page
    else:
        assert "When the city opens a round you take part in" in page


def test_the_pages_of_a_college_and_an_official_in_chinese(world):
    round_ = world.round()
    client = client_of(world.official)
    client.cookies["django_language"] = "zh-hans"

    with translation.override("zh-hans"):
        page = client.get(url(round_), headers={"Accept-Language": "zh-hans"}).content.decode()
        title = translation.gettext("Open for choices and rankings")

    assert title in page
    assert title != "Open for choices and rankings"


@pytest.mark.parametrize("count", [3, 30])
def test_the_students_page_takes_the_same_queries_however_many_students(world, count, django_assert_max_num_queries):
    round_ = world.round()
    program = world.students[0].program
    StudentFactory.create_batch(count, program=program, status=StudentStatus.ENROLLED)
    client = client_of(world.college)

    with django_assert_max_num_queries(12):
        page_and_queries(client, url(round_, "students"))


@pytest.mark.parametrize(("segment", "role"), [("result", "official"), ("result", "college"), ("fill", "official")])
def test_the_result_pages_take_the_same_queries_however_many_rows(world, segment, role):
    """A published round's result for each side and the fill of its postings, at 5 and at 30 rows."""
    round_ = AllocationRoundFactory(
        city=world.official.city, status=AllocationRoundStatus.PUBLISHED, published_at=timezone.now()
    )
    AllocationRoundCollegeFactory(round=round_, college=world.college.college)
    program = world.students[0].program
    client = client_of(getattr(world, role))

    def rows(count: int) -> None:
        for _ in range(count):
            entry = AllocationRoundPostingFactory(round=round_, posting__enterprise=world.enterprise.enterprise)
            student = StudentFactory(program=program, status=StudentStatus.ENROLLED)
            AllocationOutcomeFactory(round=round_, student=student, posting=entry.posting)

    rows(5)
    _page, few = page_and_queries(client, url(round_, segment))
    rows(25)
    page, many = page_and_queries(client, url(round_, segment))

    assert few == many <= MAX_RESULT_QUERIES, many
    assert "Rows 1–25 of 30" in page
