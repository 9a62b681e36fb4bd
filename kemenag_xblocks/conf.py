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
    # SIASN export: the organizer written for courses of this platform (jenisDiklatId comes from
    # each training's kind, TrainingKind, imported by kemenag_import_training_kinds).
    "KEMENAG_SIASN_PLATFORM_ORGANIZER": "Kementerian Agama RI",
    # The time zone times are shown in when the user has not chosen one (common/timefmt.py).
    "KEMENAG_TIME_ZONE": "Asia/Jakarta",
    # Sumber Belajar: JP credited per completed reading list (self-study). 0: reading earns no JP;
    # an operator sets it from the non-classical conversion table (Peraturan LAN 10/2018) it applies.
    "KEMENAG_RESOURCES_JP_PER_LIST": 0,
    "KEMENAG_RESOURCES_COMPETENCY_TYPE": "sosial_kultural",
    # Sumber Belajar: Celery beat harvests the enabled sources due for it this often (minutes); 0 turns
    # the beat entry off (resources/schedule.py). A source harvested within 90% of it is skipped.
    "KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES": 360,
    # Long reports (kemenag_xblocks.common.reports): the Celery queue their task goes to (empty: the
    # platform's default queue), the first retry's delay (doubled each time), and how long an
    # unfinished report may take before the user is told it failed.
    "KEMENAG_REPORT_QUEUE": "",
    "KEMENAG_REPORT_RETRY_SECONDS": 5,
    "KEMENAG_REPORT_STALE_SECONDS": 3600,
    # Pages (URL path parts) that answer a short 503 page, not the 500 page, while the database is
    # unreachable (common/unavailable.py); handlers and plugin views always answer 503 JSON. The
    # LMS renders its pages itself; the demo names its scenario pages.
    "KEMENAG_UNAVAILABLE_PAGE_PATHS": (),
    # Who may start the platform-wide reports (compliance, SIASN): dotted ``request -> bool``;
    # empty: the signed-in user's ``is_staff`` (the LMS's global staff).
    "KEMENAG_PLATFORM_STAFF_CHECK": "",
    # JP targets per employee type (competency/employees.py); empty: PNS and PPPK both have
    # KEMENAG_JP_YEARLY_TARGET, PPPK never above their 24 JP entitlement (Peraturan LAN 15/2020).
    # Non-ASN staff and the public have none. A learner without a profile is of
    # KEMENAG_JP_DEFAULT_EMPLOYEE_TYPE.
    "KEMENAG_JP_TARGETS": {},
    "KEMENAG_JP_DEFAULT_EMPLOYEE_TYPE": "pns",
    # Dates that decide a JP year or the 24-month window are days in this zone (decision 0003).
    "KEMENAG_JP_TIME_ZONE": "Asia/Jakarta",
    # Minutes in one JP, and the operator's conversion of non-classical learning (competency/hours.py).
    "KEMENAG_MINUTES_PER_JP": 45,
    "KEMENAG_JP_CONVERSIONS": {},
    # Where learners' NIP, pnsOrangId and type come from: "csv" (kemenag_import_work_units), "sso"
    # (claims at sign-in through KEMENAG_IDENTITY_CLAIMS, a dotted path ``(request, user) -> dict``),
    # or "admin" (edited in the Django admin). See docs/competency.md.
    "KEMENAG_IDENTITY_SOURCE": "csv",
    "KEMENAG_IDENTITY_CLAIMS": "",
    # The transcript's letterhead lines (the operator's, e.g. the issuing office), printed at the top.
    "KEMENAG_JP_LETTERHEAD": ("Kementerian Agama Republik Indonesia",),
    # Public verification page: requests per client address per minute.
    "KEMENAG_VERIFY_RATE_PER_MINUTE": 20,
}


def setting(name):
    """The value of a KEMENAG_* setting, or its default."""
    return getattr(settings, name, DEFAULTS[name])
