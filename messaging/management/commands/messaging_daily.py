"""`manage.py messaging_daily [--enqueue]`: the daily reminders (passport lapsing within 6 months after
departure; no recorded contact with a worker abroad for MESSAGING_NO_CONTACT_DAYS days)."""

from django.core.management.base import BaseCommand

from messaging import tasks


class Command(BaseCommand):
    help = "Pengingat harian lewat WhatsApp/SMS: paspor dan pemantauan tanpa kabar."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean tugas latar saja.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            self.stdout.write(f"enqueued {tasks.daily.enqueue().id}")
            return
        self.stdout.write(str(tasks.daily.call()))
