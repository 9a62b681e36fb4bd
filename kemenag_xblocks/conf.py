"""The plugin's settings and their defaults: one place to read them from."""

from django.conf import settings

DEFAULTS = {
    # Django STORAGES alias for uploaded files (disk in the demo, S3 via django-storages in production).
    "KEMENAG_STORAGE_ALIAS": "default",
    # The course key of blocks in a runtime whose usage keys name no course (the SDK workbench); in
    # the LMS every usage key names its course and this is never used.
    "KEMENAG_FALLBACK_COURSE_KEY": "course-v1:Kemenag+Workbench+0",
    # Uploads (kemenag_xblocks.common.uploads): types accepted by default, per-file size, files per hand-in.
    "KEMENAG_UPLOAD_ALLOWED_TYPES": ("pdf", "docx", "xlsx", "pptx", "odt", "jpg", "png"),
    "KEMENAG_UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    "KEMENAG_UPLOAD_MAX_FILES": 5,
    # Downloads (kemenag_xblocks.common.downloads): how long a signed download link (or a storage's
    # presigned URL) stays valid, and the function ``request -> user id`` naming who asks the plugin
    # view for a file (dotted path; empty: the signed-in Django user, as in the LMS).
    "KEMENAG_DOWNLOAD_TOKEN_SECONDS": 120,
    "KEMENAG_DOWNLOAD_REQUESTER": "",
    # Zip-bomb guards for office documents: declared uncompressed total and compression ratio.
    "KEMENAG_UPLOAD_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
    "KEMENAG_UPLOAD_MAX_COMPRESSION_RATIO": 100,
    # JP of competency development each civil servant should reach per calendar year (PP 11/2017: 20).
    "KEMENAG_JP_YEARLY_TARGET": 20,
    # File types accepted as a certificate of external training.
    "KEMENAG_JP_EVIDENCE_TYPES": ("pdf", "jpg", "png"),
    # Page where a JP transcript's QR code leads (``?code=`` is appended); empty: the QR holds the code.
    "KEMENAG_JP_TRANSCRIPT_VERIFY_URL": "",
    # SIASN export: SIASN's jenisDiklatId per competency type (codes from SIASN's reference), and the
    # organizer written for courses of this platform.
    "KEMENAG_SIASN_JENIS_DIKLAT_ID": {},
    "KEMENAG_SIASN_PLATFORM_ORGANIZER": "Kementerian Agama RI",
    # The time zone times are shown in when the user has not chosen one (common/timefmt.py).
    "KEMENAG_TIME_ZONE": "Asia/Jakarta",
    # Sumber Belajar: JP credited per completed reading list (self-study). 0: reading earns no JP;
    # an operator sets it from the non-classical conversion table (Peraturan LAN 10/2018) it applies.
    "KEMENAG_RESOURCES_JP_PER_LIST": 0,
    "KEMENAG_RESOURCES_COMPETENCY_TYPE": "sosial_kultural",
    # Long reports (kemenag_xblocks.common.reports): the Celery queue their task goes to (empty: the
    # platform's default queue), the first retry's delay (doubled each time), and how long an
    # unfinished report may take before the user is told it failed.
    "KEMENAG_REPORT_QUEUE": "",
    "KEMENAG_REPORT_RETRY_SECONDS": 5,
    "KEMENAG_REPORT_STALE_SECONDS": 3600,
    # Who may start the platform-wide reports (compliance, SIASN): dotted ``request -> bool``;
    # empty: the signed-in user's ``is_staff`` (the LMS's global staff).
    "KEMENAG_PLATFORM_STAFF_CHECK": "",
}


def setting(name):
    """The value of a KEMENAG_* setting, or its default."""
    return getattr(settings, name, DEFAULTS[name])
