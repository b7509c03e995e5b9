from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from audit.services import snapshot
from core.actions import check_form, post_action, render_form, run_action, stream
from core.datakeys import with_keys
from core.filters import filter_list
from core.mixins import get_visible_or_404
from core.redirects import safe_next
from core.uploads import web_image

from . import services
from .filters import ActivityFilter, GroupFilter
from .forms import ActivityForm, FollowUpCloseForm, FollowUpForm, GroupForm, MemberForm, PhotoForm
from .models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    CommunityGroup,
    FollowUp,
    FollowUpStatus,
    GroupMember,
    by_name,
)


@login_required
def group_list(request):
    groups = (CommunityGroup.objects.visible_to(request.user).select_related("village")
              .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
                        last_activity=Max("activities__date")))
    listing = filter_list(request, GroupFilter, groups, per_page=None)
    return render(request, "community/group_list.html", {
        "groups": listing.qs, "q": listing.active_filters().get("q", ""),
        "can_create": has_perm(request.user, "community.edit_group"),
    }, status=listing.status)


@login_required
def group_create(request):
    require_perm(request.user, "community.edit_group")
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in GroupForm.Meta.fields}
        group = run_action(form, services.create_group, request.user,
                           other_villages=form.cleaned_data["other_villages"], **data)
        if group:
            messages.success(request, _("Kelompok tersimpan."))
            return redirect("community:group", group.pk)
    return render_form(request, form, title=_("Kelompok baru"), cancel_url=reverse("community:groups"))


@login_required
def group_edit(request, pk):
    group = get_visible_or_404(CommunityGroup, request.user, pk=pk)
    require_perm(request.user, "community.edit_group", group)
    before = snapshot(group)
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.update_group, request.user, form.instance, before,
                      form.cleaned_data["other_villages"]):
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("community:group", group.pk)
    return render_form(request, form, title=_("Ubah kelompok"), cancel_url=reverse("community:group", args=[pk]))


@login_required
def group_detail(request, pk):
    group = get_visible_or_404(CommunityGroup.objects.select_related("village"), request.user, pk=pk)
    today = timezone.localdate()
    # Ordered as before the names were sealed: who left last, role, then name (sorted here, not by the database).
    members = sorted(by_name(with_keys(group.members.all())),
                     key=lambda m: (m.left_on is not None, m.left_on or today, m.role))
    activities = group.activities.select_related("village")[:20]
    open_follow_ups = FollowUp.objects.filter(activity__group=group, status=FollowUpStatus.OPEN).select_related(
        "activity")
    return render(request, "community/group_detail.html", {
        "group": group, "current": [m for m in members if m.left_on is None],
        "former": [m for m in members if m.left_on is not None], "activities": activities,
        "open_follow_ups": FollowUpCloseForm.attach(open_follow_ups), "today": today,
        "can_edit": has_perm(request.user, "community.edit_group", group),
        "other_villages": group.other_villages.all(),
    })


@login_required
def member_add(request, pk):
    group = get_visible_or_404(CommunityGroup, request.user, pk=pk)
    require_perm(request.user, "community.edit_member", group)
    form = MemberForm(request.POST or None, user=request.user, group=group)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_action(form, services.add_member, request.user, group, name=d["name"], role=d["role"],
                      joined_on=d["joined_on"], phone=d["phone"], person=d.get("person")):
            messages.success(request, _("Anggota ditambahkan."))
            return redirect("community:group", group.pk)
    return render_form(request, form, title=_("Tambah anggota %(group)s") % {"group": group},
                       cancel_url=reverse("community:group", args=[pk]))


@login_required
def member_edit(request, pk):
    member = get_visible_or_404(GroupMember.objects.select_related("group"), request.user, pk=pk)
    require_perm(request.user, "community.edit_member", member)
    before = snapshot(member)
    form = MemberForm(request.POST or None, instance=member, user=request.user, group=member.group)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.update_member, request.user, form.instance, before):
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("community:group", member.group_id)
    return render_form(request, form, title=_("Ubah anggota"),
                       cancel_url=reverse("community:group", args=[member.group_id]))


