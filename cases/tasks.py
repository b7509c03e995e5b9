"""Background work: the daily digest runs as a django-tasks task (database backend by default, so
`manage.py db_worker` needs no extra infrastructure; RQ or another backend in production)."""

from django_tasks import task

from . import services


@task()
def daily_digest():
    reminders, digests = services.run_daily()
    return {"reminders": reminders, "digests": digests}
