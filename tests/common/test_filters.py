"""``q``, the text search every SearchFilterSet shares: each word must match, in any of the search fields."""

import pytest

from cities.filters import CityFilterSet
from cities.models import City
from tests.cities.factories import CityFactory


@pytest.fixture
def cities(db):
    return {
        "suzhou": CityFactory(name="Suzhou", province="Jiangsu"),
        "wuxi": CityFactory(name="Wuxi", province="Jiangsu"),
        "ningbo": CityFactory(name="Ningbo", province="Zhejiang"),
    }


def found(cities, **params) -> list[str]:
    filterset = CityFilterSet(data=params, queryset=City.objects.all())
    assert filterset.is_valid(), filterset.errors
    names = {city.pk: name for name, city in cities.items()}
    return sorted(names[pk] for pk in filterset.qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        pytest.param("", ["ningbo", "suzhou", "wuxi"], id="empty-finds-all"),
        pytest.param("jiangsu", ["suzhou", "wuxi"], id="any-field-case-insensitive"),
        pytest.param("ZHOU", ["suzhou"], id="part-of-a-word"),
        pytest.param("jiangsu wu", ["wuxi"], id="every-word-must-match"),
        pytest.param("wu   jiangsu", ["wuxi"], id="words-in-any-order-and-spacing"),
        pytest.param("jiangsu ningbo", [], id="words-matching-different-rows"),
        pytest.param("Hangzhou", [], id="nothing"),
    ],
)
def test_q_matches_rows_where_every_word_is_in_some_search_field(cities, q, expected):
    assert found(cities, q=q) == expected


def test_q_combines_with_the_other_filters(cities):
    assert found(cities, q="u", province="Jiangsu") == ["suzhou", "wuxi"]
    assert found(cities, q="u", province="Zhejiang") == []
