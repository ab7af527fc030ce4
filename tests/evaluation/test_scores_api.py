"""The scores through the API: partnership health and talent evaluations with their breakdown, model version and
trend, the city's aggregates and at-risk lists, the runs (started by an official), the versions of the weights, and
the admin's versioned editing of those weights (docs/scoring.md, docs/permissions.md)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from colleges.academic_year import academic_year
from colleges.choices import StudentStatus
from evaluation.choices import AggregateDimension, HealthBand, RunState, RunTrigger, ScoreKind
from evaluation.models import PartnershipHealth, ScoringModel, ScoringRun
from evaluation.scoring.definitions import HEALTH, current_model
from partnerships.choices import AgreementKind
from tests.accounts.factories import signed_in
from tests.cities.factories import CityFactory, CityOfficialFactory
from tests.colleges.factories import CollegeFactory, ProgramFactory, StudentFactory
from tests.evaluation.factories import (
    CityAggregateFactory,
    PartnershipHealthFactory,
    PartnershipHealthSnapshotFactory,
    ScoringModelFactory,
    ScoringRunChunkFactory,
    ScoringRunFactory,
    TalentScoreFactory,
    TalentScoreSnapshotFactory,
    current_snapshots,
)
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory

HEALTH_URL = "/api/v1/partnership-health/"
TALENT_URL = "/api/v1/talent-scores/"
AGGREGATES_URL = "/api/v1/city-aggregates/"
AT_RISK_URL = "/api/v1/city-aggregates/at-risk/"
RUNS_URL = "/api/v1/scoring-runs/"
MODELS_URL = "/api/v1/scoring-models/"
ORGANISATION_STAFF = ("college_a", "college_b", "enterprise_a", "enterprise_b")
STUDENT_PERSONAL_FIELDS = ("name", "student_number", "national_id", "phone")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()[:500]
    return [row["id"] for row in response.json()["results"]]


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def final_year_cohort(duration_years: int = 3) -> int:
    """The enrolment year of the students in the last year of a program of ``duration_years`` today."""
    return academic_year(timezone.localdate()) - duration_years + 1


@pytest.fixture
def world(api_world):
    """The API's world (tests/api_world.py) with B's agreement and student scored by the same run as A's."""
    run = api_world.records["scoring-runs"].instance
    api_world.b_health = PartnershipHealthFactory(
        agreement=api_world.b.active_agreement, run=run, score=Decimal("45.0"), band=HealthBand.AT_RISK
    )
    api_world.b_talent = TalentScoreFactory(student=api_world.b.student, run=run, score=Decimal("81.5"))
    return api_world


# ------------------------------------------------------------------------------
# Partnership health
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("principal", "sees_a", "sees_b"),
    [
        ("college_a", True, False),
        ("college_b", False, True),
        ("enterprise_a", True, False),
        ("enterprise_b", False, True),
        ("official", True, True),
        ("official_other", False, False),
        ("platform_admin", True, True),
    ],
)
def test_each_party_reads_the_health_of_its_own_agreements_and_an_official_their_citys(
    world, principal, sees_a, sees_b
):
    health_a = world.records["partnership-health"].instance

    listed = ids(world.client(principal).get(HEALTH_URL))

    assert (health_a.pk in listed, world.b_health.pk in listed) == (sees_a, sees_b)
    assert world.client(principal).get(f"{HEALTH_URL}{health_a.pk}/").status_code == (200 if sees_a else 404)


def test_a_health_score_shows_its_agreement_breakdown_and_model_version(world):
    health = world.records["partnership-health"].instance
    agreement = world.a.active_agreement

    response = world.client("enterprise_a").get(f"{HEALTH_URL}{agreement.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": agreement.pk,
        "agreement": {
            "id": agreement.pk,
            "title": agreement.title,
            "kind": agreement.kind,
            "status": "active",
            "college": world.a.college.pk,
            "enterprise": world.a.enterprise.pk,
        },
        "score": "74.5",
        "band": "healthy",
        "components": {
            "commitments_kept": 0.9,
            "milestones_on_time": 0.75,
            "satisfaction": 0.8,
            "recency": 1.0,
            "reciprocity": 0.5,
            "outcomes": 0.4,
        },
        "scoring_model": health.scoring_model_id,
        "model_version": health.scoring_model.version,
        "run": health.run_id,
        "computed_at": response.json()["computed_at"],
    }


