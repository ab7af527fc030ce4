from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 100


class StandardPagination(PageNumberPagination):
    """``?page=N&page_size=M`` with a total count; the page size is capped so one request cannot fetch a table."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class LargeTablePagination(CursorPagination):
    """Cursor pagination for tables that grow to millions of rows (students, applications, placements,
    evaluations): no COUNT(*) and no OFFSET, so the thousandth page costs what the first does."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def decode_cursor(self, request):
        # A cursor is opaque but only base64: a tampered position must be a 404 like any invalid cursor.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not cursor.position.lstrip("-").isdigit():
            raise NotFound(self.invalid_cursor_message)
        return cursor
