"""Changing the law in Payung: every change is a new version or an audited decision, never an edit in place.

- `add_version`: a new version of a rule from a day on; the version in force the day before ends then.
- `switch_status`: in force / disputed / revoked, with a reason.
- `decide_blocking`: a disputed rule warns; a system administrator may decide that it blocks (or warns again),
  with a written reason and the date of the decision.
Each announces `lawbook.signals.rule_changed` once the transaction commits: open work is re-evaluated.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, record
from core.formatting import long_date

from .models import LegalSource, Origin, Rule, RuleStatus
from .signals import rule_changed

REFUSED = _lazy("Hanya administrator sistem yang dapat mengubah dasar hukum.")
MIN_REASON = 10


def _announce(rule, previous, change, actor):
    transaction.on_commit(lambda: rule_changed.send(sender=Rule, rule=rule, previous=previous, change=change,
                                                    actor=actor))


def _reason(reason, field="reason"):
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({field: _("Alasan: tuliskan paling sedikit %(n)s huruf.") % {"n": MIN_REASON}})
    return reason


def _locked(rule):
    return Rule.objects.select_for_update().get(pk=rule.pk)


def add_version(actor, rule, *, valid_from, params=None, title=None, source=None, contra_sources=None,
                status=RuleStatus.IN_FORCE, note="", reason="", new_source=None):
    """A new version of `rule`'s topic and key from `valid_from`; the version it replaces ends the day before.
    `new_source` ({"instrument", "article", "url", "confirmed"}) records a source not in the list yet."""
    require_perm(actor, "lawbook.manage_rules", rule, REFUSED)
    reason = _reason(reason)
    if not isinstance(valid_from, datetime.date):
        raise ValidationError({"valid_from": _("Berlaku sejak: isi tanggal (hh-bb-tttt).")})
    if status not in RuleStatus.values:
        raise ValidationError({"status": _("Status: pilih berlaku, diperdebatkan, atau dicabut.")})
    with transaction.atomic():
        rule = _locked(rule)
        if valid_from <= rule.valid_from:
            raise ValidationError({"valid_from": _(
                "Berlaku sejak: versi baru harus mulai setelah versi ini (%(day)s).") % {
                "day": long_date(rule.valid_from)}})
        if Rule.objects.filter(topic=rule.topic, key=rule.key, valid_from=valid_from).exists():
            raise ValidationError({"valid_from": _("Berlaku sejak: sudah ada versi yang mulai tanggal itu.")})
        if Rule.objects.filter(topic=rule.topic, key=rule.key, valid_from__gt=rule.valid_from,
                               valid_from__lte=valid_from).exists():
            raise ValidationError({"valid_from": _(
                "Berlaku sejak: sudah ada versi lebih baru; tambahkan versi baru dari versi terakhir.")})
        if new_source and (new_source.get("instrument") or "").strip():
            source = _create_source(actor, new_source)
        new = Rule.objects.create(
            topic=rule.topic, key=rule.key, title=title or rule.title,
            params=rule.params if params is None else params, source=source or rule.source,
            valid_from=valid_from, valid_to=rule.valid_to if rule.valid_to and rule.valid_to >= valid_from else None,
            status=status, note=note, origin=Origin.LOCAL)
        new.contra_sources.set(rule.contra_sources.all() if contra_sources is None else contra_sources)
        old_end = rule.valid_to
        rule.valid_to = valid_from - datetime.timedelta(days=1)
        rule.save(update_fields=["valid_to", "updated_at"])
        log_create(actor, new, note=reason)
        record(actor, Action.UPDATE, rule, changes={"valid_to": [str(old_end or ""), str(rule.valid_to)]},
               note=_("Diganti versi baru mulai %(day)s: %(reason)s") % {
                   "day": long_date(valid_from), "reason": reason}, region_code="")
        _announce(new, rule, "version", actor)
    return new


def _create_source(actor, data):
    instrument, article = data["instrument"].strip(), (data.get("article") or "").strip()
    code = slugify(f"{instrument} {article}")[:60] or "sumber"
    base, n = code, 1
    while LegalSource.objects.filter(code=code).exists():
        n += 1
        code = f"{base[:55]}-{n}"
    source = LegalSource.objects.create(code=code, instrument=instrument[:300], article=article[:120],
                                        url=(data.get("url") or "").strip(), confirmed=bool(data.get("confirmed")))
    log_create(actor, source)
    return source


def switch_status(actor, rule, status, *, reason):
    require_perm(actor, "lawbook.manage_rules", rule, REFUSED)
    reason = _reason(reason)
    if status not in RuleStatus.values:
        raise ValidationError({"status": _("Status: pilih berlaku, diperdebatkan, atau dicabut.")})
    with transaction.atomic():
        rule = _locked(rule)
        if rule.status == status:
            raise ValidationError({"status": _("Status: aturan ini sudah berstatus '%(s)s'.") % {
                "s": RuleStatus(status).label}})
        old = rule.status
        rule.status = status
        if status != RuleStatus.DISPUTED:
            rule.blocking_decided = False
        rule.save(update_fields=["status", "blocking_decided", "updated_at"])
        record(actor, Action.TRANSITION, rule, changes={"status": [old, status]}, note=reason, region_code="")
        _announce(rule, None, "status", actor)
    return rule


def decide_blocking(actor, rule, blocking, *, reason, on=None):
    """The audited decision that a disputed rule blocks departures (True) or only warns (False)."""
    require_perm(actor, "lawbook.manage_rules", rule, REFUSED)
    reason = _reason(reason)
    with transaction.atomic():
        rule = _locked(rule)
        if rule.status != RuleStatus.DISPUTED:
            raise ValidationError({"blocking": _(
                "Hanya aturan yang status hukumnya diperdebatkan yang dapat diputuskan memblokir atau "
                "memperingatkan.")})
        if rule.blocking_decided == bool(blocking):
            raise ValidationError({"blocking": _("Keputusan ini sudah berlaku untuk aturan ini.")})
        rule.blocking_decided = bool(blocking)
        rule.decision_reason = reason
        rule.decision_date = on or timezone.localdate()
        rule.decided_by = actor
        rule.save(update_fields=["blocking_decided", "decision_reason", "decision_date", "decided_by", "updated_at"])
        record(actor, Action.OVERRIDE, rule, changes={"blocking_decided": [not rule.blocking_decided,
                                                                            rule.blocking_decided]},
               note=reason, region_code="")
        _announce(rule, None, "blocking", actor)
    return rule