def test_an_agreement_without_enough_data_has_a_band_and_no_score(world):
    health = world.records["partnership-health"].instance
    current_snapshots(PartnershipHealth, agreement_id=health.pk).update(
        score=None, band=HealthBand.NOT_ENOUGH_DATA, outcomes=None, satisfaction=None
    )

    row = world.client("college_a").get(f"{HEALTH_URL}{health.pk}/").json()

    assert (row["score"], row["band"]) == (None, "not_enough_data")
    assert row["components"]["outcomes"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"band": "at_risk"}, {"b"}),
        ({"band": "healthy"}, {"a", "order_class"}),
        ({"kind": "order_class"}, {"order_class"}),
        ({"college": "b"}, {"b"}),
        ({"enterprise": "a"}, {"a", "order_class"}),
        ({"min_score": "60"}, {"a", "order_class"}),
        ({"max_score": "50"}, {"b"}),
        ({"min_score": "74.5", "max_score": "80"}, {"a"}),
        ({"status": "completed"}, {"order_class"}),
    ],
)
def test_health_filters(world, query, expected):
    order_class = PartnershipHealthFactory(
        agreement=CooperationAgreementFactory(
            college=world.a.college,
            enterprise=world.a.enterprise,
            kind=AgreementKind.ORDER_CLASS,
            active=True,
            status="completed",
            ended_at=timezone.now(),
        ),
        run=world.records["scoring-runs"].instance,
        score=Decimal("90.0"),
    )
    names = {world.records["partnership-health"].pk: "a", world.b_health.pk: "b", order_class.pk: "order_class"}
    sides = {"a": world.a, "b": world.b}
    params = {
        name: (getattr(sides[value], name).pk if name in ("college", "enterprise") else value)
        for name, value in query.items()
    }

    listed = ids(world.client("official").get(HEALTH_URL, params))

    assert {names[pk] for pk in listed} == expected


