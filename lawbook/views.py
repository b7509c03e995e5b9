"""The rule book screens: every signed-in user reads the rules and their sources; system administrators add a
version, switch a status or decide whether a disputed rule blocks (lawbook.services, audited)."""

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from core.actions import check_form, post_action, render_form, run_action

from . import services
from .forms import BlockingForm, NewVersionForm, StatusForm
from .models import Rule, Topic


@login_required
def rule_list(request):
    require_perm(request.user, "lawbook.read_rules")
    today = timezone.localdate()
    rules = list(Rule.objects.select_related("source").prefetch_related("contra_sources"))
    topics = [(label, [r for r in rules if r.topic == value]) for value, label in Topic.choices]
    return render(request, "lawbook/rule_list.html", {
        "topics": topics, "today": today, "can_manage": has_perm(request.user, "lawbook.manage_rules")})


@login_required
def rule_detail(request, pk):
    require_perm(request.user, "lawbook.read_rules")
    rule = get_object_or_404(Rule.objects.select_related("source", "decided_by"), pk=pk)
    versions = Rule.objects.filter(topic=rule.topic, key=rule.key).select_related("source")
    return render(request, "lawbook/rule_detail.html", {
        "rule": rule, "versions": versions, "today": timezone.localdate(),
        "params": json.dumps(rule.params, ensure_ascii=False, indent=1),
        "can_manage": has_perm(request.user, "lawbook.manage_rules", rule),
        "status_form": StatusForm(), "blocking_form": BlockingForm(initial={"decided_on": timezone.localdate()}),
    })


@login_required
def new_version(request, pk):
    rule = get_object_or_404(Rule, pk=pk)
    require_perm(request.user, "lawbook.manage_rules", rule)
    form = NewVersionForm(request.POST or None, initial={
        "title": rule.title, "params": json.dumps(rule.params, ensure_ascii=False, indent=1), "source": rule.source,
        "status": rule.status})
    if form.is_valid():
        data = form.cleaned_data
        new = run_action(form, services.add_version, request.user, rule, valid_from=data["valid_from"],
                         params=data["params"], title=data["title"], source=data["source"], status=data["status"],
                         note=data["note"], reason=data["reason"], new_source={
                             "instrument": data["new_instrument"], "article": data["new_article"],
                             "url": data["new_url"], "confirmed": data["new_confirmed"]})
        if new:
            return redirect("lawbook:rule", new.pk)
    return render_form(request, form, title=_("Versi baru: %(title)s") % {"title": rule.title},
                       cancel_url=reverse("lawbook:rule", args=[rule.pk]),
                       intro=_("Versi lama berakhir sehari sebelum versi baru berlaku. Penempatan terbuka dievaluasi "
                               "ulang setelah disimpan."))


@login_required
@require_POST
def switch_status(request, pk):
    rule = get_object_or_404(Rule, pk=pk)
    require_perm(request.user, "lawbook.manage_rules", rule)

    def act():
        data = check_form(StatusForm(request.POST))
        return services.switch_status(request.user, rule, data["status"], reason=data["reason"])

    return post_action(request, act, success=_("Status aturan diubah."), then=reverse("lawbook:rule", args=[pk]))


@login_required
@require_POST
def decide_blocking(request, pk):
    rule = get_object_or_404(Rule, pk=pk)
    require_perm(request.user, "lawbook.manage_rules", rule)

    def act():
        data = check_form(BlockingForm(request.POST))
        return services.decide_blocking(request.user, rule, data["blocking"], reason=data["reason"],
                                        on=data["decided_on"])

    return post_action(request, act, success=_("Keputusan tercatat."), then=reverse("lawbook:rule", args=[pk]))
