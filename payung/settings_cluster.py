"""Settings for more than one machine (issue 21): tasks on Redis, reads from a replica, private files in a bucket,
the shared cache and sessions. Imported by payung.settings, which merges the values below into its lists
(INSTALLED_APPS, MIDDLEWARE, DATABASES, STORAGES, TASKS). Every setting defaults to one host with nothing else
running (`make run`); README "Production" explains the cluster. Several web nodes share: the database (primary +
optional replica), Redis (tasks, cache), and private files in an S3-compatible bucket."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .environment import env, env_list

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")

# --- Tasks ---------------------------------------------------------------------------------------------------
# Database-backed by default (no extra infrastructure); `manage.py worker` runs it. TASKS_BACKEND: "database"
# (django_tasks_db) or "rq" (Redis + RQ through django-tasks-rq; the same `manage.py worker` runs an RQ worker);
# a full backend path is accepted as well.
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "core.tasks_rq.RQBackend"}
_task_backend = env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_task_backend, _task_backend)}}
# A task RUNNING longer than this was left by a killed worker: `manage.py recover_tasks` (cron) and the start
# of `manage.py worker` put it back in the queue once, then mark it failed. Per task (by import path) below.
TASK_STALE_AFTER_SECONDS = int(env("TASK_STALE_AFTER_SECONDS", str(30 * 60)))
TASK_STALE_AFTER_SECONDS_BY_TASK = {"reports.tasks.rebuild_rollups": 3 * 3600}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": TASK_STALE_AFTER_SECONDS}}
# A job whose worker died is run again this many times (RQ's own retry); tasks are idempotent.
TASK_RQ_RETRIES = int(env("TASK_RQ_RETRIES", "1"))
# rq.Worker forks a child per job (a crash takes only the child); rq.worker.SimpleWorker runs jobs in-process.
TASK_RQ_WORKER_CLASS = env("TASK_RQ_WORKER_CLASS", "rq.Worker")

# --- Reads from a streaming replica (core.dbrouter): report, dashboard, open-data and export reads go there ----
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
# Whether the router may send reads there at all (the tests that start a replica switch it on for themselves).
REPLICA_READS = bool(DATABASE_REPLICA_URL)
REPLICA_DATABASE = None
if DATABASE_REPLICA_URL:
    REPLICA_DATABASE = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(env("CONN_MAX_AGE", "60")), conn_health_checks=True)
    # Tests never create a second test database for it: it mirrors the primary's.
    REPLICA_DATABASE["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.dbrouter.ReplicaRouter"]
# Beyond this many seconds of replay lag (or when it does not answer) reads stay on the primary (logged).
REPLICA_MAX_LAG_SECONDS = float(env("REPLICA_MAX_LAG_SECONDS", "30"))
# How long a request's write keeps the same browser's reads on the primary (read-your-writes across requests).
REPLICA_PIN_SECONDS = int(env("REPLICA_PIN_SECONDS", "10"))
REPLICA_CHECK_SECONDS = float(env("REPLICA_CHECK_SECONDS", "5"))
# GET views whose reads the replica serves ("namespace:*" for all of an app's views); `?export=` lists too.
REPLICA_READ_VIEWS = env_list("REPLICA_READ_VIEWS", "reports:*,maps:public_data,maps:data")

# --- Private files (scans, attachments, import previews) -------------------------------------------------------
# "local" (PRIVATE_MEDIA_ROOT) or "s3" (an S3-compatible bucket via django-storages). Never a public URL: files
# are streamed by permission-checked views.
PRIVATE_STORAGE = env("PRIVATE_STORAGE", "local")
if PRIVATE_STORAGE == "s3":
    PRIVATE_STORAGE_BACKEND = {
        "BACKEND": "core.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET", "payung-private"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION", "us-east-1"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
elif PRIVATE_STORAGE == "local":
    PRIVATE_STORAGE_BACKEND = {"BACKEND": "core.storage.PrivateStorage"}
else:
    raise ImproperlyConfigured(f"PRIVATE_STORAGE={PRIVATE_STORAGE!r}: use local or s3")

# --- Cache and sessions shared by every node: "database" (a table, no server) or "redis" ----------------------
CACHE_BACKEND = env("CACHE_BACKEND", "database")
if CACHE_BACKEND == "redis":
    # Django's RedisCache keeping its client object (core.cache).
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}}
elif CACHE_BACKEND == "database":
    # Django's database cache writing an entry in one statement (core.cache).
    # Room for every signed-in user's two entries (user, menu) beside the dashboards': Django's default of 300
    # entries would start evicting dashboards at about 150 users (CACHE_MAX_ENTRIES; expired entries go first).
    CACHES = {"default": {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "payung_cache",
                          "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "200000"))}}}
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND={CACHE_BACKEND!r}: use database or redis")
# Sessions in the database (read through Redis when it is the cache): a sign-in on one node holds on every node.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if CACHE_BACKEND == "redis"
                  else "django.contrib.sessions.backends.db")
# The signed-in user and their memberships (accounts.usercache) and their menu (core.navcache) are kept in that
# cache until one of them changes; this bounds how long a kept menu lives (0: the menu is computed on every page).
NAV_CACHE_SECONDS = int(env("NAV_CACHE_SECONDS", "300"))
# Load tests lift the public complaint throttle (cases.services.public_limit); production keeps 5 an hour.
CASES_PUBLIC_SUBMISSIONS_PER_HOUR = int(env("CASES_PUBLIC_SUBMISSIONS_PER_HOUR", "5"))
