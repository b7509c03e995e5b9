"""What a village newly added to Payung gets from village services (core.registry, the onboarding app): its copy
of the default services (SOPs) and letter types, and its first letterhead."""

from django.utils.translation import gettext as _

from .models import Letterhead, LetterType, Service
from .services import copy_default_catalogue


def setup_village(actor, village, *, address="", contact="", **_details):
    # The letters' signer is the kepala desa who signs (issue 22.2): invite them with the "Kepala desa" role.
    made = copy_default_catalogue(actor, village, address=address, contact=contact)
    return [_("%(services)d layanan (SOP), %(types)d jenis surat dan %(letterhead)d kop surat bawaan disalin.")
            % {"services": made["services"], "types": made["letter_types"], "letterhead": made["letterhead"]}]


def village_status(village):
    services = Service.objects.filter(village=village).count()
    types = LetterType.objects.filter(village=village).count()
    letterhead = Letterhead.objects.filter(village=village).exists()
    return [_("Katalog layanan: %(services)d layanan, %(types)d jenis surat; kop surat: %(letterhead)s.")
            % {"services": services, "types": types, "letterhead": _("ada") if letterhead else _("belum ada")}]
