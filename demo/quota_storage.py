"""Disk storage with a quota that can run out: the load scenario's "storage full" fault.

``KEMENAG_STORAGE_QUOTA_FLAG`` names a file; while it exists every write is refused with
``ENOSPC``, as a full disk or an exhausted quota refuses it (a partly written file is removed,
as the OS leaves it when the disk fills mid-write).
"""

import errno
import os

from django.core.files.storage import FileSystemStorage


class QuotaFileSystemStorage(FileSystemStorage):
    def __init__(self, *args, quota_flag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.quota_flag = quota_flag or os.environ.get("KEMENAG_STORAGE_QUOTA_FLAG", "")

    def full(self):
        return bool(self.quota_flag) and os.path.exists(self.quota_flag)

    def _save(self, name, content):
        if self.full():
            raise OSError(errno.ENOSPC, "No space left on device (storage quota reached)", name)
        return super()._save(name, content)
