"""What the property-based tests send to each handler, and which payloads a handler may accept.

A handler's ``Fuzz`` names who calls it, how its input travels (JSON body, multipart form, query
string, raw body), the documented shape of its input (``fields``: every field, nested ones
included, with ``HOLE`` where a value goes) and, for handlers that change records,
``accepts(payload, world)``: the contract of a payload it may take. A 2xx for anything else is a
bug; a 4xx must carry a message and leave every record, field and file as it was; a 5xx is always
a bug.

Payloads are drawn as arbitrary JSON and as the documented shape with a hostile value in every hole
(huge and non-finite numbers as JSON and as text, ``1e999``, deeply nested values, JSON text nested
100,000 deep in a form field that holds JSON, wrong types, missing fields), so the fuzzer reaches
inside ``answers``, ``dimensions``, ``levels``; ``sweep(case)`` also puts each edge value alone in
each documented field, deterministically.

Strategies may use placeholders (``"<file_id>"``...) that become the learner's real ids at call
time, so the fuzzer also hits the paths where the id is right and something else is wrong.
"""

import hashlib
import itertools
import json
from dataclasses import dataclass

from hypothesis import strategies as st

from kemenag_xblocks.assignment import grades_csv, rules
from kemenag_xblocks.competency import forms
from tests.assignment import samples
from tests.security.matrix import A, C, Q, R, chunk_complete, chunk_data, chunk_session, competency_session, reopen
from tests.security.support import LEARNER, STAFF
from tests.support.quiz_tokens import authored_or_none

PLACEHOLDERS = ("<file_id>", "<submission_id>", "<entry_id>", "<code>", "<upload_id>")


def resolve(value, world):
    """The payload with placeholders replaced by the learner's real ids."""
    real = {
        "<file_id>": world.file_id,
        "<submission_id>": world.submission_id,
        "<entry_id>": world.entry_id,
        "<code>": world.transcript_code,
        "<upload_id>": world.upload_id,
    }
    if isinstance(value, str) and value in real:
        return real[value]
    if isinstance(value, list):
        return [resolve(item, world) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, world) for key, item in value.items()}
    return value


# ---- strategies --------------------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202eexe.pdf",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "NaN",
        "1e309",
        "-1",
        "0",
        "9" * 40,
        "ي" * 50,
        "😀" * 20,
        "x" * 5000,
    ]
)
TEXT = st.one_of(st.text(max_size=40), HOSTILE_TEXT, st.sampled_from(PLACEHOLDERS))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


# Numbers as text, the way forms and CSV cells carry them: overflow, non-finite, locale, odd syntax.
HOSTILE_NUMBER_TEXT = st.sampled_from(
    ["1e999", "-1e999", "1e308", "NaN", "Infinity", "-0", "9" * 400, "0x10", "1_000", "١٢", " 7 ", "1,5", "2.5", "-5"]
)


def nested(depth, leaf=0):
    value = leaf
    for index in range(depth):
        value = [value] if index % 2 else {"0": value}
    return value


# Values inside a JSON field: scalars of every kind, overflowing and non-finite numbers, nesting deep
# enough to trouble recursive code but below the JSON parser's own limit.
FIELD_VALUES = st.one_of(
    SCALARS,
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 10**400, -(10**400), 1.5, True, [], {}]),
    st.builds(nested, st.integers(min_value=50, max_value=400)),
    JSON_VALUES,
)
# JSON text in a form field (the grade form's ``levels``): what a hostile client can send there.
HOSTILE_JSON_TEXT = st.one_of(
    st.sampled_from(
        [
            '{"0": 1e999}',
            '{"0": -1e999}',
            '{"0": NaN}',
            '{"0": Infinity}',
            '{"0": 1.5}',
            '{"0": true}',
            '{"0": [0]}',
            '{"0": {"0": 0}}',
            '{"0": "9999999999999999999999"}',
            '{"0": 99999999999999999999999}',
            '{"0": ' + "9" * 5000 + "}",
            "[" * 100_000 + "]" * 100_000,
            '{"0":' * 50_000 + "0" + "}" * 50_000,
            "[1e999]",
            "null",
        ]
    ),
    st.builds(json.dumps, FIELD_VALUES),
)
FORM_VALUES = st.one_of(TEXT, HOSTILE_NUMBER_TEXT, HOSTILE_JSON_TEXT)


class _Hole:
    def __repr__(self):
        return "HOLE"


