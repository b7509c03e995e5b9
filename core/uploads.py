"""The one check for uploaded files, used by every form field, API serializer, model and service that takes a file.

- The type comes from the content (`filetype` reads the first bytes), never from the name or the browser's
  Content-Type; a file is refused when it is empty or larger than settings.MAX_UPLOAD_BYTES.
- A PDF carrying active content is refused: JavaScript (`/JS`, `/JavaScript`), launch actions (`/Launch`),
  embedded files (`/EmbeddedFile`, `/EmbeddedFiles`); an `/OpenAction` that runs JavaScript or launches
  something names one of these. No PDF library is installed, so the check reads the raw bytes: every
  dictionary outside streams, plus the dictionaries packed in compressed object streams (`/Type /ObjStm`,
  inflated with zlib), with `#xx` escapes in names decoded. Other stream bodies (page contents, images,
  fonts) are not read: a dictionary cannot hide there, and their random bytes would give false alarms. An
  object stream that cannot be decoded (an unknown filter, encryption) is refused as uncheckable.
- One submission carries at most settings.MAX_UPLOADS_PER_SUBMISSION files and
  settings.MAX_UPLOAD_TOTAL_BYTES together (`check_files`, `MultipleUploadField`).

Every message is Indonesian and starts with the field's name.
"""

import base64
import re
import unicodedata
import zlib

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

PDF = {"application/pdf": "pdf"}
JPEG_PNG = {"image/jpeg": "jpg", "image/png": "png"}
IMAGE_TYPES = {**JPEG_PNG, "image/webp": "webp"}
SCAN_TYPES = {**PDF, **JPEG_PNG}  # scans and photos of documents: case attachments, placement documents
DOCUMENT_TYPES = {**PDF, **IMAGE_TYPES}

_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}


def _types_text(types):
    names = [_NAMES.get(mime, mime) for mime in types]
    return names[0] if len(names) == 1 else _("%(list)s atau %(last)s") % {
        "list": ", ".join(names[:-1]), "last": names[-1]}


def _accept(types):
    return ",".join(sorted({f".{ext}" for ext in types.values()} | ({".jpeg"} if "image/jpeg" in types else set())
                           | set(types)))


def _short(label):
    """"Lampiran (PDF/JPG/PNG, opsional)" -> "Lampiran": the name without the hint."""
    return str(label or _("Berkas")).split(" (")[0].strip()


# --- PDF active content -------------------------------------------------------------------------------------

ACTIVE_PDF_NAMES = {b"JS": "JavaScript", b"JavaScript": "JavaScript", b"Launch": "Launch",
                    b"EmbeddedFile": "EmbeddedFile", b"EmbeddedFiles": "EmbeddedFile"}
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
_MAX_INFLATED = 64 * 1024 * 1024


class UncheckablePdf(Exception):
    pass


def _unescape(name):
    """PDF names may spell any byte as #xx: /J#61vaScript is /JavaScript."""
    return _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)


def _names(chunk):
    return {_unescape(name) for name in _NAME.findall(chunk)}


def _inflate(data):
    decoder = zlib.decompressobj()
    out = decoder.decompress(data, _MAX_INFLATED)
    if decoder.unconsumed_tail:
        raise UncheckablePdf("too large")
    return out


def _decode(body, filters):
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            body = _inflate(body)
        elif name in (b"ASCIIHexDecode", b"AHx"):
            body = bytes.fromhex(re.sub(rb"\s", b"", body.split(b">")[0]).decode("ascii").ljust(2, "0"))
        elif name in (b"ASCII85Decode", b"A85"):
            body = base64.a85decode(re.sub(rb"\s", b"", body).removeprefix(b"<~").split(b"~>")[0])
        else:
            raise UncheckablePdf(name.decode("latin-1"))
    return body


def _streams(data):
    """(dictionary, body start, body end) of every stream, in file order."""
    position = 0
    while match := _STREAM_START.search(data, position):
        header_from = max((m.end() for m in _OBJ.finditer(data, max(0, match.start() - 4096), match.start())),
                          default=max(0, match.start() - 4096))
        header = data[header_from:match.start() + 2]
        start = match.end()
        end = -1
        length = _LENGTH.search(header)
        if length and re.match(rb"\s*endstream", data[start + int(length.group(1)):start + int(length.group(1)) + 12]):
            end = start + int(length.group(1))
        if end < 0:
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
        yield header, start, end
        position = end


