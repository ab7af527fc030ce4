"""Every list page answers in a number of queries that does not grow with the number of rows.

The pages come from the URLconf (every route whose view is a ``common.views.ObjectListView``), so a new list page is
covered at once; its rows are built by the API's row builders (tests/api_world.py), for each role that sees them
all and may open the page (by the page's own rule).
"""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.permissions import may
from accounts.principals import ANONYMOUS
from common.views import ObjectListView
from tests.api_world import ROWS, build_api_city

# The most queries a list page may take whoever reads it and however many rows it shows: the session, the user
# with their membership, the bell's unread count, the saved views, the page's count, the rows, one per prefetched
# many-to-many, and the filter selects' choices.
MAX_PAGE_QUERIES = 12


def list_pages(patterns=None, namespace: str = ""):
    """(URL name, view class) of every list page."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from list_pages(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, ObjectListView) and not pattern.pattern.converters:
                yield f"{namespace}{pattern.name}", view_class


PAGES = sorted(list_pages(), key=lambda page: page[0])
# The pages that list another resource's rows than their model's (ROWS is keyed by the API's route prefix for them).
ROWS_OF_PAGE = {"evaluation:incentive_list": "incentives"}


def _rows_key(name, view_class):
    return ROWS_OF_PAGE.get(name, view_class.selector(principal=ANONYMOUS).model)


def _page_rule(view_class, url: str, user) -> str:
    """The rule the page checks before it shows anything (``PageMixin.rule``), for ``user``."""
    view = view_class()
    view.setup(RequestFactory().get(url))
    view.request.user = user
    return view.rule("view")


CASES = [
    pytest.param(name, view_class, role, id=f"{name}-{role.value}")
    for name, view_class in PAGES
    for role in (ROWS[_rows_key(name, view_class)].seen_by if _rows_key(name, view_class) in ROWS else ())
]


def test_every_list_page_was_found_and_has_a_row_builder():
    names = {name for name, _ in PAGES}
    assert {"colleges:program_list", "colleges:student_list", "partnerships:cooperationagreement_list"} <= names
    assert not [name for name, view_class in PAGES if _rows_key(name, view_class) not in ROWS], "add a row builder"


@pytest.mark.parametrize(("name", "view_class", "role"), CASES)
def test_list_page_queries_do_not_grow_with_rows(name, view_class, role, db, client, django_assert_max_num_queries):
    rows = ROWS[_rows_key(name, view_class)]
    api_city = build_api_city("pages")
    user = api_city.user(role)
    url = reverse(name)
    if not may(user, _page_rule(view_class, url, user)):
        pytest.skip(f"{role.label} may not open {name}")
    client.force_login(user)

    def get(row_count: int) -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"per_page": row_count})
        assert response.status_code == 200, response.content[:500]
        return queries

    rows.build(api_city, 5)
    few = get(5)
    rows.build(api_city, 45)
    many = get(50)
    assert len(many) == len(few), "\n\n".join(
        [f"{len(few)} queries for 5 rows, {len(many)} for 50:"] + [query["sql"] for query in many.captured_queries]
    )
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        get(50)
