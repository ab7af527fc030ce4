"""The download of a stored file: the one response every view that hands out a signed scan gives (the API's
``agreements/{id}/scans/{scan_id}/download/`` and the agreement's page). The view finds the scan through
``partnerships.selectors.agreement_scan_list`` first, so that only a reader of the agreement gets here."""

from django.http import FileResponse
from django.utils.cache import patch_cache_control

from partnerships.models import AgreementScan

PDF = "application/pdf"


def agreement_scan_download_response(scan: AgreementScan) -> FileResponse:
    """``scan``'s file, streamed as a PDF attachment under the name it was uploaded with (ending in ``.pdf``)."""
    name = scan.original_name if scan.original_name.lower().endswith(".pdf") else f"{scan.original_name}.pdf"
    response = FileResponse(scan.file.open("rb"), as_attachment=True, filename=name, content_type=PDF)
    # A signed agreement is for its readers only: no shared cache keeps it, no browser stores it on disk.
    patch_cache_control(response, private=True, no_store=True)
    return response
