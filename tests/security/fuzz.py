"""What the property-based tests send to each handler, and which payloads a handler may accept.

A handler's ``Fuzz`` names who calls it, how its input travels (JSON body, multipart form, query
string, raw body) and, for handlers that change records, ``accepts(payload, world)``: the contract
of a payload it may take. A 2xx for anything else is a bug; a 4xx must carry a message and leave
every record, field and file as it was; a 5xx is always a bug.

Strategies may use placeholders (``"<file_id>"``...) that become the learner's real ids at call
time, so the fuzzer also hits the paths where the id is right and something else is wrong.
"""

import hashlib
from dataclasses import dataclass

from hypothesis import strategies as st

from kemenag_xblocks.assignment import grades_csv, rules
from kemenag_xblocks.competency import forms
from tests.assignment import samples
from tests.security.matrix import A, C, Q, chunk_complete, chunk_data, chunk_session, competency_session, reopen
from tests.security.support import LEARNER, STAFF

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


def json_payloads(keys=()):
    """Any JSON, and objects built from the handler's own keys with any values."""
    keyed = st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=8)), JSON_VALUES, max_size=5)
    return st.one_of(JSON_VALUES, keyed) if keys else JSON_VALUES


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
    """A multipart form: the handler's fields with hostile text, maybe a hostile file."""
    fields = draw(st.dictionaries(st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=8)), TEXT, max_size=6))
    if file_field and draw(st.booleans()):
        fields[file_field] = (draw(FILE_NAMES), draw(FILE_CONTENT))
    return fields


def queries(keys):
    names = (
        st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=8)) if keys else st.text(min_size=1, max_size=8)
    )
    return st.dictionaries(names, TEXT, max_size=3)


# ---- contracts of the handlers that change records ---------------------------------------------

QUIZ_ITEMS = {"kk1": "likert", "kk2": "likert", "t1": ("a", "b")}


def valid_answers(payload, world):
    answers = payload.get("answers") if isinstance(payload, dict) else None
    if not isinstance(answers, dict) or not set(answers) <= set(QUIZ_ITEMS):
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


def valid_grade(fields, world):
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


def js(keys=(), actor=LEARNER, accepts=None, arrange=None):
    return Fuzz(actor, "json", json_payloads(keys), accepts, arrange)


def get(keys=(), actor=LEARNER, accepts=None, arrange=None):
    return Fuzz(actor, "query", queries(keys), accepts, arrange, post_only=False)


def form(keys, file_field=None, actor=LEARNER, accepts=None, arrange=None):
    return Fuzz(actor, "form", forms_with(keys, file_field), accepts, arrange)


def sha(payload):
    return hashlib.sha256(payload).hexdigest()


STUDIO = ("values", "defaults")
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
}

FUZZ = {
    (Q, "student_view_user_state"): js(),
    (Q, "start_attempt"): js(),
    (Q, "save_answers"): js(["answers"], accepts=valid_answers),
    (Q, "submit"): js(["answers"], accepts=valid_answers),
    (Q, "staff_report"): js(actor=STAFF),
    (Q, "staff_report_html"): get(actor=STAFF),
    (Q, "export_attempts"): js(actor=STAFF),
    (Q, "download_export"): get(["suffix"], actor=STAFF, accepts=lambda p, w: False),
    (Q, "export_item_bank"): get(actor=STAFF),
    (Q, "import_item_bank"): js(["csv"], actor=STAFF, accepts=lambda p, w: False),
    (Q, "save_dimensions"): js(["dimensions", "bands"], actor=STAFF),
    (Q, "submit_studio_edits"): js(STUDIO, actor=STAFF),
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
    (A, "grade"): form(["submission_id", "score", "feedback", "levels"], "annotated", STAFF, valid_grade),
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
    (A, "submit_studio_edits"): js(STUDIO, actor=STAFF),
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
    (C, "submit_studio_edits"): js(STUDIO, actor=STAFF),
}
