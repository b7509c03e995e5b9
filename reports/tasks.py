"""Background tasks (django-tasks: database worker by default, `manage.py db_worker`; RQ in production)."""

from django_tasks import task

from . import rollup


@task()
def rebuild_rollups():
    run = rollup.rebuild_all()
    return {"rows": run.rows, "seconds": round(run.seconds, 2)}


@task()
def refresh_village_rollups(code):
    run = rollup.refresh_village(code)
    return {"rows": run.rows, "seconds": round(run.seconds, 3)}
