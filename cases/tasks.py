"""Background work (django-tasks: database backend by default, so `manage.py worker` needs no extra
infrastructure; RQ in a cluster): the daily digest, and the announcement of a complaint sent by the public form."""

from django.db import IntegrityError, transaction
from django_tasks import task

from . import services


@task()
def daily_digest():
    reminders, digests = services.run_daily()
    return {"reminders": reminders, "digests": digests}


@task()
def announce_complaint(case_id, actor_id=None):
    """Tell a new complaint's handlers (in the app and by e-mail) and send `complaint_received` (the family's
    receipt, staff alerts, webhooks), a moment after the public form answered. Once per case: the marker is
    written in the same transaction, so a second run (after a worker died) finds it and does nothing."""
    from accounts.models import User

    from .models import Case, ComplaintAnnouncement

    with transaction.atomic():
        case = Case.objects.select_related("village").filter(pk=case_id).first()
        if case is None:  # erased meanwhile
            return "gone"
        try:
            with transaction.atomic():
                ComplaintAnnouncement.objects.create(case=case)
        except IntegrityError:
            return "done before"
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        services.announce_complaint(case, actor)
    return "announced"
