"""Downloads of the tables on the pages, as CSV and as xlsx (docs/frontend.md, "Exports").

A page hands over its rows as django-tables2 gives them for exports (``Table.as_values()``: the header in the page's
language, then each cell as the page shows it, masked by the same ``render_*`` methods) or a chart's rows with its
small groups already suppressed. CSV streams every row, read from the database in chunks; xlsx cannot be streamed, so
it holds at most ``XLSX_MAX_ROWS`` rows and says so in the file when there were more.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tables2.data import TableQuerysetData
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from common.charts import Chart

# The query parameter that asks for a download instead of the page, and the formats it takes.
EXPORT_PARAMETER = "_export"
EXPORT_FORMATS = ("csv", "xlsx")
# Rows read from the database at a time: the memory an export holds, whatever the number of rows.
CHUNK_SIZE = 2000
# An xlsx file is built whole before its first byte is sent: past this many rows, download CSV (docs/frontend.md).
XLSX_MAX_ROWS = 20_000
# A text cell starting with one of these would be read as a formula by a spreadsheet (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def requested_format(request: HttpRequest) -> str | None:
    """The format of the download asked for (``?_export=csv``), or None for the page itself."""
    export_format = request.GET.get(EXPORT_PARAMETER)
    return export_format if export_format in EXPORT_FORMATS else None


class ChunkedRows(TableQuerysetData):
    """A table's queryset read in chunks of ``CHUNK_SIZE`` rows (prefetches run per chunk), never held whole."""

    def __iter__(self):
        return self.data.iterator(chunk_size=CHUNK_SIZE)


def chart_rows(chart: Chart) -> Iterator[Sequence]:
    """A chart's table alternative: the categories down, one column per series; a suppressed group is the text
    "fewer than 5" as on the page, and a missing figure (the page's dash) an empty cell."""
    yield [str(chart.x_title), *(str(series.name) for series in chart.series)]
    for category, points in chart.rows():
        yield [str(category), *(chart.fewer_than() if point.suppressed else point.value for point in points)]


def export_response(request: HttpRequest, export_format: str, rows: Iterable[Sequence], *, title: str) -> HttpResponse:
    """The download of ``rows`` (the header first) in ``export_format``, named for ``title`` and today's date."""
    filename = f"{slugify(title, allow_unicode=True) or 'export'}-{timezone.localdate():%Y-%m-%d}.{export_format}"
    if export_format == "csv":
        lines = _csv_lines(rows, language=translation.get_language())
        response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES["csv"])
    else:
        response = HttpResponse(_xlsx(request, rows, title=title), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class _Line:
    """What csv.writer writes to: it hands back the formatted line, to be streamed (Django's streaming CSV recipe)."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(rows: Iterable[Sequence], *, language: str) -> Iterator[str]:
    # The lines are written while the response streams, after the view has returned: in the page's language still.
    writer = csv.writer(_Line())
    with translation.override(language):
        # UTF-8 with a byte order mark: Excel then reads the Chinese right (without it, it assumes the ANSI code page).
        yield from chain(["\ufeff"], (writer.writerow([_csv_cell(value) for value in row]) for row in rows))


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _xlsx(request: HttpRequest, rows: Iterable[Sequence], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    about = workbook.create_sheet(_sheet_title(_("About this file")))
    rows = iter(rows)
    sheet.append([_xlsx_cell(sheet, value) for value in next(rows)])
    count, truncated = 0, False
    for row in rows:
        if count == XLSX_MAX_ROWS:
            truncated = True
            break
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    limit = _("At most %(count)s rows per xlsx file: download CSV for all of them.") % {"count": f"{XLSX_MAX_ROWS:,}"}
    if truncated:
        sheet.append([_("Only the first %(count)s rows are in this file.") % {"count": f"{XLSX_MAX_ROWS:,}"}, limit])
    query = request.GET.copy()
    query.pop(EXPORT_PARAMETER, None)
    page = request.build_absolute_uri(f"{request.path}?{query.urlencode()}" if query else request.path)
    for label, value in (
        (_("Table"), str(title)),
        (_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("Page, with its filters"), page),
        (_("Rows"), count),
        (_("Limit"), limit),
    ):
        about.append([label, _xlsx_cell(about, value)])
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def _sheet_title(title: str) -> str:
    # Excel's limits on a sheet's name: 31 characters, none of []:*?/\
    return "".join(" " if character in "[]:*?/\\" else character for character in str(title))[:31]


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # Excel has no time zones: the city's local time
    elif not isinstance(value, int | float | Decimal | datetime.date | None):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, even when it starts with "="
    return cell
