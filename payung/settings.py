"""Payung settings: everything comes from environment variables with safe defaults.

Development default: SQLite in the project folder, DEBUG off unless DEBUG=true.
Production: DATABASE_URL=postgres://..., SECRET_KEY, FIELD_ENCRYPTION_KEYS, ALLOWED_HOSTS,
SECURE_SSL_REDIRECT=true behind a TLS-terminating reverse proxy (see README).
"""

import ipaddress
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .environment import BASE_DIR, FALSE_WORDS, TRUE_WORDS, env, env_bool, env_list  # noqa: F401

# The development keys committed here. `check --deploy` reports an error while any of them is in use
# (core.checks.check_development_keys): anyone with this repository could decrypt or forge with them.
DEVELOPMENT_KEYS = {
    "SECRET_KEY": "django-insecure-payung-development-key-change-me-in-production",
    "FIELD_ENCRYPTION_KEYS": "u0b3kL4a5m2bX6S1mJH6vXWQ6m3fQ2cP1v5xE8dVb9k=",
    "FIELD_HASH_KEY": "payung-development-hash-key",
}

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    # A fixed development key; production sets SECRET_KEY (check --deploy reports it).
    SECRET_KEY = DEVELOPMENT_KEYS["SECRET_KEY"]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Electronic signature of issued letters (village_services.signing): the provider class, and for the local-key
# provider the village office's Ed25519 private key (PEM). The default records the signed PDF's hash only.
LETTER_SIGNATURE_PROVIDER = env("LETTER_SIGNATURE_PROVIDER", "village_services.signing.HashOnlyProvider")
LETTER_SIGNING_KEY_FILE = env("LETTER_SIGNING_KEY_FILE")

INSTALLED_APPS = [
    # The admin with audited deletes (audit.admin_site): every ModelAdmin writes DELETE entries.
    "audit.admin_site.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates for core.forms.FormRenderer (TemplatesSetting)
    "django.contrib.syndication",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    # Permissions: every app declares its actions in rules.py (accounts.permissions explains the rule).
    "rules.apps.AutodiscoverRulesConfig",
    # Payung apps: the order is the order of demo loading and of home-page figures.
    "core",
    "regions",
    "accounts",
    "audit",
    "onboarding",
    "lawbook",
    "people",
    "migrants",
    "cases",
    "village_services",
    "empowerment",
    "community",
    "governance",
    "privacy",
    "reports",
    "maps",
    "portal",
    "messaging",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON leave gzip-compressed (light pages, issue 17.4) at GZIP_LEVEL; static files are already
    # compressed above.
    "core.middleware.CompressTextMiddleware",
    # Above everything that reads the database (session, user): an outage answers the Indonesian 503 page.
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.IndonesianFirstLocaleMiddleware",
    # Before any view or middleware that queries the database: NUL in a URL or body is a 400, not a 500.
    "core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An administrator-set password must be replaced before anything else.
    "accounts.middleware.MustChangePasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Undecryptable personal data (a key problem) answers with the Indonesian key-problem page.
    "core.middleware.EncryptionKeyErrorMiddleware",
    # Axes last: it reads the authentication result of the views above it.
    "axes.middleware.AxesMiddleware",
]

# zlib level of compressed pages (core.middleware.CompressTextMiddleware): 2 costs a third of Django's fixed 6 in
# CPU on every page for ~15 % more bytes.
GZIP_LEVEL = int(env("GZIP_LEVEL", "2"))

ROOT_URLCONF = "payung.urls"
WSGI_APPLICATION = "payung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.payung",
            ],
        },
    },
]

# Every form renders one way: Bootstrap classes, error summary, marked fields (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS",
                                                                                  False):
    # Parameters bound by the server and a statement prepared on its first run in a connection (psycopg's
    # prepare_threshold): PostgreSQL parses and plans each repeated statement once per connection instead of on
    # every run (a public complaint submit: ~6.5 -> ~4.7 ms of database CPU, bench/submit_profile.py). Off by
    # default: behind PgBouncer in transaction mode it needs PgBouncer >= 1.21 with max_prepared_statements set.
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "server_side_binding": True,
                                       "prepare_threshold": 1}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a task worker at once: WAL + IMMEDIATE avoid "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and login hardening ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's password check with the signed-in user and their memberships read from the shared cache