def pdf_active_content(data):
    """Sorted names of the active-content kinds the PDF carries ([] for a plain document)."""
    found = set()
    outside = []
    position = 0
    for header, start, end in _streams(data):
        outside.append(data[position:start])
        position = end
        names = _names(header)
        if b"ObjStm" in names:
            if b"DecodeParms" in names:  # predictors: not used for object streams in practice
                raise UncheckablePdf("DecodeParms")
            value = _FILTER.search(header)
            try:
                found |= _names(_decode(data[start:end], [_unescape(f) for f in _NAME.findall(value.group(1))]
                                        if value else []))
            except (zlib.error, ValueError) as exc:
                raise UncheckablePdf(str(exc))
    outside.append(data[position:])
    for chunk in outside:
        found |= _names(chunk)
    return sorted({ACTIVE_PDF_NAMES[name] for name in found if name in ACTIVE_PDF_NAMES})


# --- The check -------------------------------------------------------------------------------------------------


def check_file(upload, *, label=None, types=SCAN_TYPES, max_bytes=None):
    """(mime, extension) of an acceptable upload, or a ValidationError naming the field, the problem and the fix."""
    field = _short(label)
    name = _display_name(upload)
    limit = max_bytes or settings.MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ValidationError(_("%(field)s: berkas \"%(name)s\" terlalu besar (%(size)s). Batas %(limit)s; perkecil "
                                "atau pindai ulang dengan resolusi lebih rendah.") % {
            "field": field, "name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)})
    if size == 0:
        raise ValidationError(_("%(field)s: berkas \"%(name)s\" kosong. Pilih berkas yang benar lalu unggah lagi.") % {
            "field": field, "name": name})
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(262)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in types:
        upload.seek(position)
        raise ValidationError(_("%(field)s: isi berkas \"%(name)s\" bukan %(types)s (nama berkas tidak menentukan "
                                "jenisnya). Unggah hasil pindaian atau foto dokumen yang asli.") % {
            "field": field, "name": name, "types": _types_text(types)})
    if kind.mime == "application/pdf":
        upload.seek(0)
        data = upload.read()
        upload.seek(position)
        check_pdf_bytes(data, field=field, name=name)
    upload.seek(position)
    return kind.mime, types[kind.mime]


def check_pdf_bytes(data, *, field, name):
    try:
        active = pdf_active_content(data)
    except UncheckablePdf:
        raise ValidationError(_("%(field)s: isi PDF \"%(name)s\" tidak dapat diperiksa (terenkripsi atau dikemas "
                                "dengan cara yang tidak dikenal). Simpan ulang sebagai PDF biasa tanpa kata sandi "
                                "(\"Cetak ke PDF\") lalu unggah lagi.") % {"field": field, "name": name})
    if active:
        raise ValidationError(_("%(field)s: PDF \"%(name)s\" memuat %(what)s dan ditolak demi keamanan. Cetak ulang "
                                "dokumen ke PDF (\"Cetak ke PDF\") atau pindai ulang, lalu unggah lagi.") % {
            "field": field, "name": name, "what": ", ".join(active)})


def check_bytes(data, *, label, types, max_bytes=None, name=""):
    """The same check for content already read (e.g. a letterhead logo kept in the database)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return check_file(SimpleUploadedFile(name or "berkas", data), label=label, types=types, max_bytes=max_bytes)


def check_files(uploads, *, label=None, types=SCAN_TYPES):
    """Every file of one submission, and the cap on how many and how large together."""
    uploads = [u for u in uploads if u]
    field = _short(label)
    most = settings.MAX_UPLOADS_PER_SUBMISSION
    if len(uploads) > most:
        raise ValidationError(_("%(field)s: paling banyak %(max)s berkas dalam satu kiriman, Anda memilih %(n)s. "
                                "Kirim yang terpenting saja; sisanya dapat dikirim ke petugas kemudian.") % {
            "field": field, "max": most, "n": len(uploads)})
    total = sum(getattr(u, "size", 0) or 0 for u in uploads)
    if total > settings.MAX_UPLOAD_TOTAL_BYTES:
        raise ValidationError(_("%(field)s: ukuran semua berkas %(size)s melebihi batas %(limit)s untuk satu kiriman. "
                                "Kurangi jumlah berkas atau perkecil ukurannya.") % {
            "field": field, "size": filesizeformat(total), "limit": filesizeformat(settings.MAX_UPLOAD_TOTAL_BYTES)})
    return [check_file(u, label=label, types=types) for u in uploads]


def sanitise_filename(name):
    """A display name that is safe anywhere: no path, no control or shell characters, bounded length."""
    name = unicodedata.normalize("NFKC", str(name or "")).replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._")
    name = re.sub(r"\.{2,}", ".", name)
    return (name or "berkas")[:100]


def _display_name(upload):
    return sanitise_filename(getattr(upload, "name", "") or "")


def mime_of(field_file):
    """Content type of a stored file, from its bytes (used when streaming it back)."""
    with field_file.open("rb") as fh:
        kind = filetype.guess(fh.read(262))
    return kind.mime if kind else "application/octet-stream"


# --- Images shown on pages: one resized copy beside the original --------------------------------------------

# A photo shown on a page is sent at a width that fits the page (the public portal's column is 60rem = 960 px)
# and at most this many bytes; the original stays untouched for staff to download.
WEB_IMAGE_WIDTH = 960
WEB_IMAGE_MAX_BYTES = 200 * 1000
# The widths a page may ask for (`?w=480` for a phone through <img srcset>); anything else gets the default.
WEB_IMAGE_WIDTHS = (480, WEB_IMAGE_WIDTH)


def web_width(value):
    """The copy width a request asks for (`request.GET.get("w")`), limited to WEB_IMAGE_WIDTHS."""
    return int(value) if value in {str(w) for w in WEB_IMAGE_WIDTHS} else WEB_IMAGE_WIDTH


def web_image(field_file, *, width=WEB_IMAGE_WIDTH, max_bytes=WEB_IMAGE_MAX_BYTES):
    """The copy of an uploaded image to show on a page: no wider than `width`, at most `max_bytes` (JPEG).

    Made once, on first use, and stored beside the original (`<name>.w960.jpg`), so every later visit streams
    the stored copy; an image that already fits is its own copy. Pass the result to `core.actions.stream`.
    """
    from django.db.models.fields.files import FieldFile
    from PIL import Image

    if not field_file:
        return field_file
    storage = field_file.storage
    name = f"{field_file.name}.w{width}.jpg"
    if storage.exists(name):
        return FieldFile(field_file.instance, field_file.field, name)
    try:
        if field_file.size <= max_bytes and _width_of(field_file) <= width:
            return field_file
        copy = _shrunk(field_file, width, max_bytes)
    except (OSError, ValueError, Image.DecompressionBombError):
        return field_file  # checked by content on upload; should Pillow still refuse it, the original is shown
    if not storage.exists(name):
        saved = storage.save(name, copy)
        if saved != name:  # another request made it meanwhile: keep one copy
            storage.delete(saved)
    return FieldFile(field_file.instance, field_file.field, name)


def _width_of(field_file):
    from PIL import Image

    with field_file.open("rb") as fh, Image.open(fh) as img:
        return img.width


def _shrunk(field_file, width, max_bytes):
    """JPEG bytes of the image at `width` (turned upright, transparency on white), lowering the quality and
    then the width until it fits `max_bytes`."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    with field_file.open("rb") as fh, Image.open(fh) as original:
        original.draft("RGB", (width, width * 4))  # JPEG: decode at a reduced scale, much faster
        img = ImageOps.exif_transpose(original)
        if img.mode in ("RGBA", "LA", "P"):
            img = img.convert("RGBA")
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        else:
            img = img.convert("RGB")
    while True:
        if img.width > width:
            img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
        for quality in (82, 72, 62, 52):
            out = io.BytesIO()
            img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            if out.tell() <= max_bytes:
                return ContentFile(out.getvalue())
        width = int(img.width * 0.8)


# --- Model validators (referenced by migrations: keep the names) ----------------------------------------------


def validate_image(upload):
    check_file(upload, label=gettext_lazy("Gambar"), types=IMAGE_TYPES)


def validate_pdf(upload):
    check_file(upload, label=gettext_lazy("PDF"), types=PDF)


def validate_document(upload):
    check_file(upload, label=gettext_lazy("Berkas"), types=DOCUMENT_TYPES)


# --- Form fields and API serializer field ---------------------------------------------------------------------


class UploadField(forms.FileField):
    def __init__(self, *args, types=SCAN_TYPES, max_bytes=None, **kwargs):
        self.types, self.max_bytes = types, max_bytes
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": _accept(types)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read"):
            check_file(upload, label=self.label, types=self.types, max_bytes=self.max_bytes)
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(forms.FileField):
    """Several files in one field: each checked, and the per-submission cap on count and total size."""

    def __init__(self, *args, types=SCAN_TYPES, **kwargs):
        self.types = types
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _accept(types)}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(d, initial) for d in data if d] if isinstance(data, (list, tuple)) else (
            [single(data, initial)] if data else [])
        check_files(files, label=self.label, types=self.types)
        return files


class UploadSerializerField(serializers.FileField):
    """The API's file field: the same check, the message under the field's name."""

    def __init__(self, *args, label_text, types=SCAN_TYPES, **kwargs):
        self.label_text, self.types = label_text, types
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            check_file(upload, label=self.label_text, types=self.types)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages)
        return upload
