"""Background work: the daily upkeep of the registry runs as a django-tasks task (database backend by default,
so `manage.py db_worker` needs no extra infrastructure; RQ or another backend in production)."""

from django_tasks import task

from . import maintenance


@task()
def daily_maintenance():
    expired, purged = maintenance.run_daily()
    return {"expired_documents": expired, "purged_previews": purged}


@task()
def reevaluate_placements(rule_id=None, actor_id=None):
    """After a change of law (lawbook.signals.rule_changed): re-evaluate the open placements it touches."""
    from accounts.models import User
    from lawbook.models import Rule

    from . import reevaluation

    rule = Rule.objects.filter(pk=rule_id).first() if rule_id else None
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return reevaluation.reevaluate(rule, actor=actor)
