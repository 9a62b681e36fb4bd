"""The public verification page: anyone holding a transcript or an e-certificate checks its code.

No sign-in. It shows the holder's name, the course or training, JP, dates, and whether each is
still valid or was revoked, and nothing more (no username, NIP or unit). Rate-limited per client
address through Django's cache (``KEMENAG_VERIFY_RATE_PER_MINUTE``), so codes cannot be guessed
in bulk. The transcript's QR code points here (``transcript.verification_target``).
"""

import re

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kemenag_xblocks.competency import rules, transcript
from kemenag_xblocks.competency.models import LedgerEntry, Transcript
from kemenag_xblocks.conf import setting

CODE = re.compile(r"[0-9A-Za-z-]{4,100}")


def _client(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request):
    """Count this request against the client's minute; True when over the limit."""
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"kemenag:verify:{_client(request)}:{minute}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    return count > int(setting("KEMENAG_VERIFY_RATE_PER_MINUTE"))


def _training(title, jp, started, ended, valid):
    return {
        "title": title,
        "jp": rules.display_jp(jp),
        "started": transcript.display_date(started),
        "ended": transcript.display_date(ended),
        "valid": valid,
    }


def lookup(code):
    """What the page shows for a code, or None when no transcript or certificate has it."""
    code = code.strip()
    found = Transcript.objects.filter(code=code.upper()[:16]).first()
    if found is not None:
        data = found.snapshot
        ids = [t.get("entry") for t in data["trainings"] if t.get("entry")]
        counted = set(
            LedgerEntry.objects.filter(pk__in=ids, status__in=LedgerEntry.COUNTED).values_list("pk", flat=True)
        )
        trainings = [
            _training(
                t["title"],
                t["jp"],
                t.get("started") or t["date"],
                t["date"],
                not t.get("entry") or t["entry"] in counted,
            )
            for t in data["trainings"]
        ]
        return {
            "kind": "transcript",
            "name": data["name"],
            "issued": transcript.display_date(found.issued_at.date()),
            "trainings": trainings,
            "valid": all(t["valid"] for t in trainings),
        }
    entry = (
        LedgerEntry.objects.filter(source=LedgerEntry.Source.COURSE, certificate_number=code)
        .select_related("user")
        .first()
    )
    if entry is None:
        return None
    valid = entry.status in LedgerEntry.COUNTED
    return {
        "kind": "certificate",
        "name": entry.user.get_full_name() or entry.user.username,
        "trainings": [
            _training(entry.title, entry.jp, entry.started_on or entry.completed_on, entry.completed_on, valid)
        ],
        "valid": valid,
    }


@require_safe
def verify(request, code=""):
    """GET ``verify/<code>/`` or ``verify/?code=``: the check, in the visitor's language."""
    code = code or request.GET.get("code", "")
    context = {"code": code[:100]}
    status = 200
    if code:
        if over_limit(request):
            return render(request, "kemenag_xblocks/verify.html", {"limited": True}, status=429)
        result = lookup(code) if CODE.fullmatch(code.strip()) else None
        context["result"] = result
        status = 200 if result else 404
    response = render(request, "kemenag_xblocks/verify.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
