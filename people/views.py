from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from core import throttle
from core.actions import render_form, run_action
from core.exports import export_response
from core.filters import CappedPaginator, filter_list
from core.mixins import get_visible_or_404

from . import exports, services
from .filters import PersonFilter
from .forms import DuplicateCheckForm, DuplicateConfirmForm, FamilyContactForm, PersonForm
from .models import Person, Sex


def filtered_people(request):
    qs = Person.objects.visible_to(request.user).select_related("village")
    # Newest first: the name is sealed, the database cannot sort by it. The placement counts are read for the rows
    # shown (placement_counts), not annotated here: a GROUP BY over the list made its count group every person in
    # scope (a national "warga" search: 25-33 s, load 11-15).
    return filter_list(request, PersonFilter, qs.order_by("-created_at", "-id"),
                       paginator_class=CappedPaginator)


def placement_counts(people):
    """Set `placement_count` on each of `people` (a page) with one grouped query."""
    counts = dict(Person.objects.filter(pk__in=[p.pk for p in people]).annotate(n=Count("placements"))
                  .values_list("pk", "n"))
    for person in people:
        person.placement_count = counts.get(person.pk, 0)


@login_required
def person_list(request):
    listing = filtered_people(request)
    if listing.export_format:
        return listing.invalid_response() or export_people(request, listing.qs, listing.export_format,
                                                           filters=listing.active_filters())
    placement_counts(listing.page.object_list)
    return render(request, "people/person_list.html", {
        "page": listing.page, "sexes": Sex.choices, "total": listing.total, "exact": listing.page.paginator.exact,
        "cap": listing.page.paginator.cap,
        "can_edit": has_perm(request.user, "people.register_person"),
    }, status=listing.status)


def export_people(request, qs, fmt, filters=None):
    """The import's person columns with each record's ID (people.exports): edit the file and import it again."""
    whole = exports.wants_whole_nik(request)
    reveal = exports.reveal_checker(request.user, whole)
    headers = ["ID warga", *exports.person_headers(), _("Jumlah penempatan")]  # headers the import reads
    qs = qs.annotate(placement_count=Count("placements"))
    rows = ([p.pk, *exports.person_cells(p, reveal), p.placement_count] for p in qs.iterator(chunk_size=2000))
    description = _("Daftar warga")
    if whole and any(reveal(code) for code in qs.order_by().values_list("village_id", flat=True).distinct()):
        description = f"{description} ({_('NIK lengkap')})"
    return export_response(request, headers=headers, rows=rows, fmt=fmt, name="warga", queryset=qs,
                           object_type="people.person", description=description, filters=filters)


@login_required
def person_create(request):
    require_perm(request.user, "people.register_person")
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        confirm = DuplicateConfirmForm(request.POST)
        if form.duplicates and not (confirm.is_valid() and confirm.cleaned_data["confirm_duplicate"]):
            form.needs_confirmation = True
            # Nothing was written: the page asks again, now with the check box (a question, not an error).
            return render_form(request, form, title=_("Daftarkan warga"), cancel_url=reverse("people:list"),
                               template="people/person_form.html", confirm_form=DuplicateConfirmForm())
        elif person := run_action(form, services.register_person, request.user, request=request,
                                  family_contact=form.family_contact(), **form.cleaned_data):
            for warning in form.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Warga %(name)s tersimpan.") % {"name": person.name})
            if request.POST.get("then") == "placement":
                return redirect(reverse("migrants:create") + f"?person={person.pk}")
            return redirect(person)
    return render_form(request, form, title=_("Daftarkan warga"), cancel_url=reverse("people:list"),
                       template="people/person_form.html")


@login_required
def person_edit(request, pk):
    person = get_visible_or_404(Person, request.user, pk=pk)
    require_perm(request.user, "people.edit_person", person)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.update_person, request.user, Person.objects.get(pk=pk), request=request,
                      **form.cleaned_data):
            for warning in form.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("people:detail", pk=pk)
    return render_form(request, form, title=_("Ubah data warga"), cancel_url=person.get_absolute_url(),
                       template="people/person_form.html", person=person)


def check_rate():
    """(look-ups, seconds) one user may make on /warga/cek/: registering a busy village's residents fits, combing
    the register for NIKs does not."""
    return getattr(settings, "PEOPLE_CHECK_RATE", (120, 3600))


