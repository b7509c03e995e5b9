"""Settings of the domain apps (issues 16–20): region search and notices, privacy, the law, messaging, webhooks.
Imported at the end of payung.settings; every value comes from the environment with a safe default."""

from core.countries import MAIN_DESTINATIONS as _MAIN_DESTINATIONS
from core.countries import overrides as _country_overrides

from .environment import BASE_DIR, env  # noqa: F401

# --- reach (issue 17): region search and new-complaint notices -----------------------------------------
# The regency (Kemendagri code, e.g. 35.05) whose regions rank first in region searches after the visitor's
# own previous choice; empty: no home regency.
REGIONS_HOME_REGENCY = env("REGIONS_HOME_REGENCY", "")
# The daily digest lists complaints nobody has taken for more than this many working days.
CASES_UNTAKEN_WORKING_DAYS = int(env("CASES_UNTAKEN_WORKING_DAYS", "2"))
# Country names in Indonesian (CLDR via Babel; English mode keeps django-countries' names), the main
# destinations first on every country choice (core.countries).

COUNTRIES_OVERRIDE = _country_overrides()
COUNTRIES_FIRST = _MAIN_DESTINATIONS
COUNTRIES_FIRST_REPEAT = False

# --- privacy (issue 19): data-subject requests, retention, breaches (UU 27/2022) -----------------------------
# Hours to answer each request kind, counted from filing. 72 (3 x 24 h) where the law sets it: access art. 32(2);
# withdrawal of consent, correction and restriction also 3 x 24 h (see privacy/deadlines.py for the articles and
# which are confirmed); erasure and objection get the same 72 h by default (no period confirmed; the shorter is
# the safe reading). Override as "access=72,erasure=72".
PRIVACY_DEADLINE_HOURS = {
    kind: int(hours) for kind, _sep, hours in (
        item.partition("=") for item in env(
            "PRIVACY_DEADLINE_HOURS",
            "access=72,correction=72,erasure=72,restriction=72,withdrawal=72,objection=72").split(",") if item)
}
# Retention (privacy.retention, run nightly by `privacy_retention`): people whose only records are closed cases
# older than this many years (5: the civil limitation period for wage claims and the BP2MI case archive practice)
# and rejected/cancelled prospective registrations older than this many months (12: long enough for an appeal
# and a second attempt, short enough not to keep data for a placement that never happened) are erased.
PRIVACY_RETAIN_CLOSED_CASE_YEARS = int(env("PRIVACY_RETAIN_CLOSED_CASE_YEARS", "5"))
PRIVACY_RETAIN_REJECTED_REGISTRATION_MONTHS = int(env("PRIVACY_RETAIN_REJECTED_REGISTRATION_MONTHS", "12"))
# Per-process cache of opened data keys (core.crypto); an erasure in another process is seen within this time.
DATA_KEY_CACHE_SECONDS = int(env("DATA_KEY_CACHE_SECONDS", "30"))

# --- law (issue 16): the rule book as dated data (lawbook) ---------------------------------------------------------
# Seconds a process keeps the rules in memory before re-reading them (a change in this process is seen at once;
# one made by another process within this time). Open placements are re-evaluated in chunks of this many rows
# (read and evaluated without a lock), their changes written in short transactions by this many threads on
# PostgreSQL while the next chunk is evaluated, so the placement screens never wait on a long lock.
LAWBOOK_CACHE_SECONDS = int(env("LAWBOOK_CACHE_SECONDS", "30"))
LAWBOOK_REEVALUATE_CHUNK = int(env("LAWBOOK_REEVALUATE_CHUNK", "2000"))
LAWBOOK_REEVALUATE_WRITERS = int(env("LAWBOOK_REEVALUATE_WRITERS", "4"))

