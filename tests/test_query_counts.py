"""Every list endpoint of the API answers in a number of queries that does not grow with the number of rows.

The endpoints come from the URLconf (every DRF ``list`` action under /api/v1/), so a new one is covered at once and
fails until it has a row builder in tests/api_world.py and a ceiling in ``MAX_QUERIES`` below.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from accounts.choices import Role
from tests.api_world import API_PREFIX, ROWS, Resource, Rows, api_resources, build_api_city

# The most queries each list may take, whoever reads it and however many rows it shows: authentication (token, user
# and membership in one), the page's count (none for cursor pages), the rows, one per prefetched many-to-many.
MAX_QUERIES = {
    "notifications": 3,
    "cities": 4,
    "industry-sectors": 3,
    "skills": 3,
    "academic-terms": 3,
    "internship-rules": 3,
    "certificates": 3,
    "colleges": 3,
    "programs": 5,
    "courses": 3,
    "students": 3,
    "student-certificates": 3,
    "enterprises": 3,
    "postings": 4,
    "talent-demands": 3,
    "education-investments": 3,
    "integration-certifications": 3,
    "training-bases": 4,
    "agreements": 3,
    "commitments": 3,
    "milestones": 3,
    "council-seats": 3,
    "applications": 3,
    "placements": 3,
    "mentor-evaluations": 2,
    "party-ratings": 3,
    "incentives": 3,
    "partnership-health": 3,
    "talent-scores": 2,
    "city-aggregates": 3,
    "scoring-runs": 3,
    "scoring-models": 3,
    "allocation-rounds": 3,
}


def list_routes() -> list[Resource]:
    """The resources of the API with a list action, found in the URLconf."""
    return sorted((resource for resource in api_resources().values() if "list" in resource.actions), key=str)


def _may_query(field: serializers.Field) -> bool:
    """Whether rendering ``field`` reads related rows (a primary key alone is read from the row itself)."""
    if isinstance(field, serializers.ManyRelatedField | serializers.BaseSerializer):
        return True
    return isinstance(field, serializers.RelatedField) and not field.use_pk_only_optimization()


def assert_related_fields_filled(results: list[dict], serializer: serializers.BaseSerializer) -> None:
    """Every field that reads related rows is filled in every row: an empty one could hide an N+1 query."""
    for name, field in serializer.fields.items():
        if field.write_only or not _may_query(field):
            continue
        for row in results:
            assert row[name], f"{name} is empty in row {row.get('id')}: fill it in the row builder"
            if isinstance(field, serializers.BaseSerializer) and not isinstance(field, serializers.ListSerializer):
                assert_related_fields_filled([row[name]], field)


def rows_of(route: Resource) -> Rows | None:
    """The builder of the rows ``route`` lists: by its prefix for a list of another resource's model, else by model."""
    return ROWS.get(route.prefix, ROWS.get(route.model))


LIST_ROUTES = list_routes()
CASES = [
    pytest.param(route, role, id=f"{route}-{role.value}")
    for route in LIST_ROUTES
    for role in (rows_of(route).seen_by if rows_of(route) else [Role.PLATFORM_ADMIN])
]


def test_every_list_route_was_found():
    assert len(LIST_ROUTES) >= 23
    assert {"students", "applications", "placements", "party-ratings"} <= {route.prefix for route in LIST_ROUTES}


@pytest.mark.parametrize(("route", "role"), CASES)
def test_list_queries_do_not_grow_with_rows(route, role, db, client, django_assert_max_num_queries):
    rows = rows_of(route)
    if rows is None:
        pytest.fail(
            f"/{API_PREFIX}{route}/ lists {route.model.__name__}, which has no row builder in tests/api_world.py"
        )
    if route.prefix not in MAX_QUERIES:
        pytest.fail(f"/{API_PREFIX}{route}/ has no ceiling in MAX_QUERIES: measure it and pin it there")
    api_city = build_api_city("query")
    headers = api_city.headers(role)

    def get(row_count: int) -> tuple[list[dict], CaptureQueriesContext]:
        page_size = row_count if rows.fixed else 100
        with CaptureQueriesContext(connection) as queries:
            response = client.get(route.url(), {"page_size": page_size}, headers=headers)
        assert response.status_code == 200, response.content
        return response.json()["results"], queries

    rows.build(api_city, 5)
    few, few_queries = get(5)
    rows.build(api_city, 45)
    many, many_queries = get(50)

    assert len(few) >= 5
    assert len(many) == len(few) + 45, "every row built must be visible to this role, or the comparison proves nothing"
    assert_related_fields_filled(many, route.viewset.serializer_class())
    assert len(many_queries) == len(few_queries), "\n\n".join(
        [f"{len(few_queries)} queries for {len(few)} rows, {len(many_queries)} for {len(many)}:"]
        + [query["sql"] for query in many_queries.captured_queries]
    )
    with django_assert_max_num_queries(MAX_QUERIES[route.prefix]):
        get(50)