@login_required
def person_check(request):
    """HTMX inline check while a person is typed in: NIK errors name the wrong part, warnings don't block, and
    duplicates are named only inside the user's area (services.lookup_duplicates). Throttled per user, each
    look-up audited."""
    require_perm(request.user, "people.check_duplicate")
    form = DuplicateCheckForm(request.GET, user=request.user)
    form.is_valid()
    data = form.cleaned_data
    context = {"nik_errors": form.errors.get("nik", []) if form.data.get("nik") else [], "warnings": [],
               "check": None}
    if data.get("nik") or (data.get("name") and data.get("birth_date")):
        limit, window = check_rate()
        decision = throttle.hit("people-check", f"user:{request.user.pk}", limit=limit, window=window)
        if not decision.allowed:
            return throttle.throttled_response(request, decision, message=_(
                "Terlalu banyak pemeriksaan data warga dalam waktu singkat."))
        check = services.lookup_duplicates(
            request.user, nik=data.get("nik", ""), name=data.get("name", ""), birth_date=data.get("birth_date"),
            sex=data.get("sex") or None, village_code=data.get("village") or None, exclude_pk=data.get("pk"),
            request=request)
        context.update(warnings=check.warnings, check=check, duplicates=check.duplicates,
                       elsewhere=services.elsewhere_nik_message(request.user) if check.nik_elsewhere else "")
    return render(request, "people/_nik_check.html", context)


def timeline(person, placements):
    events = [(person.created_at.date(), _("Terdaftar sebagai warga"), "")]
    for p in placements:
        label = str(p.destination_country.name) if p.destination_country else _("negara belum diisi")
        events.append((p.created_at.date(), _("Penempatan dicatat: %(c)s") % {"c": label}, p.get_absolute_url()))
        if p.verified_at:
            events.append((p.verified_at.date(), _("Diverifikasi desa"), p.get_absolute_url()))
        if p.departure_date and p.status not in ("interest", "verified", "process", "ready", "failed", "cancelled"):
            events.append((p.departure_date, _("Berangkat ke %(c)s") % {"c": label}, p.get_absolute_url()))
        if p.contract_end:
            events.append((p.contract_end, _("Akhir kontrak"), p.get_absolute_url()))
        if p.actual_return:
            events.append((p.actual_return, _("Pulang"), p.get_absolute_url()))
        for c in p.contacts.all()[:5]:
            events.append((c.contacted_on, _("Kontak: %(w)s (%(ch)s)") % {"w": c.contact_with,
                                                                           "ch": c.get_channel_display()},
                           p.get_absolute_url()))
    return sorted(events, key=lambda e: e[0], reverse=True)


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(Person, request.user, pk=pk)
    services.open_person(request.user, person, request=request)
    placements = list(person.placements.select_related("agency").prefetch_related("contacts").order_by("-created_at"))
    return render(request, "people/person_detail.html", {
        "person": person, "placements": placements, "contacts": person.contacts.all(),
        "timeline": timeline(person, placements),
        "can_reveal": has_perm(request.user, "people.reveal_nik", person),
        "can_edit": has_perm(request.user, "people.edit_person", person),
        "can_edit_contacts": has_perm(request.user, "people.edit_contact", person),
        "can_add_placement": has_perm(request.user, "migrants.register_placement", person),
        "contact_form": FamilyContactForm(),
        "duplicates": services.near_duplicates(person.name, person.birth_date, person.pk).visible_to(request.user),
    })


@login_required
@require_POST
def person_reveal(request, pk):
    person = get_visible_or_404(Person, request.user, pk=pk)
    require_perm(request.user, "people.reveal_nik", person)
    numbers = services.reveal_nik(request.user, person, request=request)
    return render(request, "people/_nik_revealed.html", {"person": person, **numbers})


@login_required
def contact_add(request, pk):
    person = get_visible_or_404(Person, request.user, pk=pk)
    require_perm(request.user, "people.edit_contact", person)
    form = FamilyContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_action(
            form, services.add_contact, request.user, person, request=request, **form.cleaned_data):
        messages.success(request, _("Kontak keluarga tersimpan."))
        return redirect(person)
    return render_form(request, form, title=_("Kontak keluarga"), cancel_url=person.get_absolute_url(),
                       template="people/contact_form.html", person=person)
