"""`manage.py messaging_drain [--enqueue]`: recover messages a killed worker left, send what is due, read
Gammu's inbox and delivery reports. Cron runs it every minute or few (README operations table)."""

from django.core.management.base import BaseCommand

from messaging import tasks


class Command(BaseCommand):
    help = "Kirim pesan WhatsApp/SMS yang antre dan baca pesan masuk dari Gammu."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean tugas latar saja.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.drain.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(str(tasks.drain.call()))