@pytest.mark.parametrize("query", [{"min_score": "101"}, {"max_score": "-1"}, {"band": "great"}, {"college": "0"}])
def test_health_filters_refuse_values_out_of_range(world, query):
    response = world.client("official").get(HEALTH_URL, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_health_orders_by_score(world):
    listed = ids(world.client("official").get(HEALTH_URL, {"ordering": "-score"}))

    assert listed == [world.records["partnership-health"].pk, world.b_health.pk]


def test_the_health_trend_is_one_snapshot_per_successful_run_oldest_first(world):
    agreement = world.a.active_agreement
    city = world.city
    latest = world.records["scoring-runs"].instance
    revised = ScoringModelFactory(kind=ScoreKind.HEALTH)
    # Made out of order: the trend follows the day each run computed the score for.
    older = ScoringRunFactory(city=city, as_of=latest.as_of - datetime.timedelta(days=2), queued_at=hours_ago(50))
    old = ScoringRunFactory(
        city=city, as_of=latest.as_of - datetime.timedelta(days=1), queued_at=hours_ago(26), health_model=revised
    )
    failed = ScoringRunFactory(city=city, queued_at=hours_ago(5), failed=True)
    running = ScoringRunFactory(city=city, queued_at=hours_ago(0.1), running=True)
    PartnershipHealthSnapshotFactory(agreement=agreement, run=old, score=Decimal("66.0"), band=HealthBand.WATCH)
    PartnershipHealthSnapshotFactory(agreement=agreement, run=older, score=Decimal("48.0"), band=HealthBand.AT_RISK)
    for unpublished in (failed, running):
        PartnershipHealthSnapshotFactory(agreement=agreement, run=unpublished, score=Decimal("1.0"))
    PartnershipHealthSnapshotFactory(agreement=world.b.active_agreement, run=old)  # another agreement's

    response = world.client("college_a").get(f"{HEALTH_URL}{agreement.pk}/trend/")

    assert response.status_code == 200
    trend = response.json()
    assert [(point["run"], point["score"], point["band"]) for point in trend] == [
        (older.pk, "48.0", "at_risk"),
        (old.pk, "66.0", "watch"),
        (latest.pk, "74.5", "healthy"),
    ]
    assert [point["model_version"] for point in trend] == [
        older.health_model.version,
        revised.version,
        latest.health_model.version,
    ]
    assert trend[0]["as_of"] == older.as_of.isoformat()
    assert trend[0]["components"]["commitments_kept"] == 0.9


@pytest.mark.parametrize("principal", ["college_b", "enterprise_b", "official_other"])
def test_the_trend_of_an_agreement_out_of_scope_is_not_found(world, principal):
    agreement = world.a.active_agreement

    assert world.client(principal).get(f"{HEALTH_URL}{agreement.pk}/trend/").status_code == 404


def test_the_trend_takes_the_same_queries_for_ten_runs_as_for_one(world):
    agreement = world.a.active_agreement
    client = world.client("official")
    url = f"{HEALTH_URL}{agreement.pk}/trend/"
    client.get(url)  # the first request of a client also loads its user's membership
    with CaptureQueriesContext(connection) as one_run:
        assert len(client.get(url).json()) == 1
    for day in range(1, 10):
        run = ScoringRunFactory(city=world.city, queued_at=hours_ago(24 * day), health_model=ScoringModelFactory())
        PartnershipHealthSnapshotFactory(agreement=agreement, run=run)

    with CaptureQueriesContext(connection) as ten_runs:
        assert len(client.get(url).json()) == 10

    assert len(ten_runs) == len(one_run)


# ------------------------------------------------------------------------------
# Talent evaluations
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("principal", "sees_a", "sees_b"),
    [
        ("college_a", True, False),
        ("college_b", False, True),
        ("enterprise_a", True, False),  # A's student applied to A's posting
        ("enterprise_b", False, True),
        ("official", True, True),
        ("official_other", False, False),
        ("platform_admin", True, True),
    ],
)
def test_a_talent_score_is_read_by_the_college_the_enterprises_applied_to_and_the_city(
    world, principal, sees_a, sees_b
):
    talent_a = world.records["talent-scores"].instance

    listed = ids(world.client(principal).get(TALENT_URL))

    assert (talent_a.pk in listed, world.b_talent.pk in listed) == (sees_a, sees_b)
    assert world.client(principal).get(f"{TALENT_URL}{talent_a.pk}/").status_code == (200 if sees_a else 404)


@pytest.mark.parametrize("principal", ["college_a", "enterprise_a", "official", "platform_admin"])
def test_a_talent_score_is_the_same_for_every_reader_and_names_no_personal_field(world, principal):
    student = world.a.student
    talent = world.records["talent-scores"].instance

    response = world.client(principal).get(f"{TALENT_URL}{student.pk}/")

    assert response.json() == {
        "id": student.pk,
        "program": student.program_id,
        "college": world.a.college.pk,
        "cohort_year": student.cohort_year,
        "final_year": student.cohort_year == final_year_cohort(student.program.duration_years),
        "score": "63.0",
        "percentile": "50.0",
        "components": {"practice": 0.7, "certificates": 0.4, "mentor": 0.75, "placement": 0.5},
        "scoring_model": talent.scoring_model_id,
        "model_version": talent.scoring_model.version,
        "run": talent.run_id,
        "computed_at": response.json()["computed_at"],
    }
    for field in STUDENT_PERSONAL_FIELDS:
        assert getattr(student, field) not in response.content.decode()