HOLE = _Hole()  # a documented field: filled with a hostile value


def shaped(template, leaf=FIELD_VALUES):
    """The documented shape with every ``HOLE`` filled by ``leaf``; any field may be missing, and a
    list holds one to three entries of its template."""
    if template is HOLE:
        return leaf
    if isinstance(template, st.SearchStrategy):  # a documented value: the right one, or a hostile one
        return st.one_of(template, leaf)
    if isinstance(template, dict):
        return st.fixed_dictionaries({}, optional={key: shaped(value, leaf) for key, value in template.items()})
    if isinstance(template, list):
        return st.lists(shaped(template[0], leaf), min_size=1, max_size=3)
    return st.one_of(st.just(template), leaf)


def json_payloads(keys=(), shape=None):
    """Any JSON; objects built from the handler's own keys with any values; and, mostly, the
    handler's documented shape with hostile values inside every field."""
    shape = shape if shape is not None else {key: HOLE for key in keys}
    keyed = st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=8)), JSON_VALUES, max_size=5)
    inside = shaped(shape)
    return st.one_of(inside, inside, JSON_VALUES, keyed) if keys else st.one_of(JSON_VALUES, inside)


RAW_BODIES = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(
        [b"", b"{", b'{"a":', b"\xff\xfe\x00", b"[" * 200 + b"]" * 200, b"null", b'"' + b"x" * 100_000 + b'"']
    ),
)
METHODS = st.sampled_from(["POST", "POST", "POST", "GET", "PUT", "DELETE"])

FILE_CONTENT = st.one_of(
    st.binary(max_size=64),
    st.just(b""),
    st.builds(lambda tail: samples.pdf() + tail, st.binary(max_size=32)),
    st.just(samples.PNG),
    st.just(samples.EXE),
    st.just(samples.HTML),
    st.just(samples.docx()),
)
FILE_NAMES = st.one_of(
    st.sampled_from(["a.pdf", "b.png", "c.docx", "d.exe", "e.pdf.html", "../../x.pdf", "\u202efdp.exe", "", "x" * 300]),
    st.text(max_size=30),
)


@st.composite
def forms_with(draw, keys, file_field=None):
    """A multipart form: the handler's fields with hostile text (numbers, JSON text nested deep),
    maybe a hostile file."""
    names = st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=8))
    if draw(st.booleans()):
        fields = draw(st.dictionaries(names, TEXT, max_size=6))
    else:  # every documented field present or not, each with a hostile value
        fields = draw(shaped({key: HOLE for key in keys if key != file_field}, FORM_VALUES))
    if file_field and draw(st.booleans()):
        fields[file_field] = (draw(FILE_NAMES), draw(FILE_CONTENT))
    return fields


def queries(keys):
    names = (
        st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=8)) if keys else st.text(min_size=1, max_size=8)
    )
    values = st.one_of(TEXT, HOSTILE_NUMBER_TEXT)
    documented = shaped({key: HOLE for key in keys}, values) if keys else st.just({})
    return st.one_of(st.dictionaries(names, values, max_size=3), documented)


# ---- contracts of the handlers that change records ---------------------------------------------

QUIZ_ITEMS = {"kk1": "likert", "kk2": "likert", "t1": ("a", "b")}


def valid_answers(payload, world):
    answers = payload.get("answers") if isinstance(payload, dict) else None
    if not isinstance(answers, dict):
        return False
    answers = authored_or_none(answers, LEARNER)  # the browser names questions by per-attempt tokens
    if answers is None or not set(answers) <= set(QUIZ_ITEMS):
        return False
    for key, value in answers.items():
        if value is None or value == "":
            continue
        if QUIZ_ITEMS[key] == "likert":
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                return False
            try:
                if not 1 <= int(value) <= 5:
                    return False
            except ValueError:
                return False
        elif value not in QUIZ_ITEMS[key]:
            return False
    return True


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def is_file(fields, field, types):
    value = fields.get(field)
    if not isinstance(value, tuple):
        return False
    name, data = value
    magic = {"pdf": b"%PDF", "png": b"\x89PNG"}
    return any(name.lower().endswith("." + ext) and data.startswith(magic[ext]) for ext in types)


def valid_training(fields, world):
    try:
        forms.external_training({key: value for key, value in fields.items() if isinstance(value, str)})
    except forms.Invalid:
        return False
    return is_file(fields, "evidence", ("pdf", "png"))


