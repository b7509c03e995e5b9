"""Private files in an S3-compatible bucket (moto's standalone server): uploads, downloads through the scoped
views, deletes (replaced scans, erasure, import previews); never a bucket URL."""

import time
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from migrants import services
from migrants.models import DocumentKind
from tests.factories import AgencyFactory, PlacementFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PNG_2 = b"\x89PNG\r\n\x1a\n" + b"\x01" * 80
KEYS = {"access_key": "payung-test", "secret_key": "payung-test-secret"}


@pytest.fixture
def bucket(moto_server, settings):
    """A fresh private bucket, and the settings of PRIVATE_STORAGE=s3 pointing at it."""
    name = f"payung-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto_server, region_name="us-east-1",
                          aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"])
    client.create_bucket(Bucket=name)
    s3 = {"BACKEND": "core.storage.PrivateS3Storage", "OPTIONS": {
        "bucket_name": name, "endpoint_url": moto_server, "region_name": "us-east-1", **KEYS,
        "default_acl": "private", "querystring_expire": 60, "file_overwrite": False}}
    settings.STORAGES = {**settings.STORAGES, "private": s3, "default": s3}
    return client, name


def keys(bucket):
    client, name = bucket
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", []))


@pytest.fixture
def document(jatinom_operator):
    placement = PlacementFactory(actor=jatinom_operator, agency=AgencyFactory())
    return placement.documents.get(kind=DocumentKind.KTP)


def test_a_scan_goes_to_the_bucket_and_is_streamed_only_by_the_scoped_view(bucket, document, jatinom_operator,
                                                                          gogodeso_operator, client_for):
    services.update_document(jatinom_operator, document, status="submitted",
                             scan=SimpleUploadedFile("ktp.png", PNG, content_type="image/png"))
    document.refresh_from_db()
    [key] = keys(bucket)
    assert key == document.scan.name
    client, name = bucket
    assert client.get_object(Bucket=name, Key=key)["Body"].read() == PNG
    grants = client.get_object_acl(Bucket=name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only: no public read
    with pytest.raises(ValueError, match="private files have no URL"):
        _ = document.scan.url

    url = f"/pmi/{document.placement_id}/dokumen/{document.pk}/pindaian/"
    served = client_for(jatinom_operator).get(url)
    assert (served.status_code, served["Content-Type"], b"".join(served.streaming_content)) == (
        200, "image/png", PNG)
    assert client_for(gogodeso_operator).get(url).status_code == 404


def test_a_replaced_scan_deletes_the_old_object(bucket, document, jatinom_operator):
    services.update_document(jatinom_operator, document, scan=SimpleUploadedFile("a.png", PNG))
    document.refresh_from_db()
    first = document.scan.name
    services.update_document(jatinom_operator, document, scan=SimpleUploadedFile("b.png", PNG_2))
    document.refresh_from_db()
    assert first != document.scan.name
    assert keys(bucket) == [document.scan.name]


def test_erasing_a_person_deletes_their_scans_from_the_bucket(bucket, document, jatinom_operator):
    privacy = pytest.importorskip("migrants.privacy")
    services.update_document(jatinom_operator, document, scan=SimpleUploadedFile("a.png", PNG))
    assert len(keys(bucket)) == 1
    assert privacy.erase({document.placement.person_id: "Warga-X"}) == 1
    assert keys(bucket) == []


def test_an_import_preview_is_kept_in_the_bucket_loaded_and_purged(bucket, db, jatinom_operator):
    from migrants.imports import Preview, PreviewStore
    from migrants.imports.preview import PreviewExpired

    store = PreviewStore()
    batch = store.keep(Preview(rows=[{"nik": "3505000000000001"}], total_rows=1), jatinom_operator, "a.xlsx")
    [key] = keys(bucket)
    assert key == f"imports/{batch.token}"
    client, name = bucket
    assert b"3505000000000001" not in client.get_object(Bucket=name, Key=key)["Body"].read()  # encrypted
    assert store.load(batch.token).rows == [{"nik": "3505000000000001"}]

    assert store.purge(max_age_hours=1) == 0  # younger than an hour: kept
    assert store.purge(max_age_hours=0, now=time.time() + 5) == 1
    assert keys(bucket) == []
    with pytest.raises(PreviewExpired):
        store.load(batch.token)
