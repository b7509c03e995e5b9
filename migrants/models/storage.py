"""Private file storage for scanned documents (served only through permission-checked views).

The storage itself is core's (`core.storage`: the local folder or a shared bucket, chosen by settings); the
scan field names it through this callable, which its migrations reference.
"""

from core.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "get_private_storage"]


def get_private_storage():
    return private_storage()
