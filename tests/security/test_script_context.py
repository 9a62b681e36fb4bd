"""Script break-out through start-up data: a ``</script>`` or ``<!--`` in any string an author, a
learner or a grader controls never leaves the ``<script>`` element that carries the blocks' data.

Every such string (titles, instructions, rubric criterion and level names, quiz dimension and band
names, prompts and options, file names, training titles and organizers, grader feedback, the quiz
result built from dimension and band names) is stored through OLX and the handlers, then the
workbench's real pages (learner, staff, Studio) are fetched and parsed as a browser tokenises
HTML (``html.parser`` switches to raw text inside ``<script>`` exactly like the HTML standard):
no element or attribute carries the payload, and each string comes back intact from the page's
JSON. ``tests/browser/test_script_breakout.py`` proves the same in Chromium.
"""

import json
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

import pytest
from django.utils import timezone

from kemenag_xblocks.common.rendering import script_json
from tests.assignment import samples
from tests.security.support import LEARNER, STAFF, ReplyCaller, ensure_users, upload_file
from tests.support.handlers import page_url
from tests.support.quiz_tokens import tokenized

BREAK = "</script><img src=x onerror=window.__xss=1><!--"  # no quotes: JSON leaves it as is


def hostile(label):
    return f"{label} {BREAK} <!-- </SCRIPT > \u2028\u2029 & end"


AUTHOR = {name: hostile(name) for name in ("a_title", "a_instr", "a_crit", "a_desc", "a_level")}
QUIZ_AUTHOR = {name: hostile(name) for name in ("q_title", "q_dim", "q_band", "q_prompt", "q_option")}
COMP_AUTHOR = {name: hostile(name) for name in ("c_title", "c_course")}
LEARNER_TEXT = {name: hostile(name) for name in ("l_file", "l_training", "l_organizer")}
GRADER = {"g_feedback": hostile("g_feedback")}
# A file name keeps only its last path part (no "/"): ``<!--<script>`` makes the next ``</script>``
# of the page not close its element, the other way to break out.
FILE_NAME = "l_file <!--<script> <img src=x onerror=window.__xss=1>.pdf"
LEARNER_TEXT["l_file"] = FILE_NAME

ASSIGNMENT_XML = f"""<kemenag_assignment display_name={quoteattr(AUTHOR["a_title"])} weight="40" allowed_types="pdf">
  <instructions>{escape(AUTHOR["a_instr"])}</instructions>
  <rubric>
    <criterion name={quoteattr(AUTHOR["a_crit"])} description={quoteattr(AUTHOR["a_desc"])}>
      <level points="0">{escape(AUTHOR["a_level"])}</level><level points="10">Baik</level>
    </criterion>
  </rubric>
</kemenag_assignment>"""
QUIZ_XML = f"""<kemenag_moderation_quiz display_name={quoteattr(QUIZ_AUTHOR["q_title"])} max_attempts="0">
  <dimension id="kk" weight="1">{escape(QUIZ_AUTHOR["q_dim"])}</dimension>
  <band min="0">{escape(QUIZ_AUTHOR["q_band"])}</band>
  <item id="kk1" dimension="kk"><prompt>{escape(QUIZ_AUTHOR["q_prompt"])}</prompt></item>
  <item id="kk2" dimension="kk" type="choice"><prompt>Pilih</prompt>
    <option id="a" score="0">{escape(QUIZ_AUTHOR["q_option"])}</option><option id="b" score="4">B</option>
  </item>
</kemenag_moderation_quiz>"""
COMPETENCY_XML = (
    f'<kemenag_competency display_name={quoteattr(COMP_AUTHOR["c_title"])} jp="12" '
    f'competency_type="teknis" course_title={quoteattr(COMP_AUTHOR["c_course"])}/>'
)


class Tokens(HTMLParser):
    """What a browser's tokeniser makes of a page: elements with attributes, comments, and the
    text of each ``<script>`` (raw text: nothing inside it is markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.comments, self.scripts, self._script = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = {"attrs": dict(attrs), "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None

    def handle_comment(self, data):
        self.comments.append(data)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def page_problems(html):
    """Elements or comments the payload produced, and the strings the page's JSON carries."""
    tokens = Tokens()
    tokens.feed(html)
    tokens.close()
    problems = [
        (tag, attrs)
        for tag, attrs in tokens.elements
        # (author HTML such as instructions is sanitised, not escaped: an ``<img src=x>`` may stay,
        # its ``onerror`` may not)
        # (a form field's ``value`` may hold the text: it is an attribute's value, not markup)
        if any(name.startswith("on") and "__xss" in str(value) for name, value in attrs.items())
    ]
    problems += [("comment", text[:60]) for text in tokens.comments if "__xss" in text]
    carried = set()
    for script in tokens.scripts:
        if script["attrs"].get("type") in ("application/json", "json/xblock-args"):
            try:
                carried.update(strings_in(json.loads(script["text"])))
            except ValueError:
                problems.append(("script", f"start-up data cut short: {script['text'][:60]}"))
    return problems, carried