GRADING_RUBRIC = [
    {"name": "Isi", "levels": [{"label": "Kurang", "points": 0}, {"label": "Baik", "points": 10}]},
    {"name": "Bahasa", "levels": [{"label": "Kurang", "points": 0}, {"label": "Baik", "points": 5}]},
]
_rubric_turn = itertools.count()


def grading_with_or_without_rubric(world):
    """Every other example grades by rubric levels (the ``levels`` JSON field), the rest by score."""
    world.rubric = next(_rubric_turn) % 2 == 0
    if world.rubric:
        world.assignment.call(
            STAFF, "submit_studio_edits", json_body={"values": {"rubric": GRADING_RUBRIC}, "defaults": []}
        )


def valid_levels(text):
    try:
        levels = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(levels, dict):
        return False
    for index, criterion in enumerate(GRADING_RUBRIC):
        value = levels.get(str(index))
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 3:
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(criterion["levels"]):
            return False
    return True


def valid_grade(fields, world):
    if getattr(world, "rubric", False):
        if not valid_levels(str(fields.get("levels") or "{}")):
            return False
    else:
        try:
            rules.validate_score(fields.get("score", ""), 40)
        except ValueError:
            return False
    return str(fields.get("submission_id")).strip() == str(world.submission_id)


def valid_import(fields, world):
    return (
        isinstance(fields.get("file"), tuple)
        and not grades_csv.parse_import(fields["file"][1].decode("utf-8-sig", "replace"), [], 40)[1]
    )


def valid_decision(payload, world):
    if not isinstance(payload, dict) or payload.get("entry") != world.entry_id or isinstance(payload["entry"], bool):
        return False
    if payload.get("approve") is True:
        return True
    return 3 <= len(" ".join(str(payload.get("reason") or "").split())) <= forms.REASON_MAX


def valid_start(payload, world):
    if not isinstance(payload, dict) or not isinstance(payload.get("name"), str):
        return False
    size = payload.get("size")
    return (
        payload["name"].lower().rsplit(".", 1)[-1] in ("pdf", "png", "docx")
        and isinstance(size, int)
        and not isinstance(size, bool)
        and 0 < size <= 1024 * 1024
        and isinstance(payload.get("sha256"), str)
        and len(payload["sha256"]) == 64
    )


def same_upload(payload, world):
    return isinstance(payload, dict) and payload.get("upload_id") == world.upload_id


def whole_chunk(payload, world):
    query, body = payload
    return query.get("upload_id") == world.upload_id and query.get("offset") in ("0",) and body == chunk_data()


@dataclass(frozen=True)
class Fuzz:
    actor: str
    shape: str  # "json" (JSON body), "form" (multipart), "query" (GET), "chunk" (raw body + query)
    strategy: object
    accepts: object = None  # (payload, world) -> bool; None: the handler takes any payload
    arrange: object = None
    post_only: bool = True
    fields: object = None  # the documented input: a template with ``HOLE`` in every field


def js(keys=(), actor=LEARNER, accepts=None, arrange=None, shape=None):
    fields = shape if shape is not None else {key: HOLE for key in keys}
    return Fuzz(actor, "json", json_payloads(keys, shape), accepts, arrange, fields=fields)


def get(keys=(), actor=LEARNER, accepts=None, arrange=None):
    return Fuzz(actor, "query", queries(keys), accepts, arrange, post_only=False, fields={k: HOLE for k in keys})


def form(keys, file_field=None, actor=LEARNER, accepts=None, arrange=None):
    fields = {key: HOLE for key in keys if key != file_field}
    return Fuzz(actor, "form", forms_with(keys, file_field), accepts, arrange, fields=fields)


# ---- the sweep: each hostile value in each documented field, one field at a time --------------

# Values that broke handlers before (OverflowError on 1e999, RecursionError on deep nesting) and
# their relatives, per way of travelling.
JSON_EDGES = [
    float("inf"),
    float("nan"),
    10**400,
    1.5,
    "1e999",
    "9" * 5000,
    None,
    {},
    nested(500),
]
TEXT_EDGES = [
    "1e999",
    "NaN",
    "9" * 5000,
    "",
    '{"0": 1e999, "1": 0}',
    '{"0": 1.5, "1": 0}',
    "[" * 100_000 + "]" * 100_000,
    '{"0":' * 50_000 + "0" + "}" * 50_000,
]
# Fields that name a record: given the learner's real id, so the sweep reaches past the lookup.
ID_FIELDS = {
    "submission_id": "<submission_id>",
    "file_id": "<file_id>",
    "entry": "<entry_id>",
    "upload_id": "<upload_id>",
    "code": "<code>",
}


