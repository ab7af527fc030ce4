"""Signed scans: the paper copy of an agreement version that both parties signed, scanned to PDF and attached by
either party (docs/workflows.md, "Agreements").

The file is judged by its content (a PDF starts with ``%PDF-``), never by its name or the content type the browser
sent. It is stored only once the step's rules are met, and removed again when the step fails after storing it (the
row's insert or the transaction's commit), so a failed attachment leaves neither a row nor a file.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from accounts.principals import Principal
from common.exceptions import BusinessRuleViolation
from common.services import locked, workflow_step
from partnerships.choices import SIGNED_VERSIONS
from partnerships.models import AgreementScan, AgreementVersion, CooperationAgreement
from partnerships.services.agreements import party_of

PDF_SIGNATURE = b"%PDF-"
MEGABYTE = 1024 * 1024


def agreement_scan_attach(
    *, agreement: CooperationAgreement, version: int, file: File, principal: Principal
) -> AgreementScan:
    """A party of ``agreement`` attaches ``file``, the signed scan of the agreement's version number ``version``.

    Refused with a 400 (on ``file`` or ``version``) for a file that is empty, too large or not a PDF, or a version
    the agreement does not have; with a 409 for a version both parties did not approve (pending, withdrawn or
    declined), or a caller who is not a party.
    """
    _check_scan(file)
    scan = AgreementScan(original_name=os.path.basename(file.name or "") or "scan.pdf", size=file.size)
    try:
        _scan_record(scan, agreement=agreement, number=version, file=file, principal=principal)
    except BaseException:
        if scan.file:  # stored before the step failed: no file stays behind without its row
            scan.file.delete(save=False)
        raise
    return scan


def _megabytes(size: int) -> str:
    """``size`` bytes in MB, as people write it: 10, 0.5, 2.25."""
    return f"{size / MEGABYTE:.2f}".rstrip("0").rstrip(".")


def _check_scan(file: File) -> None:
    """Refuse (400, on ``file``) an empty file, one over ``AGREEMENT_SCAN_MAX_BYTES`` or one that is not a PDF."""
    limit = settings.AGREEMENT_SCAN_MAX_BYTES
    if not file.size:
        raise ValidationError({"file": [_("The file is empty: attach the scan of the signed agreement.")]})
    if file.size > limit:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(limit)s MB, the most a scan may be.") % {"limit": _megabytes(limit)}
                ]
            }
        )
    file.seek(0)
    signature = file.read(len(PDF_SIGNATURE))
    file.seek(0)
    if signature != PDF_SIGNATURE:
        raise ValidationError(
            {"file": [_("The file is not a PDF: scan the signed agreement to PDF and attach that file.")]}
        )


def _signed_version(agreement: CooperationAgreement, number: int) -> AgreementVersion:
    version = agreement.versions.filter(number=number).first()
    if version is None:
        raise ValidationError({"version": [_("This agreement has no version %(number)s.") % {"number": number}]})
    if version.status not in SIGNED_VERSIONS:
        raise BusinessRuleViolation(
            _(
                "Version %(number)s was not approved by both parties (%(status)s): a signed scan is attached to a "
                "version both parties approved."
            )
            % {"number": number, "status": version.get_status_display().lower()}
        )
    return version


@workflow_step
def _scan_record(
    scan: AgreementScan, *, agreement: CooperationAgreement, number: int, file: File, principal: Principal
) -> None:
    """Check the step's rules on the locked agreement, then store the file and insert ``scan``'s row."""
    agreement = locked(agreement)
    scan.party = party_of(principal, agreement)
    scan.version = _signed_version(agreement, number)
    scan.uploaded_by_id = principal.user_id
    scan.full_clean(exclude=["file"])
    scan.file.save(scan.original_name, file, save=False)
    scan.save()
