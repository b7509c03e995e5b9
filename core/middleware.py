import json
import logging

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

logger = logging.getLogger("payung.keys")


def chosen_language(request):
    """The language cookie if it names one of ours, else Indonesian."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose otherwise (language cookie): the browser's Accept-Language
    is ignored, because most phones here report English while their users read Indonesian."""

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class DatabaseUnavailableMiddleware:
    """During a database outage every answer is the Indonesian 503 page (JSON for the API) with Retry-After.

    Placed above the session middleware: the connection is opened first (no-op when one is open), so an
    unreachable database is answered before the session, user, context processors or view touch it. A failure
    later in the request reaches `process_exception` (view, template) or the outage-aware handler500
    (`core.views.server_error`: a failure inside another middleware); anything still escaping is caught here.
    None of these paths reads the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        from .views import DATABASE_OUTAGE_ERRORS

        try:
            connection.ensure_connection()
            return self.get_response(request)
        except DATABASE_OUTAGE_ERRORS as exc:
            return self._answer(request, exc)

    def process_exception(self, request, exception):
        from .views import DATABASE_OUTAGE_ERRORS

        if isinstance(exception, DATABASE_OUTAGE_ERRORS):
            return self._answer(request, exception)
        return None

    @staticmethod
    def _answer(request, exc):
        from .views import database_unavailable

        logging.getLogger("payung.database").error("Database unavailable on %s %s: %s", request.method,
                                                   request.path, exc)
        return database_unavailable(request)


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class RejectNulMiddleware:
    """A NUL byte in the path, query string, form body or JSON body answers 400 before any view runs.

    No text in Payung legitimately holds NUL, and PostgreSQL refuses it in every string ("A string literal
    cannot contain NUL"), which a view would otherwise turn into a 500. Placed after the locale middleware so
    the page is in the user's language; the API gets JSON (core.views.error_response)."""

    JSON_TYPES = ("application/json",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            from django.utils.translation import gettext as _

            from .views import error_response

            return error_response(request, 400, _("Permintaan tidak valid"),
                                  _("Alamat atau isian memuat karakter NUL (\\0) yang tidak diizinkan. "
                                    "Hapus karakter itu lalu kirim lagi."))
        return self.get_response(request)

    def _carries_nul(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            return True
        if self._pairs_have_nul(request.GET):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.content_type or ""
        if content_type.startswith(self.JSON_TYPES) or content_type.endswith("+json"):
            try:
                body = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return b"\x00" in request.body  # malformed JSON is the API's 400 to give, unless it holds NUL
            return _has_nul(body)
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            if self._pairs_have_nul(request.POST):
                return True
            return any(_has_nul(f.name) for _key, files in request.FILES.lists() for f in files)
        return False

    @staticmethod
    def _pairs_have_nul(querydict):
        return any(_has_nul(key) or _has_nul(values) for key, values in querydict.lists())


class EncryptionKeyErrorMiddleware:
    """Any view or template that meets a value the configured keys cannot decrypt answers with the Indonesian
    key-problem page (status 500: a server misconfiguration that retrying does not cure) and one log line,
    never with blanks in place of the data (core.crypto.DecryptionError)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .crypto import DecryptionError

        if not isinstance(exception, DecryptionError):
            return None
        logger.error("Encryption key problem on %s %s: %s", request.method, request.path, exception)
        from .views import key_problem

        return key_problem(request)


class CompressTextMiddleware:
    """Pages, JSON and feeds leave gzip-compressed (a dashboard's HTML shrinks from ~80 KB to ~13 KB on a phone's
    link); static files come compressed from WhiteNoise above this, and stored files (PDFs, photos) are sent as
    they are. Django's GZipMiddleware rules (short answers and already-encoded ones left alone, Vary, weak ETag)
    with its BREACH mitigation (random bytes in the gzip header per response), at a cheap level
    (settings.GZIP_LEVEL, 2 by default): Django's fixed level 6 takes three times the CPU on every page for ~15 %
    fewer bytes. Streaming answers go through Django's own middleware."""

    TEXT = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml",
            "application/javascript", "application/geo+json")
    MAX_RANDOM_BYTES = 100  # as Django's GZipMiddleware

    def __init__(self, get_response):
        from django.middleware.gzip import GZipMiddleware

        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)
        self.level = getattr(settings, "GZIP_LEVEL", 2)

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith(self.TEXT) and not response.has_header("Content-Disposition"):
            if response.streaming:
                return self.gzip.process_response(request, response)
            return self.compress(request, response)
        return response

    def compress(self, request, response):
        from django.middleware.gzip import re_accepts_gzip
        from django.utils.cache import patch_vary_headers

        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = _gzip(response.content, self.level, self.MAX_RANDOM_BYTES)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


def _gzip(data, level, max_random_bytes):
    """gzip `data` at `level` with a file name of a random length (0..max_random_bytes - 1) in the header, as
    Django's django.utils.text.compress_string does at level 6: the length of the answer varies per response."""
    import gzip
    import secrets

    body = memoryview(gzip.compress(data, compresslevel=level, mtime=0))
    header = bytearray(body[:10])
    header[3] = gzip.FNAME
    return bytes(header) + b"a" * secrets.randbelow(max_random_bytes) + b"\x00" + body[10:]