@pytest.fixture
def cohorts(db):
    """An official and the students of one college's two programs, in and out of their final year, scored."""
    city = CityFactory()
    college, other_college = CollegeFactory(city=city), CollegeFactory(city=city)
    three_years, four_years = ProgramFactory(college=college), ProgramFactory(college=other_college, duration_years=4)
    run = ScoringRunFactory(city=city)
    students = {
        "final_3": StudentFactory(program=three_years, cohort_year=final_year_cohort(3)),
        "first_3": StudentFactory(program=three_years, cohort_year=final_year_cohort(1)),
        "final_4": StudentFactory(program=four_years, cohort_year=final_year_cohort(4)),
        "third_of_4": StudentFactory(program=four_years, cohort_year=final_year_cohort(3)),
    }
    scores = {"final_3": "88.0", "first_3": "35.5", "final_4": "62.0", "third_of_4": "71.0"}
    percentiles = {"final_3": "100.0", "first_3": "0.0", "final_4": "50.0", "third_of_4": "75.0"}
    for name, student in students.items():
        TalentScoreFactory(
            student=student, run=run, score=Decimal(scores[name]), percentile=Decimal(percentiles[name])
        )
    return {
        "client": signed_in(CityOfficialFactory(city=city).user),
        "students": students,
        "programs": {"three_years": three_years, "four_years": four_years},
        "colleges": {"college": college, "other_college": other_college},
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"final_3", "first_3", "final_4", "third_of_4"}),
        ({"final_year": "true"}, {"final_3", "final_4"}),
        ({"final_year": "false"}, {"first_3", "third_of_4"}),
        ({"program": "four_years"}, {"final_4", "third_of_4"}),
        ({"college": "college"}, {"final_3", "first_3"}),
        ({"cohort_year": "final_3"}, {"final_3", "third_of_4"}),
        ({"min_score": "62", "max_score": "80"}, {"final_4", "third_of_4"}),
        ({"min_percentile": "75"}, {"final_3", "third_of_4"}),
        ({"max_percentile": "50", "final_year": "true"}, {"final_4"}),
    ],
)
def test_talent_filters(cohorts, query, expected):
    students = cohorts["students"]
    names = {student.pk: name for name, student in students.items()}
    params = dict(query)
    if "program" in params:
        params["program"] = cohorts["programs"][params["program"]].pk
    if "college" in params:
        params["college"] = cohorts["colleges"][params["college"]].pk
    if "cohort_year" in params:
        params["cohort_year"] = students[params["cohort_year"]].cohort_year

    listed = ids(cohorts["client"].get(TALENT_URL, params))

    assert {names[pk] for pk in listed} == expected


def test_talent_scores_are_a_cursor_list_newest_student_first(cohorts):
    students = sorted(cohorts["students"].values(), key=lambda student: -student.pk)

    first = cohorts["client"].get(TALENT_URL, {"page_size": 3}).json()
    second = cohorts["client"].get(first["next"]).json()

    assert "count" not in first
    assert [row["id"] for row in first["results"] + second["results"]] == [student.pk for student in students]


def test_the_talent_trend_is_one_snapshot_per_successful_run_oldest_first(world):
    student = world.a.student
    latest = world.records["scoring-runs"].instance
    earlier = ScoringRunFactory(city=world.city, as_of=latest.as_of - datetime.timedelta(days=7))
    TalentScoreSnapshotFactory(student=student, run=earlier, score=Decimal("55.0"), percentile=Decimal("25.0"))
    TalentScoreSnapshotFactory(student=student, run=ScoringRunFactory(city=world.city, failed=True))

    trend = world.client("enterprise_a").get(f"{TALENT_URL}{student.pk}/trend/").json()

    assert [(point["run"], point["score"], point["percentile"]) for point in trend] == [
        (earlier.pk, "55.0", "25.0"),
        (latest.pk, "63.0", "50.0"),
    ]
    assert world.client("enterprise_b").get(f"{TALENT_URL}{student.pk}/trend/").status_code == 404


