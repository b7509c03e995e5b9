from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.demo import print_logins
from core.registry import app_modules
from regions.models import Region


class Command(BaseCommand):
    help = "Muat data demo Kabupaten Blitar (idempoten): akun, lalu data tiap modul."

    def handle(self, *args, **opts):
        if not Region.objects.filter(code="35.05.10.2002").exists():
            call_command("load_regions", stdout=self.stdout)
        for name, module in app_modules("demo"):
            self.stdout.write(f"[{name}]")
            module.load(self.stdout)
        print_logins(self.stdout)
