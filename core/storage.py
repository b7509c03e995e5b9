"""Private files (scans, attachments, photos, regulations, import previews) through Django's storage API.

settings.STORAGES["private"] (also "default") is the local folder PRIVATE_MEDIA_ROOT or an S3-compatible bucket
(PRIVATE_STORAGE=s3). Several web nodes share the bucket, so a file uploaded on one node is served by another.
Neither storage hands out a URL: every file is streamed by a view that checked scope and permission first
(core.actions.stream), so a bucket never needs to be public and no link outlives its check.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage

NO_URL = "private files have no URL; stream them through a scoped view"


class PrivateStorage(FileSystemStorage):
    """The local folder. The location is read on every use so a changed setting (tests, deployments) holds."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(NO_URL)


class PrivateS3Storage(S3Storage):
    """An S3-compatible bucket, objects private (default_acl "private" in settings)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)


class _PrivateStorage(LazyObject):
    """settings.STORAGES["private"], looked up on first use and again after the setting changes (tests): a
    FileField calls its storage callable once, at import, and keeps what it returned."""

    def _setup(self):
        self._wrapped = storages["private"]


private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private._wrapped = empty


def private_storage():
    """The configured private storage (settings.STORAGES["private"])."""
    return private