@pytest.fixture
def stored(client, scenario, settings, tmp_path):
    """Every hostile string stored: by OLX (authors), the handlers (learners, a grader)."""
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    ensure_users()
    units = {
        "assignment": scenario(ASSIGNMENT_XML),
        "quiz": scenario(QUIZ_XML),
        "competency": scenario(COMPETENCY_XML),
    }
    assignment = ReplyCaller(client, units["assignment"])
    reply = assignment.call(LEARNER, "upload", form={"file": upload_file(FILE_NAME, samples.pdf())})
    assert reply.status == 200, reply.content
    assert reply.json["files"][0]["name"] == FILE_NAME
    assert assignment.call(LEARNER, "submit", json_body={"confirm": True}).status == 200
    from kemenag_xblocks.assignment.models import AssignmentSubmission

    graded = assignment.call(
        STAFF,
        "grade",
        form={
            "submission_id": str(AssignmentSubmission.objects.get().pk),
            "levels": '{"0": 0}',
            "feedback": GRADER["g_feedback"],
        },
    )
    assert graded.status == 200, graded.content
    quiz = ReplyCaller(client, units["quiz"])
    assert quiz.call(LEARNER, "start_attempt", json_body={}).status == 200
    submitted = quiz.call(LEARNER, "submit", json_body={"answers": tokenized({"kk1": 4, "kk2": "a"}, LEARNER)})
    assert submitted.status == 200, submitted.content
    competency = ReplyCaller(client, units["competency"])
    reported = competency.call(
        LEARNER,
        "report_training",
        form={
            "title": LEARNER_TEXT["l_training"][:200],
            "organizer": LEARNER_TEXT["l_organizer"][:200],
            "jp": "2",
            "competency_type": "teknis",
            "completed_on": timezone.localdate().isoformat(),
            "certificate_number": "BDK-JKT/2026/0042",
            "evidence": upload_file("bukti.pdf", samples.pdf("bukti")),
        },
    )
    assert reported.status == 200, reported.content
    return units


def fetch_page(client, unit, student, view=""):
    url = page_url(unit.name, student, view)
    reply = client.get(url)
    assert reply.status_code == 200, url
    return reply.content.decode()


# (block, who looks, view, strings that page's start-up data must carry intact)
PAGES = [
    ("assignment", LEARNER, "", {"l_file", "g_feedback", "a_crit", "a_level"}),
    ("assignment", STAFF, "", {"a_crit", "a_level"}),
    ("assignment", STAFF, "studio_view", set()),
    ("quiz", LEARNER, "", {"q_dim", "q_band"}),
    ("quiz", STAFF, "", set()),
    ("quiz", STAFF, "studio_view", set()),
    ("competency", LEARNER, "", set()),
    ("competency", STAFF, "", set()),
    ("competency", STAFF, "studio_view", set()),
]
EVERY = {**AUTHOR, **QUIZ_AUTHOR, **COMP_AUTHOR, **LEARNER_TEXT, **GRADER}


@pytest.mark.parametrize(("block", "student", "view", "carried"), PAGES, ids=[f"{p[0]}-{p[1]}-{p[2]}" for p in PAGES])
def test_hostile_strings_stay_inside_their_script_element(client, stored, block, student, view, carried):
    html = fetch_page(client, stored[block], student, view)
    problems, strings = page_problems(html)
    assert not problems, f"the payload made markup: {problems[:3]}"
    for label in carried:
        assert any(EVERY[label] in text for text in strings), f"{label} did not reach the script's data intact"


def test_the_parser_check_sees_a_break_out():
    """The check can fail: the same data written with a plain ``json.dumps`` breaks out."""
    data = {"feedback": GRADER["g_feedback"]}
    raw = f'<div><script type="json/xblock-args">{json.dumps(data)}</script></div>'
    tokens = Tokens()
    tokens.feed(raw)
    assert page_problems(raw)[0], "the break-out is seen"
    safe = f'<div><script type="application/json">{script_json(data)}</script></div>'
    problems, strings = page_problems(safe)
    assert not problems and GRADER["g_feedback"] in strings


def test_script_json_escapes_every_character_that_ends_or_changes_a_script():
    text = script_json({"k<>&": "<>&\u2028\u2029</script><!--"})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"k<>&": "<>&\u2028\u2029</script><!--"}
