"""The officials' scoring pages: the city's runs with their progress and failures, starting one (the API's service,
its tasks run in-process here), a run's progress that updates by itself until the run has finished, and the
versions of the scores' weights in words."""

import pytest

from evaluation.choices import RunState, RunTrigger, ScoreKind
from evaluation.models import ScoringRun
from evaluation.scoring import runs
from evaluation.tasks import scoring_run_task
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import ScoringModelFactory, ScoringRunFactory
from tests.pages import client_of

POLLING = 'hx-trigger="every 2s"'


@pytest.fixture
def official(db):
    return CityOfficialFactory(city__name="Jinhe")


def progress_of(client, run: ScoringRun) -> str:
    response = client.get(f"/scoring-runs/{run.pk}/progress/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_official_starts_a_run_from_the_page_and_lands_on_it_finished(
    official, django_capture_on_commit_callbacks
):
    client = client_of(official)

    confirmation = client.get("/scoring-runs/start/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/scoring-runs/start/")

    run = ScoringRun.objects.get(city=official.city)
    assert "Only one run of the city goes at a time." in confirmation
    assert response.status_code == 302
    assert response["Location"] == f"/scoring-runs/{run.pk}/"
    assert (run.state, run.trigger, run.requested_by_id) == (RunState.SUCCEEDED, RunTrigger.MANUAL, official.user_id)
    page = client.get(response["Location"]).content.decode()
    assert "The run is started" in page
    assert "Succeeded" in page
    assert f"{run.chunks_total} of {run.chunks_total}" in page
    assert POLLING not in page


def test_a_second_run_while_one_is_under_way_is_refused_with_a_message(official):
    ScoringRunFactory(city=official.city, queued=True)

    response = client_of(official).post("/scoring-runs/start/")

    assert response.status_code == 200
    assert "A run of this city&#x27;s scores is already under way." in response.content.decode()
    assert ScoringRun.objects.count() == 1


def test_the_progress_polls_while_the_run_is_under_way_and_stops_once_it_has_finished(official):
    client = client_of(official)
    run = runs.scoring_run_start(city_id=official.city_id, trigger=RunTrigger.MANUAL)  # queued: not yet committed

    page = client.get(f"/scoring-runs/{run.pk}/").content.decode()
    queued = progress_of(client, run)
    runs.scoring_run_begin(run_id=run.pk)
    runs.scoring_chunk_compute(run_id=run.pk, kind=ScoreKind.HEALTH, number=0)
    running = progress_of(client, run)
    scoring_run_task(run.pk)  # the rest of the chunks and the publication, in-process
    finished = progress_of(client, run)

    assert POLLING in page
    assert f'hx-get="/scoring-runs/{run.pk}/progress/"' in page
    assert POLLING in queued
    assert "Queued" in queued
    assert f"0 of {run.chunks_total}" in queued
    assert POLLING in running
    assert "Running" in running
    assert f"1 of {run.chunks_total}" in running
    assert POLLING not in finished
    assert "hx-get" not in finished
    assert "Succeeded" in finished
    assert f"{run.chunks_total} of {run.chunks_total}" in finished


def test_a_failed_run_says_so_plainly_with_its_error_and_does_not_poll(official):
    run = ScoringRunFactory(city=official.city, failed=True)
    client = client_of(official)

    page = client.get(f"/scoring-runs/{run.pk}/").content.decode()
    listing = client.get("/scoring-runs/").content.decode()

    assert "The run failed" in page
    assert "the scores of the last successful run stay as they were" in page
    assert "The database went away." in page
    assert POLLING not in page
    assert "The database went away." in listing


def test_the_list_shows_the_city_s_runs_only_with_who_asked_and_how_far_they_got(official):
    mine = ScoringRunFactory(city=official.city, requested_by=official.user, trigger=RunTrigger.MANUAL)
    ScoringRunFactory(city__name="Yunshan", as_of=mine.as_of.replace(year=2020))

    html = client_of(official).get("/scoring-runs/").content.decode()

    assert f'href="/scoring-runs/{mine.pk}/"' in html
    assert official.user.username in html
    assert "Asked for by a city official" in html
    assert "2020" not in html
    assert 'href="/scoring-runs/start/"' in html
    assert 'href="/scoring-models/"' in html