def field_paths(template, prefix=()):
    """Every documented field of a template: the paths of its ``HOLE``s (lists: their first entry)."""
    if template is HOLE or isinstance(template, st.SearchStrategy):
        yield prefix
    elif isinstance(template, dict):
        for key, value in template.items():
            yield from field_paths(value, (*prefix, key))
    elif isinstance(template, list):
        yield from field_paths(template[0], (*prefix, 0))


def with_value(path, value, base):
    """``base`` (the record ids) with ``value`` placed at ``path``, building dicts and lists on the way."""
    payload = dict(base)
    node = payload
    for step, following in zip(path, (*path[1:], None), strict=True):
        if following is None:
            if isinstance(node, list):
                node.append(value)
            else:
                node[step] = value
            break
        child = [] if following == 0 else {}
        if isinstance(node, list):
            node.append(child)
        else:
            node[step] = child
        node = child
    return payload


def sweep(case):
    """``[(path, payload)]``: each edge value alone in each documented field of ``case``."""
    if case.fields is None or case.shape not in ("json", "form", "query"):
        return []
    edges = JSON_EDGES if case.shape == "json" else TEXT_EDGES
    base = {key: value for key, value in ID_FIELDS.items() if key in case.fields}
    out = []
    for path in field_paths(case.fields):
        for value in edges:
            out.append((path, with_value(path, value, base)))
    return out


def sha(payload):
    return hashlib.sha256(payload).hexdigest()


STUDIO = ("values", "defaults")
LISTED = ("buku", "jurnal")  # the items of tests/security/support.RESOURCES_XML


def valid_reading_list(payload, world):
    from kemenag_xblocks.resources import items

    if not isinstance(payload, dict):
        return False
    try:
        items.normalise_list(payload.get("items"))
    except items.ItemError:
        return False
    name = payload.get("display_name", "kept")
    return isinstance(name, str) and bool(name.strip()) if "display_name" in payload else True


def studio_shape(tag):
    """Studio's save: a value for every editable field of the block, and the fields to reset."""
    from xblock.core import XBlock

    fields = XBlock.load_class(tag).editable_fields
    return {"values": {name: HOLE for name in fields}, "defaults": [st.sampled_from(fields)]}


ANSWERS = {"answers": {"kk1": HOLE, "kk2": HOLE, "t1": HOLE, "zz": HOLE}}
DIMENSIONS_SHAPE = {
    "dimensions": [{"id": HOLE, "name": HOLE, "weight": HOLE}],
    "bands": [{"min": HOLE, "name": HOLE}],
}
# Handlers that only read: even a 2xx must leave every record, field and file as it was.
READ_ONLY = {
    (Q, "student_view_user_state"),
    (Q, "staff_report"),
    (Q, "staff_report_html"),
    (Q, "download_export"),
    (Q, "export_item_bank"),
    (A, "learner_state_json"),
    (A, "student_view_user_state"),
    (A, "download"),
    (A, "receipt"),
    (A, "submissions"),
    (A, "grade_history"),
    (A, "download_archive"),
    (A, "export_grades"),
    (A, "upload_status"),
    (C, "evidence"),
    (C, "student_view_user_state"),
    (C, "check_transcript"),
    (C, "export_csv"),
    (R, "my_bookmarks"),
    (R, "student_view_user_state"),
    (R, "search_catalogue"),
    (R, "reading_report"),
    (R, "export_reading"),
}

