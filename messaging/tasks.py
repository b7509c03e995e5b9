"""Background work: one task per message (retried with backoff by re-enqueueing it with run_after), and the
cron safety net `messaging_drain` that recovers messages a killed worker left and sends anything due."""

from django_tasks import task

from .services import outbound


@task()
def send_message(message_id):
    return outbound.deliver(message_id)


@task()
def drain():
    requeued, failed = outbound.recover_stale()
    sent = outbound.drain()
    from .services.polling import poll

    polled = poll()
    return {"requeued": requeued, "failed_stale": failed, "sent": sent, **polled}


@task()
def daily():
    from .services.reminders import no_contact_reminders, passport_reminders

    return {"passport": passport_reminders(), "no_contact": no_contact_reminders()}