@login_required
def activity_list(request):
    listing = filter_list(request, ActivityFilter, Activity.objects.visible_to(request.user).select_related(
        "group", "village"), per_page=30)
    follow_ups = FollowUp.objects.visible_to(request.user).filter(status=FollowUpStatus.OPEN).select_related(
        "activity", "activity__group")[:50]
    return render(request, "community/activity_list.html", {
        "page": listing.page, "kinds": ActivityKind.choices, "kind": listing.active_filters().get("kind"),
        "follow_ups": follow_ups, "today": timezone.localdate(),
    }, status=listing.status)


@login_required
def activity_create(request, pk):
    group = get_visible_or_404(CommunityGroup, request.user, pk=pk)
    require_perm(request.user, "community.edit_activity", group)
    form = ActivityForm(request.POST or None, user=request.user, group=group,
                        initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in ActivityForm.Meta.fields}
        data["village_id"] = (data.pop("village") or group.village).code
        activity = run_action(form, services.record_activity, request.user, group,
                              participants=form.participants(), **data)
        if activity:
            messages.success(request, _("Kegiatan tercatat."))
            return redirect("community:activity", activity.pk)
    return render_form(request, form, title=_("Catat kegiatan %(group)s") % {"group": group},
                       cancel_url=reverse("community:group", args=[pk]))


@login_required
def activity_edit(request, pk):
    activity = get_visible_or_404(Activity.objects.select_related("group"), request.user, pk=pk)
    require_perm(request.user, "community.edit_activity", activity)
    before = snapshot(activity)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user, group=activity.group)
    if request.method == "POST" and form.is_valid():
        if form.instance.village_id is None:
            form.instance.village_id = activity.group.village_id
        if run_action(form, services.update_activity, request.user, form.instance, before,
                      participants=form.participants()):
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("community:activity", activity.pk)
    return render_form(request, form, title=_("Ubah kegiatan"), cancel_url=reverse("community:activity", args=[pk]))


@login_required
def activity_detail(request, pk):
    activity = get_visible_or_404(Activity.objects.select_related("group", "village"), request.user, pk=pk)
    editable = has_perm(request.user, "community.edit_activity", activity)
    return render(request, "community/activity_detail.html", {
        "activity": activity, "participants": by_name(with_keys(activity.participants.all())),
        "follow_ups": FollowUpCloseForm.attach(activity.follow_ups.all()), "photos": activity.photos.all(),
        "can_edit": editable,
        "follow_up_form": FollowUpForm() if editable else None, "photo_form": PhotoForm() if editable else None,
        "today": timezone.localdate(),
    })


@login_required
@require_POST
def follow_up_add(request, pk):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    require_perm(request.user, "community.edit_follow_up", activity)
    form = FollowUpForm(request.POST)
    if form.is_valid() and run_action(form, services.add_follow_up, request.user, activity, **form.cleaned_data):
        messages.success(request, _("Tindak lanjut ditambahkan."))
        return redirect("community:activity", pk)
    return render_form(request, form, title=_("Tambah tindak lanjut"),
                       cancel_url=reverse("community:activity", args=[pk]))


@login_required
@require_POST
def follow_up_close(request, pk):
    follow_up = get_visible_or_404(FollowUp.objects.select_related("activity"), request.user, pk=pk)
    require_perm(request.user, "community.edit_follow_up", follow_up)
    close = services.drop_follow_up if request.POST.get("action") == "drop" else services.complete_follow_up
    form = FollowUpCloseForm(request.POST)
    return post_action(request, lambda: close(request.user, follow_up, result=check_form(form)["result"]),
                       success=_("Tindak lanjut ditutup."),
                       then=safe_next(request, reverse("community:activity", args=[follow_up.activity_id])))


@login_required
@require_POST
def photo_add(request, pk):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    require_perm(request.user, "community.add_photo", activity)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid() and run_action(form, services.add_photo, request.user, activity, form.cleaned_data["image"],
                                      form.cleaned_data["caption"]):
        messages.success(request, _("Foto diunggah."))
        return redirect("community:activity", pk)
    return render_form(request, form, title=_("Unggah foto"), multipart=True,
                       cancel_url=reverse("community:activity", args=[pk]))


@login_required
def photo_file(request, pk):
    photo = get_visible_or_404(ActivityPhoto, request.user, pk=pk)
    if request.GET.get("asli") == "1":  # the original, as uploaded, for staff to download
        return stream(photo.image, download=True)
    return stream(web_image(photo.image))
