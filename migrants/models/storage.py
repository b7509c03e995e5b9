"""Private file storage for scanned documents (served only through permission-checked views)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Scans live under PRIVATE_MEDIA_ROOT, never under a served URL: views stream them after a scope check.

    The location is read on every use so a changed setting (tests, deployments) is honoured.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; stream them through a scoped view")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage
