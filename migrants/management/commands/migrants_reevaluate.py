from django.core.management.base import BaseCommand, CommandError

from migrants import reevaluation
from migrants.tasks import reevaluate_placements


class Command(BaseCommand):
    help = ("Evaluasi ulang tanda risiko semua penempatan terbuka (belum berangkat atau di luar negeri) menurut "
            "dasar hukum yang berlaku. --rule ID: hanya penempatan yang dapat disentuh aturan itu. --enqueue: "
            "dimasukkan ke antrean tugas untuk worker.")

    def add_arguments(self, parser):
        parser.add_argument("--rule", type=int, help="ID aturan (lawbook) yang berubah.")
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean, jangan jalankan di sini.")

    def handle(self, *args, **options):
        from lawbook.models import Rule

        rule = None
        if options["rule"]:
            rule = Rule.objects.filter(pk=options["rule"]).first()
            if rule is None:
                raise CommandError(f"Aturan {options['rule']} tidak ada.")
        if options["enqueue"]:
            result = reevaluate_placements.enqueue(rule_id=options["rule"])
            self.stdout.write(f"Diantrekan: {result.id}")
            return
        totals = reevaluation.reevaluate(rule)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in totals.items()))