# ------------------------------------------------------------------------------
# City aggregates and at-risk lists
# ------------------------------------------------------------------------------
def test_aggregates_are_those_of_the_citys_last_successful_run(world):
    city = world.city
    last = world.records["scoring-runs"].instance
    shown = world.records["city-aggregates"].instance
    shown_too = CityAggregateFactory(run=last, dimension=AggregateDimension.CITY, key="gini", value=0.31)
    earlier = ScoringRunFactory(city=city, queued_at=hours_ago(30))
    failed_since = ScoringRunFactory(city=city, queued_at=hours_ago(0.5), failed=True)
    under_way = ScoringRunFactory(city=city, queued_at=hours_ago(0.1), running=True)
    for hidden_run in (earlier, failed_since, under_way):
        CityAggregateFactory(run=hidden_run)
    other_city = CityAggregateFactory(run=ScoringRunFactory(city=world.other_city))

    response = world.client("official").get(AGGREGATES_URL)

    assert ids(response) == [shown_too.pk, shown.pk]  # by dimension and key
    assert response.json()["results"][0] == {
        "id": shown_too.pk,
        "city": city.pk,
        "run": last.pk,
        "as_of": last.as_of.isoformat(),
        "dimension": "city",
        "key": "gini",
        "label": shown_too.label,
        "count": 4,
        "value": 0.31,
        "details": {"at_risk": 1},
    }
    assert ids(world.client("official").get(AGGREGATES_URL, {"dimension": "health_by_kind"})) == [shown.pk]
    assert ids(world.client("official_other").get(AGGREGATES_URL)) == [other_city.pk]
    assert set(ids(world.client("platform_admin").get(AGGREGATES_URL))) == {shown.pk, shown_too.pk, other_city.pk}
    assert ids(world.client("platform_admin").get(AGGREGATES_URL, {"city": world.other_city.pk})) == [other_city.pk]
    assert world.client("official").get(f"{AGGREGATES_URL}{other_city.pk}/").status_code == 404


@pytest.mark.parametrize("principal", ORGANISATION_STAFF)
def test_colleges_and_enterprises_read_no_aggregates_nor_at_risk_lists(world, principal):
    client = world.client(principal)

    assert client.get(AGGREGATES_URL).status_code == 403
    assert client.get(AT_RISK_URL).status_code == 403
    assert client.get(f"{AGGREGATES_URL}{world.records['city-aggregates'].pk}/").status_code == 404


@pytest.fixture
def at_risk_city(db):
    """A city whose at-risk agreements and final-year students without a placement are known, and another city."""
    city = CityFactory()
    college = CollegeFactory(city=city)
    program = ProgramFactory(college=college)
    final_year = final_year_cohort(program.duration_years)
    run = ScoringRunFactory(city=city)

    def health(score: str | None, band: HealthBand):
        agreement = CooperationAgreementFactory(college=college, active=True)
        return PartnershipHealthFactory(agreement=agreement, run=run, score=score and Decimal(score), band=band)

    agreements = {
        "worst": health("20.5", HealthBand.AT_RISK),
        "at_risk": health("44.0", HealthBand.AT_RISK),
        "watch": health("55.0", HealthBand.WATCH),
        "too_new": health(None, HealthBand.NOT_ENOUGH_DATA),
    }
    students = {
        "unplaced": StudentFactory(program=program, cohort_year=final_year),
        "only_cancelled": StudentFactory(program=program, cohort_year=final_year),
        "placed": StudentFactory(program=program, cohort_year=final_year),
        "completed": StudentFactory(program=program, cohort_year=final_year),
        "withdrawn": StudentFactory(program=program, cohort_year=final_year, status=StudentStatus.WITHDRAWN),
        "not_final": StudentFactory(program=program, cohort_year=final_year + 1),
    }
    PlacementFactory(student=students["only_cancelled"], cancelled=True)
    # Placed: placements that started by today (one starting later would not place the student yet).
    started = timezone.localdate() - datetime.timedelta(days=100)
    PlacementFactory(student=students["placed"], starts_on=started)
    PlacementFactory(student=students["completed"], completed=True, starts_on=started)
    other_city = CityFactory()
    other_program = ProgramFactory(college=CollegeFactory(city=other_city))
    elsewhere = StudentFactory(program=other_program, cohort_year=final_year_cohort(other_program.duration_years))
    elsewhere_health = PartnershipHealthFactory(
        agreement=CooperationAgreementFactory(college=other_program.college, active=True),
        score=Decimal("10.0"),
        band=HealthBand.AT_RISK,
    )
    return {
        "city": city,
        "other_city": other_city,
        "official": signed_in(CityOfficialFactory(city=city).user),
        "agreements": agreements,
        "students": students,
        "elsewhere": {"student": elsewhere, "health": elsewhere_health},
    }


