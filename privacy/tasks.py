"""Background work of the privacy app (django-tasks, like cases.tasks)."""

from django_tasks import task

from . import services


@task()
def privacy_daily():
    """Escalate late requests to the district."""
    return {"escalated": services.escalate_late()}


@task()
def privacy_retention(dry_run: bool = True):
    report = services.run_retention(dry_run=dry_run)
    return {"dry_run": dry_run, "erased": len(report.erased), "held": len(report.held),
            "by_rule": {rule: len(ids) for rule, ids in report.by_rule.items()}}
