"""Signed scans of agreement versions (partnerships/services/agreement_scans.py): attached by either party through
the API, listed and downloaded by whoever may read the agreement, refused when they are not a PDF, empty, too large
or of a version the parties did not both approve; a failed attachment leaves no row and no file."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from accounts.principals import principal_of
from common.audit import history_of
from common.exceptions import BusinessRuleViolation
from partnerships.choices import VersionStatus
from partnerships.models import AgreementScan
from partnerships.services import agreements
from partnerships.services.agreement_scans import agreement_scan_attach
from tests.partnerships.factories import SIGNED_PDF, pdf_upload

MEGABYTE = 1024 * 1024


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Files go to a directory of the test's own, on disk, as in production."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.fixture
def world(media_root, api_world):
    """The API's world (tests/api_world.py), built after the storage is set: side A's active agreement has version 1
    approved by both parties and one scan of it, attached by the college."""
    return api_world


def scans_url(agreement) -> str:
    return f"/api/v1/agreements/{agreement.pk}/scans/"


def download_url(agreement, scan_id) -> str:
    return f"/api/v1/agreements/{agreement.pk}/scans/{scan_id}/download/"


def attach(client, agreement, version=1, upload=None):
    return client.post(scans_url(agreement), {"version": version, "file": upload or pdf_upload()}, format="multipart")


def stored_files(media_root: Path) -> set[str]:
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


# ------------------------------------------------------------------------------
# Attaching, listing, downloading
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(("principal", "party"), [("college_a", "college"), ("enterprise_a", "enterprise")])
def test_a_party_attaches_a_scan_both_list_it_and_download_it(world, media_root, principal, party):
    agreement = world.a.active_agreement
    content = SIGNED_PDF + b"% the signatures of both parties\n"

    attached = attach(world.client(principal), agreement, upload=pdf_upload("协议签字版.pdf", content))

    assert attached.status_code == 201, attached.content.decode()
    body = attached.json()
    scan = AgreementScan.objects.get(pk=body["id"])
    assert body == {
        "id": scan.pk,
        "version": 1,
        "name": "协议签字版.pdf",
        "size": len(content),
        "party": party,
        "uploaded_by": world.users[principal].pk,
        "uploaded_at": body["uploaded_at"],
        "download_url": f"http://testserver{download_url(agreement, scan.pk)}",
    }
    # Stored under the agreement by a random name, never by the name it was uploaded with.
    assert scan.file.name.startswith(f"agreement-scans/{agreement.pk}/")
    assert "协议" not in scan.file.name
    assert (media_root / scan.file.name).read_bytes() == content
    for reader in ("college_a", "enterprise_a"):
        listed = world.client(reader).get(scans_url(agreement))
        assert listed.status_code == 200
        assert [(row["id"], row["version"], row["party"]) for row in listed.json()] == [
            (world.a.scan.pk, 1, "college"),
            (scan.pk, 1, party),
        ]
        downloaded = world.client(reader).get(download_url(agreement, scan.pk))
        assert downloaded.status_code == 200
        assert downloaded["Content-Type"] == "application/pdf"
        assert downloaded["Content-Disposition"].startswith("attachment; filename*=utf-8''")
        assert "private" in downloaded["Cache-Control"]
        assert streamed(downloaded) == content


def test_the_download_is_named_as_uploaded_ending_in_pdf_whatever_the_client_accepts(world):
    client = world.client("enterprise_a")
    scan_id = attach(client, world.a.active_agreement, upload=pdf_upload("signed agreement")).json()["id"]

    downloaded = client.get(download_url(world.a.active_agreement, scan_id), HTTP_ACCEPT="application/pdf")

    assert downloaded.status_code == 200
    assert downloaded["Content-Disposition"] == 'attachment; filename="signed agreement.pdf"'


def test_a_city_official_reads_and_downloads_the_scans_of_their_city_but_attaches_none(world):
    """Officials read every agreement of their city (docs/permissions.md), and so its signed copies; they are no
    party to it, so they attach nothing."""
    official = world.client("official")
    agreement = world.a.active_agreement

    listed = official.get(scans_url(agreement))
    downloaded = official.get(download_url(agreement, world.a.scan.pk))
    refused = attach(official, agreement)

    assert [row["id"] for row in listed.json()] == [world.a.scan.pk]
    assert (downloaded.status_code, streamed(downloaded)) == (200, SIGNED_PDF)
    assert refused.status_code == 403
    assert AgreementScan.objects.filter(version__agreement=agreement).count() == 1


@pytest.mark.parametrize("principal", ["college_b", "enterprise_b", "official_other"])
def test_another_organisation_finds_neither_the_agreement_nor_its_scans(world, media_root, principal):
    agreement, files_before = world.a.active_agreement, stored_files(media_root)
    client = world.client(principal)

    responses = [
        client.get(scans_url(agreement)),
        client.get(download_url(agreement, world.a.scan.pk)),
        attach(client, agreement),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert AgreementScan.objects.filter(version__agreement=agreement).count() == 1
    assert stored_files(media_root) == files_before


def test_a_scan_is_found_only_under_its_own_agreement(world):
    client = world.client("college_a")

    responses = [
        client.get(download_url(world.a.agreement, world.a.scan.pk)),  # another agreement of the same parties
        client.get(download_url(world.a.active_agreement, world.b.scan.pk)),  # another organisation's scan
        client.get(download_url(world.a.active_agreement, "999999999999999999999")),
        client.get(download_url(world.a.active_agreement, "first")),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]


def test_a_stored_file_has_no_url_of_its_own(world):
    """Nothing serves the storage: the download, which checks the reader's scope first, is the only way to a file."""
    for principal in ("college_a", "platform_admin"):
        assert world.client(principal).get(world.a.scan.file.url).status_code == 404


