"""How a test is written here: build the rows you need with factories, act like a user, assert what they see."""

from django.urls import reverse

from tests.cities.factories import CityFactory
from tests.colleges.factories import CollegeFactory


def test_home_page_lists_each_pilot_city_with_its_colleges(db, client, django_assert_max_num_queries):
    city = CityFactory(name="Jinhe")
    CollegeFactory.create_batch(2, city=city)

    with django_assert_max_num_queries(1):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    [listed] = response.context["cities"]
    assert (listed.name, listed.college_count) == ("Jinhe", 2)
    assert "Jinhe" in response.text
