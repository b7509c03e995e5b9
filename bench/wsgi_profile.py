"""Where a gunicorn node's CPU goes (issue 21.6): Payung's WSGI application wrapped to measure, per request,
the CPU its thread spends inside Django (time.thread_time), and optionally a cProfile of it.

    gunicorn wsgi_profile:application --pythonpath bench ...      (WSGI_PROFILE_DIR=var/prof, WSGI_CPROFILE=1)

Each worker writes `<dir>/<pid>.json` (requests, CPU seconds inside the application) and, with WSGI_CPROFILE=1,
`<dir>/<pid>-<thread>.prof` every 100 requests. bench/cluster.py compares the first with the node's whole CPU
(from /proc): the difference is what the HTTP server costs around Django. Only for benchmarks: production
serves payung.wsgi.
"""

import cProfile
import json
import os
import threading
import time
from pathlib import Path

from payung.wsgi import application as django_application

DIRECTORY = Path(os.environ.get("WSGI_PROFILE_DIR", "var/prof"))
DIRECTORY.mkdir(parents=True, exist_ok=True)
PROFILE = os.environ.get("WSGI_CPROFILE") == "1"
_lock = threading.Lock()
_totals = {"requests": 0, "cpu_seconds": 0.0}
_local = threading.local()


def _write(pid):
    partial = DIRECTORY / f"{pid}.json.part"  # renamed into place: a reader never sees half a file
    partial.write_text(json.dumps(_totals))
    partial.replace(DIRECTORY / f"{pid}.json")


def application(environ, start_response):
    profile = None
    if PROFILE:
        profile = getattr(_local, "profile", None)
        if profile is None:
            profile = _local.profile = cProfile.Profile()
            _local.count = 0
        profile.enable()
    began = time.thread_time()
    try:
        # The body is consumed (and the response closed: Django's request_finished) here, so their CPU counts.
        response = django_application(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            if hasattr(response, "close"):
                response.close()
    finally:
        used = time.thread_time() - began
        if profile is not None:
            profile.disable()
            _local.count += 1
            if _local.count % 100 == 0:
                profile.dump_stats(DIRECTORY / f"{os.getpid()}-{threading.get_ident()}.prof")
        with _lock:
            _totals["requests"] += 1
            _totals["cpu_seconds"] += used
            if _totals["requests"] % 50 == 0:
                _write(os.getpid())
    return [body]
