"""Issue 21 for the assignment, server side: the Studio save refuses what would break grading, a
block without points is refused plainly when graded, times carry their zone, the receipt names
the course and explains the fingerprint, learners see the rubric before handing in."""

import csv
import io
import json
import re
import zlib

import pytest
from django.conf import settings
from django.utils import translation
from web_fragments.fragment import Fragment
from workbench.runtime import WorkbenchRuntime
from xblock.core import XBlock
from xblock.fields import Scope, String

from kemenag_xblocks.assignment.models import AssignmentSubmission
from kemenag_xblocks.common.rendering import init_args_of
from kemenag_xblocks.conf import setting
from tests.assignment.conftest import AssignmentCaller
from tests.support.blocks import temporary_block_type
from tests.support.handlers import Caller
from tests.support.olx import olx

HALF = """
<kemenag_assignment weight="40.5" allowed_types="pdf">
  <rubric>
    <criterion name="Analisis"><level points="0">Kurang</level><level points="12.5">Baik</level></criterion>
  </rubric>
</kemenag_assignment>
"""


def body(response):
    return json.loads(response.content)


def save(client, block, values):
    return Caller(client, block).json("staff", "submit_studio_edits", {"values": values, "defaults": []})


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_editor_writes_numbers_as_number_inputs_read_them_in_every_language(scenario, language):
    block = scenario(HALF).block("staff")
    with translation.override(language):
        fragment = block.studio_view()
    html = fragment.body_html()
    assert re.search(r'name="weight" value="40.5"', html), "40,5 would be shown empty by <input type=number>"
    assert init_args_of(fragment)["values"]["weight"] == "40.5"
    assert init_args_of(fragment)["rubric"][0]["levels"][1]["points"] == 12.5
    expected = {"id": "Simpan pengaturan", "en": "Save the settings"}[language]
    assert expected in html


@pytest.mark.parametrize("values", [{"weight": None}, {"weight": -1}, {"max_files": None}, {"grace_hours": None}])
def test_a_save_that_would_wipe_or_break_a_number_is_refused_and_changes_nothing(client, scenario, values):
    unit = scenario(HALF)
    response = save(client, unit.block("staff"), values)
    assert response.status_code == 400, response.content
    again = unit.block("staff")
    assert (again.weight, again.max_files, again.grace_hours) == (40.5, 5, 0)


def test_a_rubric_level_without_points_is_refused_on_save(client, scenario):
    unit = scenario(HALF)
    rubric = [{"name": "A", "levels": [{"label": "x", "points": None}, {"label": "y", "points": 2}]}]
    assert save(client, unit.block("staff"), {"rubric": rubric}).status_code == 400
    assert unit.block("staff").rubric[0]["levels"][1]["points"] == 12.5


def test_the_due_date_is_read_in_the_authors_time_zone(client, scenario):
    unit = scenario(HALF)
    assert save(client, unit.block("staff"), {"due_date": "2026-12-31T23:59"}).status_code == 200
    due = unit.block("staff").due_date
    assert (due.year, due.month, due.day, due.hour, due.minute) == (2026, 12, 31, 16, 59), "23.59 WIB is 16.59 UTC"
    html = unit.block("student_1").render("student_view").body_html()
    assert "23.59 WIB" in html
    assert save(client, unit.block("staff"), {"due_date": "besok"}).status_code == 400


def test_grading_a_block_whose_points_were_wiped_is_refused_not_a_server_error(client, scenario):
    unit = scenario(HALF)
    calls = AssignmentCaller(client, unit)
    calls.hand_in("student_1")
    broken = unit.block("staff")
    broken.weight = None  # what the old editor saved from "100,0"
    broken.save()
    submission = AssignmentSubmission.objects.get()
    response = calls.form("staff", "grade", {"submission_id": submission.pk, "levels": json.dumps({"0": 1})})
    assert response.status_code == 409 and body(response)["code"] == "no_points"
    assert "Studio" in body(response)["error"]


