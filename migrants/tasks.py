"""Background work: the daily upkeep of the registry runs as a django-tasks task (database backend by default,
so `manage.py db_worker` needs no extra infrastructure; RQ or another backend in production)."""

from django_tasks import task

from . import maintenance


@task()
def daily_maintenance():
    expired, purged = maintenance.run_daily()
    return {"expired_documents": expired, "purged_previews": purged}
