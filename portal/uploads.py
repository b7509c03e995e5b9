"""Checking uploaded images and PDFs by their content, not their name (shared by issue-7 apps).

An upload is accepted only when its first bytes say it is one of the allowed types and it is no larger
than settings.MAX_UPLOAD_BYTES. Files live under PRIVATE_MEDIA_ROOT and are streamed by views that check
scope (or, for public files, that the publication is published).
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
PDF_TYPES = {"application/pdf": "pdf"}
DOCUMENT_TYPES = {**PDF_TYPES, **IMAGE_TYPES}


def _check(upload, allowed, kind_label):
    if upload is None:
        return None
    size = getattr(upload, "size", None) or 0
    if size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran %(limit)s; perkecil atau kompres berkas.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(261)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(
            _("Isi berkas bukan %(kind)s yang diterima (%(types)s).")
            % {"kind": kind_label, "types": ", ".join(sorted(set(allowed.values()))).upper()}
        )
    return kind.mime


def check_image(upload):
    return _check(upload, IMAGE_TYPES, _("gambar"))


def check_pdf(upload):
    return _check(upload, PDF_TYPES, _("PDF"))


def check_document(upload):
    return _check(upload, DOCUMENT_TYPES, _("PDF atau gambar"))


def validate_image(upload):
    check_image(upload)


def validate_pdf(upload):
    check_pdf(upload)


def validate_document(upload):
    check_document(upload)


def mime_of(field_file):
    """Content type of a stored file, from its bytes (used when streaming it back)."""
    with field_file.open("rb") as fh:
        kind = filetype.guess(fh.read(261))
    return kind.mime if kind else "application/octet-stream"
