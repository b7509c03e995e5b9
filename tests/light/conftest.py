"""A server that answers as production does, and a way to count what a first visit transfers.

`production_server` serves the app without the test runner's static handler: WhiteNoise answers from a
STATIC_ROOT that `collectstatic` filled with hashed, gzip- and brotli-compressed files (core.staticfiles), the
way `manage.py collectstatic` + gunicorn serve it. `first_visit(page, url)` sums the bytes Chromium received
over the wire (headers and compressed bodies, `Network.loadingFinished.encodedDataLength`) for a page with an
empty cache, until the network is idle.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings

# Folders no measured page links (the API's documentation bundles, DRF's browsable API, the admin, flag images,
# the boundary sources that build_map_geometry reads): left out to keep the collect short; everything a page
# links is collected and compressed exactly as in production.
NOT_LINKED = ["drf_spectacular_sidecar", "rest_framework", "admin", "flags", "django_htmx",
              "*.geojson"]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=NOT_LINKED)
    assert (root / "staticfiles.json").exists()
    return root


@pytest.fixture
def production_server(collected_static, transactional_db, settings):
    """A live server without Django's static handler: WhiteNoise over the collected files."""
    from django.db import connections
    from django.test.testcases import LiveServerThread

    settings.STATIC_ROOT = collected_static
    settings.DEBUG = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "localhost"]
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    thread = LiveServerThread("127.0.0.1", static_handler=lambda handler: handler, connections_override=shared)
    thread.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error

    class Server:
        url = f"http://127.0.0.1:{thread.port}"

    yield Server
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


class Wire:
    """Bytes and requests Chromium received for one page, from its DevTools network events."""

    def __init__(self, page):
        self.bytes = 0
        self.requests = []
        self._urls = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")  # a first visit: nothing cached from signing in
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        self.cdp = cdp

    def _sent(self, event):
        self._urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        size = int(event["encodedDataLength"])
        self.bytes += size
        self.requests.append((self._urls.get(event["requestId"], "?"), size))

    def report(self):
        return "\n".join(f"  {size:>8}  {url}" for url, size in sorted(self.requests, key=lambda r: -r[1]))


@pytest.fixture
def first_visit():
    def visit(page, url):
        wire = Wire(page)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return wire

    return visit
