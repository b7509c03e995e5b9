from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from regions.models import Region

from .models import Publication


class PublicationFeed(Feed):
    """Published news and bulletins, newest first; per village when a code is given."""

    description_template = "portal/feed_item.html"

    def get_object(self, request, code=None):
        return get_object_or_404(Region, code=code, level=4) if code else None

    def title(self, obj):
        return _("Berita %(village)s — Payung") % {"village": obj} if obj else _("Berita dan buletin — Payung")

    def link(self, obj):
        return reverse("portal:village", args=[obj.code]) if obj else reverse("portal:news")

    def description(self, obj):
        return _("Berita dan buletin pelindungan pekerja migran dari desa dan komunitas.")

    def items(self, obj):
        qs = Publication.objects.published().select_related("region")
        if obj:
            qs = qs.filter(region_id__in=[obj.code, *[a.code for a in obj.ancestors() if a.level >= 2]])
        return qs.order_by("-published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_name or None


class PublicationAtomFeed(PublicationFeed):
    feed_type = Atom1Feed
    subtitle = PublicationFeed.description