def test_the_at_risk_lists_are_the_lowest_band_and_final_year_students_without_a_placement(at_risk_city):
    agreements, students = at_risk_city["agreements"], at_risk_city["students"]

    response = at_risk_city["official"].get(AT_RISK_URL)

    assert response.status_code == 200
    assert response.json() == {
        "academic_year": academic_year(timezone.localdate()),
        "agreements": {"count": 2, "ids": [agreements["worst"].pk, agreements["at_risk"].pk]},
        "students": {
            "count": 2,
            "ids": sorted([students["unplaced"].pk, students["only_cancelled"].pk]),
        },
    }


def test_the_at_risk_lists_are_capped_with_their_counts(at_risk_city):
    response = at_risk_city["official"].get(AT_RISK_URL, {"limit": 1})

    assert response.json()["agreements"] == {"count": 2, "ids": [at_risk_city["agreements"]["worst"].pk]}
    assert response.json()["students"]["count"] == 2
    assert len(response.json()["students"]["ids"]) == 1


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "1001"}, {"limit": "1.5"}, {"city": "0"}])
def test_the_at_risk_lists_refuse_a_bad_query(at_risk_city, query):
    response = at_risk_city["official"].get(AT_RISK_URL, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_the_platform_admin_reads_the_at_risk_lists_of_every_city_or_of_one(at_risk_city, admin_user):
    admin = signed_in(admin_user)
    elsewhere = at_risk_city["elsewhere"]

    everywhere = admin.get(AT_RISK_URL).json()
    other_city = admin.get(AT_RISK_URL, {"city": at_risk_city["other_city"].pk}).json()
    # An official asking for another city sees nothing of it.
    official = at_risk_city["official"].get(AT_RISK_URL, {"city": at_risk_city["other_city"].pk}).json()

    assert (everywhere["agreements"]["count"], everywhere["students"]["count"]) == (3, 3)
    assert everywhere["agreements"]["ids"][0] == elsewhere["health"].pk  # the lowest score first
    assert other_city["agreements"]["ids"] == [elsewhere["health"].pk]
    assert other_city["students"]["ids"] == [elsewhere["student"].pk]
    assert official["agreements"] == official["students"] == {"count": 0, "ids": []}


# ------------------------------------------------------------------------------
# Runs
# ------------------------------------------------------------------------------
def test_an_official_starts_a_run_of_their_city_and_a_second_waits_for_it(world, django_capture_on_commit_callbacks):
    client = world.client("official")

    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(RUNS_URL, {})

    assert response.status_code == 201, response.content.decode()
    run = ScoringRun.objects.get(pk=response.json()["id"])
    assert (run.city, run.trigger, run.state, run.requested_by) == (
        world.city,
        RunTrigger.MANUAL,
        RunState.QUEUED,
        world.users["official"],
    )
    assert len(enqueued) == 1, "the work is enqueued once the run is committed"
    assert response.json() | {"queued_at": None} == {
        "id": run.pk,
        "city": world.city.pk,
        "state": "queued",
        "trigger": "manual",
        "as_of": timezone.localdate().isoformat(),
        "requested_by": world.users["official"].pk,
        "health_model": current_model(ScoreKind.HEALTH).pk,
        "health_model_version": current_model(ScoreKind.HEALTH).version,
        "talent_model": current_model(ScoreKind.TALENT).pk,
        "talent_model_version": current_model(ScoreKind.TALENT).version,
        "queued_at": None,
        "started_at": None,
        "finished_at": None,
        "duration_seconds": None,
        "chunks_total": run.chunks_total,
        "chunks_done": 0,
        "agreements_scored": 0,
        "students_scored": 0,
        "error": "",
    }

    again = client.post(RUNS_URL, {})

    assert again.status_code == 409
    assert "under way" in again.json()["detail"]
    assert ScoringRun.objects.filter(city=world.city).count() == 2  # the world's last run and this one


def test_a_run_cannot_start_while_one_is_queued(world):
    ScoringRunFactory(city=world.city, queued=True)

    response = world.client("official").post(RUNS_URL, {})

    assert response.status_code == 409
    assert ScoringRun.objects.filter(city=world.city, state=RunState.QUEUED).count() == 1


@pytest.mark.parametrize("principal", [*ORGANISATION_STAFF, "platform_admin"])
def test_only_officials_start_runs(world, principal):
    before = ScoringRun.objects.count()

    response = world.client(principal).post(RUNS_URL, {})

    assert response.status_code == 403
    assert ScoringRun.objects.count() == before


def test_a_run_shows_its_progress_and_duration(world):
    run = ScoringRunFactory(city=world.other_city, running=True, started_at=hours_ago(0.5), chunks_total=16)
    for number in range(3):
        ScoringRunChunkFactory(run=run, number=number)
    ScoringRunChunkFactory(run=run, kind=ScoreKind.TALENT, number=0)
    finished = world.records["scoring-runs"].instance

    listed = world.client("official_other").get(RUNS_URL).json()["results"]
    shown = world.client("platform_admin").get(f"{RUNS_URL}{finished.pk}/").json()

    assert [row["id"] for row in listed] == [run.pk]
    assert (listed[0]["state"], listed[0]["chunks_done"], listed[0]["chunks_total"]) == ("running", 4, 16)
    assert 1790 <= listed[0]["duration_seconds"] <= 1900  # so far
    assert shown["duration_seconds"] == (finished.finished_at - finished.started_at).total_seconds() == 90.0
    assert (shown["agreements_scored"], shown["students_scored"]) == (12, 340)


def test_runs_filter_by_state(world):
    failed = ScoringRunFactory(city=world.city, queued_at=hours_ago(3), failed=True)

    response = world.client("official").get(RUNS_URL, {"state": "failed"})

    assert ids(response) == [failed.pk]
    assert response.json()["results"][0]["error"] == "The database went away."


# ------------------------------------------------------------------------------
# Versions of the weights
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("principal", ["college_a", "enterprise_a", "official", "platform_admin"])
def test_every_member_reads_every_version_of_the_weights(world, principal):
    first_health = world.records["scoring-models"].instance
    second_health = ScoringModelFactory(kind=ScoreKind.HEALTH, note="Satisfaction weighs more.")
    talent = current_model(ScoreKind.TALENT)

    rows = world.client(principal).get(MODELS_URL).json()["results"]

    assert [(row["kind"], row["version"], row["is_current"]) for row in rows] == [
        ("health", second_health.version, True),
        ("health", first_health.version, False),
        ("talent", talent.version, True),
    ]
    assert rows[0]["weights"] == HEALTH.weights
    assert rows[0]["parameters"]["min_age_days"] == 90
    assert ids(world.client(principal).get(MODELS_URL, {"kind": "talent"})) == [talent.pk]


def test_an_anonymous_caller_reads_no_scores(world):
    for url in (HEALTH_URL, TALENT_URL, AGGREGATES_URL, AT_RISK_URL, RUNS_URL, MODELS_URL):
        assert world.client("anonymous").get(url).status_code == 401


# ------------------------------------------------------------------------------
# Editing the weights in the admin: a new version every time
# ------------------------------------------------------------------------------
def change_form(model: ScoringModel, **changes) -> dict:
    """The change form of ``model`` as the admin shows it, with ``changes`` (JSON as typed in the form)."""
    return {
        "weights": json.dumps(model.weights),
        "parameters": json.dumps(model.parameters),
        "initial-parameters": json.dumps(model.parameters),  # a field with a callable default sends its initial
        "note": model.note,
        **changes,
    }


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_saving_a_version_in_the_admin_makes_the_next_one_and_keeps_it(admin_client, admin_user):
    edited = current_model(ScoreKind.HEALTH)
    before = ScoringModel.objects.values().get(pk=edited.pk)
    weights = json.dumps(HEALTH.weights | {"commitments_kept": 0.2, "satisfaction": 0.25})

    response = admin_client.post(
        reverse("admin:evaluation_scoringmodel_change", args=[edited.pk]),
        change_form(edited, weights=weights, note="Satisfaction weighs more."),
    )

    assert response.status_code == 302
    revised = ScoringModel.objects.get(kind=ScoreKind.HEALTH, version=edited.version + 1)
    assert revised.weights["satisfaction"] == 0.25
    assert (revised.note, revised.created_by) == ("Satisfaction weighs more.", admin_user)
    assert ScoringModel.objects.values().get(pk=edited.pk) == before
    assert current_model(ScoreKind.HEALTH) == revised


def test_adding_a_version_in_the_admin_numbers_it_after_the_newest(admin_client):
    newest = ScoringModelFactory(kind=ScoreKind.TALENT)
    weights = '{"practice": 0.25, "certificates": 0.25, "mentor": 0.25, "placement": 0.25}'

    response = admin_client.post(
        reverse("admin:evaluation_scoringmodel_add"),
        {"kind": "talent", "weights": weights, "parameters": json.dumps(newest.parameters)},
    )

    assert response.status_code == 302
    assert ScoringModel.objects.filter(kind=ScoreKind.TALENT).latest("version").version == newest.version + 1


def test_a_new_version_starts_from_the_newest_of_its_kind(admin_client):
    newest = ScoringModelFactory(
        kind=ScoreKind.TALENT, weights={"practice": 0.4, "certificates": 0.1, "mentor": 0.3, "placement": 0.2}
    )

    form = admin_client.get(reverse("admin:evaluation_scoringmodel_add"), {"kind": "talent"}).context["adminform"].form

    assert (form.initial["kind"], form.initial["weights"]) == ("talent", newest.weights)


def test_saving_an_unchanged_version_makes_none(admin_client):
    edited = current_model(ScoreKind.HEALTH)

    response = admin_client.post(
        reverse("admin:evaluation_scoringmodel_change", args=[edited.pk]),
        change_form(edited),
    )

    assert response.status_code == 302
    assert ScoringModel.objects.filter(kind=ScoreKind.HEALTH).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"weights": json.dumps(HEALTH.weights | {"commitments_kept": 0.5, "satisfaction": 0.5})},
            "weights",
            "they must sum to 1",
        ),
        ({"weights": '{"commitments_kept": 1.0}'}, "weights", "Give a weight to each component"),
        ({"weights": "[1, 2]"}, "weights", "A JSON object of numbers by name."),
        ({"parameters": '{"min_age_days": 90}'}, "parameters", "The parameters are exactly"),
    ],
)
def test_the_admin_refuses_weights_a_run_could_not_use_with_the_reason(admin_client, changes, field, message):
    edited = current_model(ScoreKind.HEALTH)

    response = admin_client.post(
        reverse("admin:evaluation_scoringmodel_change", args=[edited.pk]), change_form(edited, **changes)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    assert ScoringModel.objects.filter(kind=ScoreKind.HEALTH).count() == 1


def test_no_version_is_deleted_in_the_admin(admin_client):
    model = current_model(ScoreKind.HEALTH)

    response = admin_client.post(reverse("admin:evaluation_scoringmodel_delete", args=[model.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert ScoringModel.objects.filter(pk=model.pk).exists()


def test_the_score_admin_pages_are_read_only(admin_client):
    health = PartnershipHealthFactory()

    page = admin_client.get(reverse("admin:evaluation_partnershiphealth_change", args=[health.pk]))
    refused = admin_client.post(reverse("admin:evaluation_partnershiphealth_change", args=[health.pk]), {})

    assert page.status_code == 200
    assert refused.status_code == 403
