"""A second demo city (``seed_city --city``): its own name, codes and logins beside the first, so tenancy shows."""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.principals import principal_of
from cities.models import City
from colleges.models import College, Student
from colleges.selectors import college_list, student_list
from demo.seed import DEMO_PASSWORD
from demo.vocabulary import DEMO_CITIES
from enterprises.models import Enterprise
from evaluation.models import PartnershipHealth, ScoringRun, TalentScore
from partnerships.models import CooperationAgreement, TrainingBase
from tests.accounts.factories import signed_in

JINHE, YUNXI = DEMO_CITIES
AS_OF = "2026-03-01"
# API lists whose rows each name their city through a path of relations.
CITY_OF_ROWS = {
    "/api/v1/colleges/": (College, "city"),
    "/api/v1/enterprises/": (Enterprise, "city"),
    "/api/v1/students/": (Student, "program__college__city"),
    "/api/v1/agreements/": (CooperationAgreement, "college__city"),
    "/api/v1/training-bases/": (TrainingBase, "city"),
    "/api/v1/partnership-health/": (PartnershipHealth, "agreement__college__city"),
    "/api/v1/talent-scores/": (TalentScore, "student__program__college__city"),
    "/api/v1/scoring-runs/": (ScoringRun, "city"),
}


def seed_city(**options) -> str:
    out = io.StringIO()
    call_command("seed_city", stdout=out, **{"scale": 0.05, "as_of": AS_OF, "history_months": 1, **options})
    return out.getvalue()


@pytest.fixture
def two_cities(db) -> tuple[City, City, str]:
    seed_city()
    output = seed_city(city=YUNXI.name)
    return City.objects.get(name=JINHE.name), City.objects.get(name=YUNXI.name), output


def test_the_second_city_has_its_own_rows_and_prints_its_own_logins(two_cities):
    jinhe, yunxi, output = two_cities

    assert (yunxi.province, yunxi.pilot_batch_year) == (YUNXI.province, YUNXI.pilot_batch_year)
    assert f"Built the demo city {YUNXI.name}" in output
    for city in (jinhe, yunxi):
        assert city.colleges.exists()
        assert city.enterprises.exists()
        assert Student.objects.filter(program__college__city=city).exists()
        assert ScoringRun.objects.filter(city=city).count() == 2
    assert all(name.startswith(YUNXI.stem) for name in yunxi.colleges.values_list("name", flat=True))
    for role in ("college", "enterprise", "official"):
        username = f"yunxi-demo-{role}"
        assert re.search(rf"^  \S.*\b{username}\b", output, re.MULTILINE), output
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None
    official = User.objects.get(username="yunxi-demo-official")
    assert official.city_membership.city == yunxi
    assert User.objects.get(username="yunxi-demo-college").college_membership.college.city == yunxi
    assert User.objects.get(username="yunxi-demo-enterprise").enterprise_membership.enterprise.city == yunxi
    assert User.objects.get(username="demo-official").city_membership.city == jinhe


def test_codes_and_usernames_do_not_collide(two_cities):
    jinhe, yunxi, _ = two_cities

    def codes(city):
        return (
            set(city.colleges.values_list("code", flat=True)),
            set(city.enterprises.values_list("credit_code", flat=True)),
            set(city.training_bases.values_list("name", flat=True)),
        )

    for first, second in zip(codes(jinhe), codes(yunxi), strict=True):
        assert first
        assert second
        assert not first & second
    staff = {
        city: set(
            User.objects.filter(college_membership__college__city=city).values_list("username", flat=True)
            | User.objects.filter(enterprise_membership__enterprise__city=city).values_list("username", flat=True)
            | User.objects.filter(city_membership__city=city).values_list("username", flat=True)
        )
        for city in (jinhe, yunxi)
    }
    assert all(name.startswith(("jinhe-", "demo-")) for name in staff[jinhe])
    assert all(name.startswith("yunxi-") for name in staff[yunxi])
    assert all(
        email.endswith("@yunxi.example")
        for email in User.objects.filter(username__in=staff[yunxi]).values_list("email", flat=True)
    )


def test_the_second_citys_official_sees_nothing_of_the_first(two_cities):
    jinhe, yunxi, _ = two_cities
    official = User.objects.get(username="yunxi-demo-official")
    client = signed_in(official)

    for url, (model, city_path) in CITY_OF_ROWS.items():
        response = client.get(url, {"page_size": 1000})
        assert response.status_code == 200, (url, response.content[:300])
        ids = {row["id"] for row in response.json()["results"]}
        assert ids, url
        assert not model.objects.filter(pk__in=ids).exclude(**{city_path: yunxi}).exists(), url
    principal = principal_of(official)
    assert set(college_list(principal=principal)) == set(yunxi.colleges.all())
    assert not student_list(principal=principal).filter(program__college__city=jinhe).exists()
    first_college = jinhe.colleges.order_by("pk").first()
    assert client.get(f"/api/v1/colleges/{first_college.pk}/").status_code == 404


def test_reset_with_city_rebuilds_that_city_only(two_cities):
    jinhe, yunxi, _ = two_cities
    jinhe_rows = {
        "colleges": set(jinhe.colleges.values_list("pk", "code")),
        "students": set(Student.objects.filter(program__college__city=jinhe).values_list("pk", "national_id")),
        "runs": set(ScoringRun.objects.filter(city=jinhe).values_list("pk", "finished_at")),
        "health": set(PartnershipHealth.objects.filter(agreement__college__city=jinhe).values_list("pk", "score")),
    }
    yunxi_codes = set(yunxi.colleges.values_list("code", flat=True))

    output = seed_city(city=YUNXI.slug, reset=True)

    rebuilt = City.objects.get(name=YUNXI.name)
    assert rebuilt.pk != yunxi.pk
    assert set(rebuilt.colleges.values_list("code", flat=True)) == yunxi_codes
    assert "yunxi-demo-official" in output
    assert jinhe_rows == {
        "colleges": set(jinhe.colleges.values_list("pk", "code")),
        "students": set(Student.objects.filter(program__college__city=jinhe).values_list("pk", "national_id")),
        "runs": set(ScoringRun.objects.filter(city=jinhe).values_list("pk", "finished_at")),
        "health": set(PartnershipHealth.objects.filter(agreement__college__city=jinhe).values_list("pk", "score")),
    }
    assert User.objects.get(username="demo-official").city_membership.city == jinhe


def test_seeding_the_second_city_again_changes_nothing(two_cities):
    counts = {model: model.objects.count() for model in (City, College, Student, User, ScoringRun, TalentScore)}

    output = seed_city(city=YUNXI.slug)

    assert "nothing changed" in output
    assert {model: model.objects.count() for model in counts} == counts


def test_an_unknown_city_is_refused_with_the_choices(db):
    with pytest.raises(
        CommandError, match=r"--city must be one of the demo cities 金河市 \(jinhe\), 云溪市 \(yunxi\)"
    ):
        seed_city(city="银湖市")

    assert not City.objects.exists()
