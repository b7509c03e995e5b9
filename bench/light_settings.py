"""Settings for bench/light_bench.py: production settings with the complaint throttle and the anti-bot timing
lifted (the bench measures the server, not the limits), plain-HTTP cookies on 127.0.0.1."""

from payung.settings import *  # noqa: F403

CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 10**9
CASES_FORM_MIN_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