FUZZ = {
    (Q, "student_view_user_state"): js(),
    (Q, "start_attempt"): js(),
    (Q, "save_answers"): js(["answers"], accepts=valid_answers, shape=ANSWERS),
    (Q, "submit"): js(["answers"], accepts=valid_answers, shape=ANSWERS),
    (Q, "staff_report"): js(actor=STAFF),
    (Q, "staff_report_html"): get(actor=STAFF),
    (Q, "export_attempts"): js(actor=STAFF),
    (Q, "download_export"): get(["suffix"], actor=STAFF, accepts=lambda p, w: False),
    (Q, "export_item_bank"): get(actor=STAFF),
    (Q, "import_item_bank"): js(["csv"], actor=STAFF, accepts=lambda p, w: False),
    (Q, "save_dimensions"): js(["dimensions", "bands"], actor=STAFF, shape=DIMENSIONS_SHAPE),
    (Q, "item_rows"): js(actor=STAFF),
    (Q, "save_items"): js(["items"], actor=STAFF),
    (Q, "submit_studio_edits"): js(STUDIO, actor=STAFF, shape=studio_shape(Q)),
    (A, "upload"): form(["file"], "file", accepts=lambda f, w: is_file(f, "file", ("pdf", "png")), arrange=reopen),
    (A, "upload_start"): js(["name", "size", "sha256"], accepts=valid_start, arrange=reopen),
    (A, "upload_status"): js(["upload_id"], accepts=same_upload, arrange=chunk_session),
    (A, "upload_chunk"): Fuzz(
        LEARNER, "chunk", st.tuples(queries(["upload_id", "offset"]), RAW_BODIES), whole_chunk, chunk_session
    ),
    (A, "upload_finish"): js(["upload_id"], accepts=same_upload, arrange=chunk_complete),
    (A, "upload_cancel"): js(["upload_id"], accepts=same_upload, arrange=chunk_session),
    (A, "remove_file"): js(
        ["file_id"], accepts=lambda p, w: isinstance(p, dict) and as_int(p.get("file_id")) == w.file_id, arrange=reopen
    ),
    (A, "submit"): js(
        ["confirm"], accepts=lambda p, w: isinstance(p, dict) and p.get("confirm") is True, arrange=reopen
    ),
    (A, "learner_state_json"): js(),
    (A, "student_view_user_state"): get(),
    (A, "download"): get(["file", "annotated"]),
    (A, "receipt"): get(["format"]),
    (A, "submissions"): js(["status", "search", "page"], actor=STAFF),
    (A, "grade"): form(
        ["submission_id", "score", "feedback", "levels"],
        "annotated",
        STAFF,
        valid_grade,
        arrange=grading_with_or_without_rubric,
    ),
    (A, "return_for_revision"): js(
        ["submission_id", "feedback"],
        actor=STAFF,
        accepts=lambda p, w: isinstance(p, dict) and as_int(p.get("submission_id")) == w.submission_id,
    ),
    (A, "grade_history"): js(["submission_id"], actor=STAFF),
    (A, "download_all"): js(actor=STAFF),
    (A, "download_archive"): get(["token"], actor=STAFF, accepts=lambda p, w: False),
    (A, "export_grades"): get(actor=STAFF),
    (A, "import_grades"): form(["file"], "file", STAFF, valid_import),
    (A, "submit_studio_edits"): js(STUDIO, actor=STAFF, shape=studio_shape(A)),
    (C, "report_training"): form(
        ["title", "organizer", "jp", "competency_type", "completed_on", "certificate_number", "evidence"],
        "evidence",
        accepts=valid_training,
    ),
    (C, "upload_start"): js(["name", "size", "sha256"], accepts=valid_start),
    (C, "upload_status"): js(["upload_id"], accepts=same_upload, arrange=competency_session),
    (C, "upload_chunk"): Fuzz(
        LEARNER, "chunk", st.tuples(queries(["upload_id", "offset"]), RAW_BODIES), whole_chunk, competency_session
    ),
    (C, "upload_cancel"): js(["upload_id"], accepts=same_upload, arrange=competency_session),
    (C, "evidence"): get(["entry"]),
    (C, "transcript"): get(),
    (C, "student_view_user_state"): get(),
    (C, "decide_training"): js(["entry", "approve", "reason"], actor=STAFF, accepts=valid_decision),
    (C, "check_transcript"): js(["code"], actor=STAFF),
    (C, "export_csv"): get(actor=STAFF),
    (C, "submit_studio_edits"): js(STUDIO, actor=STAFF, shape=studio_shape(C)),
    (R, "open"): get(["item", "pdf"], accepts=lambda p, w: p.get("item") in LISTED),
    (R, "mark_read"): js(["item", "read"], accepts=lambda p, w: isinstance(p, dict) and p.get("item") in LISTED),
    (R, "bookmark"): js(["item", "on"], accepts=lambda p, w: isinstance(p, dict) and p.get("item") in LISTED),
    (R, "my_bookmarks"): js(),
    (R, "student_view_user_state"): get(),
    (R, "search_catalogue"): js(["q"], actor=STAFF),
    (R, "save_list"): js(["items", "intro", "display_name"], actor=STAFF, accepts=valid_reading_list),
    (R, "reading_report"): js(actor=STAFF),
    (R, "export_reading"): get(actor=STAFF),
}
