"""Helpers of the download tests: a file's rows, read as a spreadsheet reads it."""

import codecs
import csv
import io

from openpyxl import load_workbook


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download, read as the csv module (and Excel) reads them: UTF-8 after a byte order mark."""
    content = b"".join(response.streaming_content)
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_sheets(response) -> list[list[tuple]]:
    """The rows of each sheet of an xlsx download, opened with openpyxl as a spreadsheet opens it."""
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(sheet.values) for sheet in workbook.worksheets]