# (accounts.usercache) last; django-axes' lock-out check first, as it needs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.PayungModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# People type their password into the username box: axes stores, locks and logs a keyed fingerprint of the
# typed username only (the audit log's failed-login entries use the same one).
AXES_USERNAME_CALLABLE = "accounts.services.axes_username"
# API tokens (accounts.ApiToken) expire this many days after they are created.
API_TOKEN_TTL_DAYS = int(env("API_TOKEN_TTL_DAYS", "30"))

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies (IPs or CIDR networks) whose X-Forwarded-For is believed (core.throttle.client_ip): the
# throttle, the audit log and the login lock-out key on the client address. Behind the README's nginx on the
# same host, loopback is the proxy.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1" if env_bool("BEHIND_PROXY", False) else "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise RuntimeError(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or CIDR network (e.g. 10.0.0.0/24)")
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_ip"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from this site: no inline <script>, no on*= handlers, no style="" (templates use
# static files and classes; htmx runs with includeIndicatorStyles off, see base.html). data: images are for
# Bootstrap's CSS icons and the letterhead logo preview. django-csp rather than a hand-written middleware:
# maintained, and per-view relaxations (the API docs) are one decorator.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Personal data encryption (UU 27/2022) -----------------------------------------------------
# Comma-separated Fernet keys, newest first; kept apart from SECRET_KEY so a leaked settings file or
# dump alone does not reveal NIK/KK. Old keys stay listed until `manage.py rotate_encryption_keys`.
FIELD_ENCRYPTION_KEYS = env_list(
    "FIELD_ENCRYPTION_KEYS",
    # Development-only key; production must set its own (check --deploy reports it).
    DEVELOPMENT_KEYS["FIELD_ENCRYPTION_KEYS"],
)
# Key for the keyed hash (HMAC) used for exact NIK/KK lookup and uniqueness.
FIELD_HASH_KEY = env("FIELD_HASH_KEY", DEVELOPMENT_KEYS["FIELD_HASH_KEY"])

# --- i18n: Indonesian first ----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["payung.formats"]

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `collectstatic` always writes hashed, gzip- and brotli-compressed files that WhiteNoise serves cached for a
    # year; before it has run, plain names are served from the source folders (core/staticfiles.py).
    "staticfiles": {"BACKEND": "core.staticfiles.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
# Uploaded personal documents live outside the web root and are streamed by views that check scope.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/media-not-served/"
MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Per submission (a complaint with its attachments): how many files and how many bytes together (core.uploads).
MAX_UPLOADS_PER_SUBMISSION = int(env("MAX_UPLOADS_PER_SUBMISSION", "5"))
MAX_UPLOAD_TOTAL_BYTES = int(env("MAX_UPLOAD_TOTAL_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Payung <noreply@payung.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Payung's expiring, revocable, hashed tokens (accounts.authentication explains why not authtoken).
        # First, so a refused or missing token answers 401 with `WWW-Authenticate: Token` (DRF takes the
        # header from the first class; the session class has none and would turn it into 403).
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.PayungAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Payung API",
    "DESCRIPTION": "Pelindungan Pekerja Migran Indonesia berbasis desa",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from the sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps have a "status"/"stage" choice set; name each one after its domain.
    "ENUM_NAME_OVERRIDES": {
        "PlacementStatusEnum": "migrants.models.Status",
        "CaseStatusEnum": "cases.models.Status",
        "PublicationStatusEnum": "portal.models.Status",
        "LetterStatusEnum": "village_services.models.LetterStatus",
        "RegulationStageEnum": "governance.models.Stage",
        "PlacementSectorEnum": "migrants.models.Sector",
        "EnterpriseSectorEnum": "empowerment.models.Sector",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Beyond one machine (issue 21): tasks, replica, private storage, cache and sessions ---------------------
from .settings_cluster import *  # noqa: E402, F403
from .settings_cluster import PRIVATE_STORAGE_BACKEND, REPLICA_DATABASE  # noqa: E402

INSTALLED_APPS.append("django_rq")
if REPLICA_DATABASE:
    DATABASES["replica"] = REPLICA_DATABASE
MIDDLEWARE.insert(MIDDLEWARE.index("core.middleware.DatabaseUnavailableMiddleware") + 1,
                  "core.dbrouter.PrimaryAfterWriteMiddleware")
# FileFields without a storage of their own (attachments, photos, regulations) are private too.
STORAGES["private"] = STORAGES["default"] = PRIVATE_STORAGE_BACKEND

from .settings_domain import *  # noqa: E402, F403  (the domain apps' settings)
