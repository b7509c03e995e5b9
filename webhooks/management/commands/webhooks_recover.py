from django.core.management.base import BaseCommand

from webhooks import services, tasks


class Command(BaseCommand):
    help = "Send again the webhook deliveries a killed worker left (cron, every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Run it in the background worker.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.recover.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(f"requeued {services.recover_stale()}")
