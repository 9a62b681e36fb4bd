"""The HR officers' page through Django's test client, signed in as the LMS signs people in."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from kemenag_xblocks.competency import people
from kemenag_xblocks.competency.models import HrOfficer, LearnerProfile, LedgerEntry, OfficerExport, WorkUnit
from tests.competency.conftest import add_entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lms_sessions(settings, tmp_path):
    settings.KEMENAG_DOWNLOAD_REQUESTER = ""  # who asks: the session's user, as in the LMS
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip


@pytest.fixture
def org():
    def unit(code, name, parent=None, level="sub_unit"):
        made = WorkUnit.objects.create(code=code, name=name, parent=parent, level=level)
        made.path = (parent.path if parent else "/") + f"{made.pk}/"
        made.save()
        return made

    kanwil = unit("KW-JATIM", "Kanwil Jawa Timur", level="kanwil")
    kk = unit("KK-SBY", "Kankemenag Kota Surabaya", kanwil, "kankemenag")
    man = unit("MAN-1", "MAN 1 Surabaya", kk)
    bali = unit("KW-BALI", "Kanwil Bali", level="kanwil")
    users = get_user_model().objects
    officer = users.create(username="petugas_sby", first_name="Petugas")
    HrOfficer.objects.create(user=officer, work_unit=kk)
    guru = users.create(username="guru", first_name="Guru", last_name="Madrasah")
    LearnerProfile.objects.create(user=guru, employee_type="pns", nip="198609262015051001")
    lama = users.create(username="lama", first_name="Belum", last_name="Pelatihan")
    bali_learner = users.create(username="wayan")
    for user, where in ((guru, man), (lama, man), (bali_learner, bali)):
        people.move(user.pk, where, date(2020, 1, 1))
    add_entry(guru, jp="24", on=timezone.localdate().replace(month=1, day=5))
    return {
        "kanwil": kanwil,
        "kk": kk,
        "man": man,
        "bali": bali,
        "officer": officer,
        "guru": guru,
        "wayan": bali_learner,
    }


def test_signing_in_is_required_and_non_officers_get_not_found(client, org):
    home = reverse("kemenag_xblocks:officer_home")
    response = client.get(home)
    assert response.status_code == 302 and "next=" in response["Location"]
    client.force_login(org["guru"])
    assert client.get(home).status_code == 404


def test_the_officer_sees_their_subtree_with_drill_down_to_the_people(client, org):
    client.force_login(org["officer"])
    with_lang = {"HTTP_ACCEPT_LANGUAGE": "id"}
    home = client.get(reverse("kemenag_xblocks:officer_home"), **with_lang)
    html = home.content.decode()
    assert home.status_code == 200 and "Kankemenag Kota Surabaya" in html and "Kanwil Bali" not in html
    assert "Petugas kepegawaian: kepatuhan JP" in html, "Indonesian first"
    unit = client.get(
        reverse("kemenag_xblocks:officer_unit", kwargs={"pk": org["kk"].pk}), **with_lang
    ).content.decode()
    assert "MAN 1 Surabaya" in unit and "Unit di bawah unit ini" in unit
    none = client.get(
        reverse("kemenag_xblocks:officer_people", kwargs={"pk": org["kk"].pk}) + "?state=none", **with_lang
    ).content.decode()
    assert "Belum Pelatihan" in none and "Guru Madrasah" not in none
    for other in (org["kanwil"], org["bali"]):  # above or beside their unit: as if missing
        assert client.get(reverse("kemenag_xblocks:officer_unit", kwargs={"pk": other.pk})).status_code == 404
        assert client.get(reverse("kemenag_xblocks:officer_people", kwargs={"pk": other.pk})).status_code == 404


def test_the_queue_holds_their_units_trainings_and_a_decision_is_recorded(client, org):
    mine = add_entry(org["guru"], jp="6", on="2026-02-02", status="pending", source="external")
    theirs = add_entry(org["wayan"], jp="6", on="2026-02-02", status="pending", source="external")
    client.force_login(org["officer"])
    queue = client.get(reverse("kemenag_xblocks:officer_queue")).content.decode()
    assert f'data-entry="{mine.pk}"' in queue and f'data-entry="{theirs.pk}"' not in queue
    refused = client.post(
        reverse("kemenag_xblocks:officer_decide", kwargs={"entry": theirs.pk}), {"decision": "verify"}
    )
    assert refused.status_code == 404 and LedgerEntry.objects.get(pk=theirs.pk).status == "pending"
    no_reason = client.post(
        reverse("kemenag_xblocks:officer_decide", kwargs={"entry": mine.pk}), {"decision": "reject"}
    )
    assert no_reason.status_code == 302 and LedgerEntry.objects.get(pk=mine.pk).status == "pending"
    done = client.post(reverse("kemenag_xblocks:officer_decide", kwargs={"entry": mine.pk}), {"decision": "verify"})
    assert done.status_code == 302
    entry = LedgerEntry.objects.get(pk=mine.pk)
    assert entry.status == "verified" and entry.verified_by == org["officer"]


def test_an_export_runs_as_a_task_shows_progress_and_downloads_only_for_its_officer(client, org):
    client.force_login(org["officer"])
    started = client.post(
        reverse("kemenag_xblocks:officer_export_start", kwargs={"pk": org["kk"].pk}), {"kind": "compliance"}
    )
    assert started.status_code == 302
    export = OfficerExport.objects.get()
    status = client.get(started["Location"] + "?format=json").json()
    assert status["state"] == "done" and status["percent"] == 100 and status["download"]
    page = client.get(started["Location"]).content.decode()
    assert 'value="100"' in page and re.search(r'href="[^"]+/download/"', page)
    download = client.get(status["download"])
    body = b"".join(download.streaming_content).decode()
    assert body.splitlines()[0].startswith("username,name,employee_type")
    assert "guru" in body and "lama" in body and "wayan" not in body
    client.force_login(org["guru"])
    assert client.get(status["download"]).status_code == 404
    export.refresh_from_db()
    assert export.state == "done" and export.path.endswith(".csv")
