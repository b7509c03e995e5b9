"""Background work: one task per delivery (retried with backoff by re-enqueueing it with run_after), and the
cron safety net `webhooks_recover` for deliveries a killed worker left."""

from django_tasks import task

from . import services


@task()
def deliver_webhook(delivery_id):
    return services.deliver(delivery_id)


@task()
def recover():
    return {"requeued": services.recover_stale()}