def test_anonymous_callers_are_asked_to_sign_in(world):
    client, agreement = world.client("anonymous"), world.a.active_agreement

    responses = [
        client.get(scans_url(agreement)),
        client.get(download_url(agreement, world.a.scan.pk)),
        attach(client, agreement),
    ]

    assert [response.status_code for response in responses] == [401, 401, 401]


# ------------------------------------------------------------------------------
# The file: a PDF by its content, not empty, within the limit
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(
            pdf_upload("scan.pdf", b"PK\x03\x04 a zip archive named and sent as a PDF"),
            "The file is not a PDF: scan the signed agreement to PDF and attach that file.",
            id="not-a-pdf",
        ),
        pytest.param(
            pdf_upload("scan.pdf", b""),
            "The file is empty: attach the scan of the signed agreement.",
            id="empty",
        ),
    ],
)
def test_a_file_that_is_not_a_pdf_or_is_empty_is_refused(world, media_root, upload, message):
    files_before = stored_files(media_root)

    response = attach(world.client("college_a"), world.a.active_agreement, upload=upload)

    assert response.status_code == 400
    assert response.json() == {"file": [message]}
    assert AgreementScan.objects.count() == 2  # the world's own, of sides A and B
    assert stored_files(media_root) == files_before


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_attached(world, settings):
    settings.AGREEMENT_SCAN_MAX_BYTES = MEGABYTE // 2
    client, agreement = world.client("college_a"), world.a.active_agreement
    at_the_limit = SIGNED_PDF.ljust(MEGABYTE // 2, b" ")

    too_large = attach(client, agreement, upload=pdf_upload("scan.pdf", at_the_limit + b" "))
    attached = attach(client, agreement, upload=pdf_upload("scan.pdf", at_the_limit))

    assert too_large.status_code == 400
    assert too_large.json() == {"file": ["The file is larger than 0.5 MB, the most a scan may be."]}
    assert (attached.status_code, attached.json()["size"]) == (201, MEGABYTE // 2)


def test_the_limit_is_ten_megabytes_by_default(settings):
    assert settings.AGREEMENT_SCAN_MAX_BYTES == 10 * MEGABYTE


def test_a_body_without_a_version_or_a_file_names_the_missing_field(world):
    client, agreement = world.client("college_a"), world.a.active_agreement

    without_file = client.post(scans_url(agreement), {"version": 1}, format="multipart")
    without_version = client.post(scans_url(agreement), {"file": pdf_upload()}, format="multipart")
    as_json = client.post(scans_url(agreement), {"version": 1}, format="json")

    assert (without_file.status_code, list(without_file.json())) == (400, ["file"])
    assert (without_version.status_code, list(without_version.json())) == (400, ["version"])
    assert as_json.status_code == 415


# ------------------------------------------------------------------------------
# The version: one both parties approved
# ------------------------------------------------------------------------------
def test_a_version_the_agreement_does_not_have_is_refused(world):
    response = attach(world.client("college_a"), world.a.active_agreement, version=7)

    assert response.status_code == 400
    assert response.json() == {"version": ["This agreement has no version 7."]}


def amend(world) -> None:
    """The college proposes an amendment of side A's active agreement: version 2, pending."""
    agreements.agreement_amend(
        agreement=world.a.active_agreement,
        principal=principal_of(world.users["college_a"]),
        terms={"summary": "Forty interns a year."},
        reason="More interns",
    )


@pytest.mark.parametrize(
    ("decision", "status"),
    [(None, "awaiting the other party's approval"), ("decline", "withdrawn or declined before approval")],
)
def test_a_version_both_parties_did_not_approve_is_a_409_that_stores_nothing(world, media_root, decision, status):
    amend(world)
    if decision:
        agreements.agreement_decline_amendment(
            agreement=world.a.active_agreement, principal=principal_of(world.users["enterprise_a"])
        )
    files_before = stored_files(media_root)

    response = attach(world.client("enterprise_a"), world.a.active_agreement, version=2)

    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Version 2 was not approved by both parties ({status}): a signed scan is attached to a version both "
        "parties approved."
    )
    assert AgreementScan.objects.filter(version__number=2).count() == 0
    assert stored_files(media_root) == files_before


def test_a_version_an_amendment_replaced_was_signed_and_takes_a_scan(world):
    amend(world)
    agreements.agreement_approve_amendment(
        agreement=world.a.active_agreement, principal=principal_of(world.users["enterprise_a"])
    )

    old = attach(world.client("enterprise_a"), world.a.active_agreement, version=1)
    new = attach(world.client("enterprise_a"), world.a.active_agreement, version=2)

    assert world.a.active_agreement.versions.get(number=1).status == VersionStatus.SUPERSEDED
    assert (old.status_code, old.json()["version"]) == (201, 1)
    assert (new.status_code, new.json()["version"]) == (201, 2)


# ------------------------------------------------------------------------------
# Nothing half-written
# ------------------------------------------------------------------------------
def attach_through_the_service(world, principal: str) -> AgreementScan:
    """Attach a scan of version 1 of side A's active agreement as ``principal``, as a page or a command would."""
    return agreement_scan_attach(
        agreement=world.a.active_agreement,
        version=1,
        file=pdf_upload(),
        principal=principal_of(world.users[principal]),
    )


def test_when_the_row_cannot_be_written_the_stored_file_is_removed(world, media_root, monkeypatch):
    files_before = stored_files(media_root)

    def fail(scan, *args, **kwargs):
        assert (media_root / scan.file.name).exists(), "the file is stored before its row is written"
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(AgreementScan, "save", fail)

    with pytest.raises(DatabaseError):
        attach_through_the_service(world, "college_a")

    assert AgreementScan.objects.filter(version__agreement=world.a.active_agreement).count() == 1
    assert stored_files(media_root) == files_before


def test_the_service_refuses_a_caller_who_is_no_party(world, media_root):
    """The API refuses them first (403 or 404); the service holds the rule for every other caller too."""
    files_before = stored_files(media_root)

    with pytest.raises(BusinessRuleViolation):
        attach_through_the_service(world, "college_b")

    assert stored_files(media_root) == files_before


@pytest.mark.skipif(
    not django_settings.AUDIT_TRAIL_ENABLED, reason="the audit trail is recorded by PostgreSQL triggers"
)
def test_an_attachment_leaves_an_audit_record_with_its_actor(world):
    scan_id = attach(world.client("enterprise_a"), world.a.active_agreement).json()["id"]

    [event] = history_of(AgreementScan.objects.get(pk=scan_id))

    assert (event.label, event.actor) == ("insert", world.users["enterprise_a"].username)
    assert event.changes["party"] == {"before": None, "after": "enterprise"}


# ------------------------------------------------------------------------------
# Reads
# ------------------------------------------------------------------------------
def test_the_list_takes_as_many_queries_for_five_scans_as_for_one(world, django_assert_num_queries):
    client, agreement = world.client("enterprise_a"), world.a.active_agreement
    client.get(scans_url(agreement))  # the caller's membership is read once, on their first request
    with CaptureQueriesContext(connection) as one_scan:
        assert len(client.get(scans_url(agreement)).json()) == 1
    queries_for_one = len(one_scan)  # the next request empties the query log
    for _ in range(4):
        attach(client, agreement)

    with django_assert_num_queries(queries_for_one):
        assert len(client.get(scans_url(agreement)).json()) == 5


def test_the_schema_documents_the_upload_and_the_download(world, client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    upload = paths["/api/v1/agreements/{id}/scans/"]["post"]
    download = paths["/api/v1/agreements/{id}/scans/{scan_id}/download/"]["get"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]
    assert upload["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AgreementScan"
    }
    assert download["responses"]["200"]["content"] == {
        "application/pdf": {"schema": {"type": "string", "format": "binary"}}
    }
    assert {parameter["name"] for parameter in download["parameters"]} == {"id", "scan_id"}
