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


@task()
def refresh_area_rollups(code):
    """Every village of a kecamatan, regency or province, on an officer's request (rollup.refresh_region)."""
    run = rollup.refresh_region(code)
    return {"rows": run.rows, "seconds": round(run.seconds, 3)}


@task()
def monthly_reports(year=None, month=None):
    """The art. 42(d) reports of the month before (cron on the first of each month: `reports_monthly`)."""
    from . import monthly

    if not (year and month):
        year, month = monthly.previous_month()
    return {"year": year, "month": month, "reports": len(monthly.generate(year, month))}
