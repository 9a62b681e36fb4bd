"""Quiz versions: the validated definition an attempt is scored against, built once and cached.

A version is the block's definition with defaults filled in, author HTML sanitised, bands sorted,
plus the settings that decide a result (Likert scale, grade mode, pre-test, attempts limit). It is
named by a digest of the block's fields, kept in a small per-process cache and stored once in a
``QuizDefinition`` row when an attempt starts on it. Submitting then needs neither the block's
fields nor a new validation: the attempt row names its version, the cache (or one query) gives it.
"""

import hashlib
import json
import threading
from collections import OrderedDict

import nh3

from kemenag_xblocks.quiz import olx
from kemenag_xblocks.quiz.models import QuizDefinition

# What a version carries besides the definition: the settings a result depends on.
SCORED_SETTINGS = ("likert_scale", "grade_mode", "pretest", "max_attempts", "counted_attempt")
CACHE_SIZE = 256


class QuizVersion:
    """A built definition (plain JSON-able ``data``) with the lookups scoring needs."""

    __slots__ = ("data", "digest", "items_by_id", "public_items")

    def __init__(self, digest, data):
        self.digest = digest
        self.data = data
        self.items_by_id = {item["id"]: item for item in data["items"]}
        # What the browser may see of each item (no option scores, no reverse key), sanitised once.
        self.public_items = {
            item["id"]: {
                "id": item["id"],
                "type": item["type"],
                "dimension": next(d["name"] for d in data["dimensions"] if d["id"] == item["dimension"]),
                "prompt": nh3.clean(item["prompt"]),
                "options": {option["id"]: nh3.clean(option["text"]) for option in item["options"]},
            }
            for item in data["items"]
        }

    def __getitem__(self, key):
        return self.data[key]

    def paper_items(self, paper):
        """The items of a stored paper (``[[item_id, option ids], ...]``), in display order.

        An item the author has since deleted cannot be in this version: a version never changes."""
        return [self.items_by_id[item_id] for item_id, _options in paper if item_id in self.items_by_id]


def build(spec, settings):
    """The version's data from the block's ``spec`` field and settings (validated by ``olx``)."""
    definition = olx.effective(spec)
    return {
        **definition,
        "bands": sorted(definition["bands"], key=lambda band: band["min"]),
        "feedback": [{**entry, "html": nh3.clean(entry["html"])} for entry in definition["feedback"]],
        **{name: settings.get(name) for name in SCORED_SETTINGS},
    }


def digest_of(spec, settings):
    raw = json.dumps([spec, [settings.get(name) for name in SCORED_SETTINGS]], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


_cache = OrderedDict()
_lock = threading.Lock()


def _remember(version):
    with _lock:
        _cache[version.digest] = version
        _cache.move_to_end(version.digest)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return version


def _cached(digest):
    with _lock:
        return _cache.get(digest)


def from_fields(spec, settings):
    """The version the block's fields describe now (built only the first time it is seen)."""
    digest = digest_of(spec, settings)
    return _cached(digest) or _remember(QuizVersion(digest, build(spec, settings)))


def store(version):
    """Keep the version in the database (once; attempts started on it name its digest)."""
    QuizDefinition.objects.bulk_create(
        [QuizDefinition(digest=version.digest, definition=version.data)], ignore_conflicts=True
    )


def load(digest):
    """The version an attempt names: from this process's cache, else one query; None if unknown."""
    if not digest:
        return None
    version = _cached(digest)
    if version is None:
        data = QuizDefinition.objects.filter(digest=digest).values_list("definition", flat=True).first()
        if data is None:
            return None
        version = _remember(QuizVersion(digest, data))
    return version