@pytest.mark.parametrize(
    "stranger",
    [
        pytest.param(lambda city: CollegeStaffFactory(college__city=city), id="college-staff"),
        pytest.param(lambda city: EnterpriseStaffFactory(enterprise__city=city), id="enterprise-staff"),
    ],
)
def test_colleges_and_enterprises_neither_see_nor_start_runs(official, stranger):
    run = ScoringRunFactory(city=official.city)
    client = client_of(stranger(official.city))

    assert client.get("/scoring-runs/").status_code == 403
    assert client.get("/scoring-runs/start/").status_code == 403
    assert client.post("/scoring-runs/start/").status_code == 403
    assert client.get(f"/scoring-runs/{run.pk}/").status_code == 404
    assert client.get(f"/scoring-runs/{run.pk}/progress/").status_code == 404
    assert ScoringRun.objects.count() == 1


def test_another_city_s_official_finds_no_run_of_this_city(official):
    run = ScoringRunFactory(city=official.city, running=True)
    client = client_of(CityOfficialFactory(city__name="Yunshan"))

    assert client.get(f"/scoring-runs/{run.pk}/").status_code == 404
    assert client.get(f"/scoring-runs/{run.pk}/progress/").status_code == 404
    assert f"/scoring-runs/{run.pk}/" not in client.get("/scoring-runs/").content.decode()


def test_the_model_versions_show_their_weights_and_parameters_in_words_with_the_current_one_marked(official):
    first = ScoringModelFactory(kind=ScoreKind.HEALTH)
    ScoringModelFactory(kind=ScoreKind.HEALTH, weights={**first.weights, "recency": 0.05, "outcomes": 0.20})
    ScoringModelFactory(kind=ScoreKind.TALENT)

    html = client_of(official).get("/scoring-models/").content.decode()

    assert "Commitments kept: 25%" in html
    assert "Recency: 5%" in html
    assert "Recency: 10%" in html
    assert "Lowest score of the healthy band: 70" in html
    assert "Days after which a mentor evaluation weighs half as much: 180" in html
    assert html.count("(current)") == 2  # the newest of each kind


def test_the_official_s_menu_leads_to_the_calendar_the_rules_and_the_runs(official):
    html = client_of(official).get("/", follow=True).content.decode()
    college_html = client_of(CollegeStaffFactory(college__city=official.city)).get("/").content.decode()

    for path in ("/calendar/", "/internship-rules/", "/scoring-runs/"):
        assert f'href="{path}"' in html
        assert f'href="{path}"' not in college_html


# What the layout takes (the session, the user with their membership, the saved views, and the bell's unread count),
# then the page's count and its rows, each run with its chunks counted in a subquery.
RUN_LIST_QUERIES = 6
MODEL_LIST_QUERIES = 6


def test_the_runs_page_takes_the_same_few_queries_with_2_or_12_runs(official, django_assert_num_queries):
    client = client_of(official)
    for _ in range(2):
        ScoringRunFactory(city=official.city, requested_by=official.user)
    with django_assert_num_queries(RUN_LIST_QUERIES):
        client.get("/scoring-runs/")
    for index in range(10):
        ScoringRunFactory(city=official.city, requested_by=official.user, failed=index % 2 == 0)

    with django_assert_num_queries(RUN_LIST_QUERIES):
        html = client.get("/scoring-runs/").content.decode()

    assert html.count('href="/scoring-runs/') - html.count('href="/scoring-runs/start/"') >= 12


def test_the_versions_page_takes_the_same_few_queries_with_2_or_12_versions(official, django_assert_num_queries):
    client = client_of(official)
    ScoringModelFactory.create_batch(2, kind=ScoreKind.TALENT)
    with django_assert_num_queries(MODEL_LIST_QUERIES):
        client.get("/scoring-models/")
    ScoringModelFactory.create_batch(10, kind=ScoreKind.TALENT)

    with django_assert_num_queries(MODEL_LIST_QUERIES):
        html = client.get("/scoring-models/").content.decode()

    assert html.count("Points of an advanced-level certificate") == 12