# --- Messaging: WhatsApp and SMS (issue 18) ----------------------------------------------------------------
# Gateways per channel. WhatsApp: "console" (development: the message is logged and kept in the database) or
# "whatsapp_cloud" (Meta's WhatsApp Business Cloud API). SMS: "console", "android_sms" (SMS Gateway for Android,
# local or cloud server) or "gammu" (Gammu SMSD's SQL tables). MESSAGING_CHANNEL: used when a consent names none.
MESSAGING_WHATSAPP_GATEWAY = env("MESSAGING_WHATSAPP_GATEWAY", "console")
MESSAGING_SMS_GATEWAY = env("MESSAGING_SMS_GATEWAY", "console")
MESSAGING_CHANNEL = env("MESSAGING_CHANNEL", "whatsapp")
MESSAGING_LANGUAGE = env("MESSAGING_LANGUAGE", "id")
MESSAGING_HTTP_TIMEOUT = float(env("MESSAGING_HTTP_TIMEOUT", "10"))
MESSAGING_WHATSAPP_API_URL = env("MESSAGING_WHATSAPP_API_URL", "https://graph.facebook.com")
MESSAGING_WHATSAPP_API_VERSION = env("MESSAGING_WHATSAPP_API_VERSION", "v21.0")
MESSAGING_WHATSAPP_PHONE_NUMBER_ID = env("MESSAGING_WHATSAPP_PHONE_NUMBER_ID")
MESSAGING_WHATSAPP_TOKEN = env("MESSAGING_WHATSAPP_TOKEN")
MESSAGING_WHATSAPP_APP_SECRET = env("MESSAGING_WHATSAPP_APP_SECRET")  # X-Hub-Signature-256 of webhooks
MESSAGING_WHATSAPP_VERIFY_TOKEN = env("MESSAGING_WHATSAPP_VERIFY_TOKEN")  # the webhook subscription check
MESSAGING_SMS_API_URL = env("MESSAGING_SMS_API_URL", "http://127.0.0.1:8080")
MESSAGING_SMS_USERNAME = env("MESSAGING_SMS_USERNAME", "sms")
MESSAGING_SMS_PASSWORD = env("MESSAGING_SMS_PASSWORD")
MESSAGING_SMS_WEBHOOK_KEY = env("MESSAGING_SMS_WEBHOOK_KEY")  # the app's webhook signing key
MESSAGING_GAMMU_DATABASE = env("MESSAGING_GAMMU_DATABASE", f"sqlite:///{BASE_DIR / 'var' / 'gammu-smsd.db'}")
# Retries: 60 s, 2 min, 4 min ... at most an hour apart, for as long as the gateway is down (issue 18: nothing is
# lost to an outage). A deployment may cap the attempts (a positive number): the message then fails with the reason.
MESSAGING_RETRY_BASE_SECONDS = int(env("MESSAGING_RETRY_BASE_SECONDS", "60"))
MESSAGING_RETRY_MAX_SECONDS = int(env("MESSAGING_RETRY_MAX_SECONDS", "3600"))
MESSAGING_MAX_ATTEMPTS = int(env("MESSAGING_MAX_ATTEMPTS", "0"))
# A message "sending" longer than this was left by a killed worker (messaging_drain recovers it).
MESSAGING_STALE_SECONDS = int(env("MESSAGING_STALE_SECONDS", "300"))
MESSAGING_COMPLAINTS_PER_DAY = int(env("MESSAGING_COMPLAINTS_PER_DAY", "5"))
MESSAGING_STATUS_PER_HOUR = int(env("MESSAGING_STATUS_PER_HOUR", "20"))
# Villages a typed village name is looked up in (a region code prefix, e.g. 35.05 for Kabupaten Blitar).
MESSAGING_AREA = env("MESSAGING_AREA", "")
# A worker abroad with no recorded contact for this many days: the family contact is asked for news.
MESSAGING_NO_CONTACT_DAYS = int(env("MESSAGING_NO_CONTACT_DAYS", "60"))

# --- opensid (issue 20): signed webhooks to other systems, monthly art. 42(d) reports -----------------------------
# A delivery is retried after 60 s, 2 min, 4 min ...; failed after this many attempts (then replayable by an admin).
WEBHOOKS_MAX_ATTEMPTS = int(env("WEBHOOKS_MAX_ATTEMPTS", "6"))
WEBHOOKS_BACKOFF_SECONDS = int(env("WEBHOOKS_BACKOFF_SECONDS", "60"))
WEBHOOKS_TIMEOUT_SECONDS = float(env("WEBHOOKS_TIMEOUT_SECONDS", "10"))
# A delivery "sending" longer than this was left by a killed worker (webhooks_recover sends it again).
WEBHOOKS_STALE_SECONDS = int(env("WEBHOOKS_STALE_SECONDS", "600"))