def test_times_for_learners_and_staff_carry_the_zone(client, scenario):
    calls = AssignmentCaller(client, scenario(olx("kemenag_assignment/rubric")))
    state = calls.hand_in("student_1")
    assert state["submitted_at"].endswith(" WIB")
    [row] = calls.rows()["rows"]
    assert row["submitted_at"].endswith(" WIB")
    submission = AssignmentSubmission.objects.get()
    calls.form("staff", "grade", {"submission_id": submission.pk, "levels": json.dumps({"0": 1, "1": 1})})
    [entry] = body(calls.json("staff", "grade_history", {"submission_id": submission.pk}))["entries"]
    assert entry["when"].endswith(" WIB")


def pdf_text(data):
    """The text of fpdf2's (zlib-compressed) content streams."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "".join(re.findall(r"\((.*?)\)\s*Tj", "".join(texts)))


@pytest.mark.parametrize(
    ("language", "words"), [("id", ("WIB", "Sidik jari", "byte")), ("en", ("WIB", "Fingerprint", "bytes"))]
)
def test_the_receipt_and_its_pdf_name_the_zone_the_course_and_what_the_fingerprint_is(
    client, scenario, language, words
):
    calls = AssignmentCaller(client, scenario(olx("kemenag_assignment/rubric")))
    calls.hand_in("student_1")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = calls.get("student_1", "receipt").content.decode()
    pdf = pdf_text(calls.get("student_1", "receipt", format="pdf").content)
    for text in (page, pdf):
        for word in words:
            assert word in text, (word, text[:400])
        # No course block above it in the workbench: the course key, never a made-up name.
        assert setting("KEMENAG_FALLBACK_COURSE_KEY") in text
    assert "SHA-256" in page
    assert ("proves which file" if language == "en" else "membuktikan berkas") in page


def test_learners_see_the_rubric_and_points_per_criterion_before_handing_in(scenario):
    block = scenario(HALF).block("student_1")
    with translation.override("id"):
        html = block.render("student_view").body_html()
    assert "Cara tugas Anda dinilai" in html and "Analisis" in html and "Baik: 12,5 poin" in html
    assert "diskalakan ke 40,5 poin tugas" in html
    with translation.override("en"):
        english = block.render("student_view").body_html()
    assert "Hand in" in english and "Kumpulkan" not in english


def test_the_grades_csv_starts_with_the_identity_columns_the_quiz_csv_uses(client, scenario):
    calls = AssignmentCaller(client, scenario(olx("kemenag_assignment/rubric")))
    calls.hand_in("student_1")
    text = calls.get("staff", "export_grades").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))[:2]
    assert header[:2] == ["username", "anonymous_id"]
    assert row[0] == "student_1" and len(row[1]) == 32


class CourseStandIn(XBlock):
    """A block of type ``course`` above the assignment, as the LMS's course block is."""

    has_children = True
    display_name = String(scope=Scope.settings, default="")

    def student_view(self, context=None):
        return Fragment("")


def test_the_receipt_names_the_course_by_its_display_name(client, scenario):
    with temporary_block_type(CourseStandIn, "course"):
        unit = scenario('<course display_name="Moderasi Beragama untuk ASN"><kemenag_assignment/></course>')
        runtime = WorkbenchRuntime("student_1")
        block = runtime.get_block(runtime.get_block(unit.usage_id).children[0])
        assert block.course_name() == "Moderasi Beragama untuk ASN"
    assert scenario("<kemenag_assignment/>").block().course_name() == setting("KEMENAG_FALLBACK_COURSE_KEY")


def test_the_editor_is_given_the_types_as_its_check_boxes_report_them(scenario):
    """Otherwise an untouched save would rewrite "docx, pdf" as "pdf,docx"."""
    block = scenario('<kemenag_assignment allowed_types="docx, pdf"/>').block("staff")
    assert init_args_of(block.studio_view())["values"]["allowed_types"] == "pdf,docx"
