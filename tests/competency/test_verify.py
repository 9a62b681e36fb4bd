"""The public verification page: no sign-in, only what a checker needs, rate-limited."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from kemenag_xblocks.competency import ledger, people, transcript
from kemenag_xblocks.competency.models import LearnerProfile, Transcript, WorkUnit
from tests.competency.conftest import COURSE, send_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def holder(learner, course):
    LearnerProfile.objects.create(user=learner, employee_type="pns", nip="198609262015051001")
    unit = WorkUnit.objects.create(code="KK-SBY", name="Kankemenag Kota Surabaya")
    unit.path = f"/{unit.pk}/"
    unit.save()
    people.move(learner.pk, unit, date(2020, 1, 1))
    send_certificate(learner, download_url="/certificates/ab12cd34ef56")
    return learner


def test_a_transcript_code_shows_name_training_jp_dates_and_validity_and_nothing_more(client, holder):
    issued = transcript.issue(holder)
    response = client.get(
        reverse("kemenag_xblocks:verify", kwargs={"code": issued.code.lower()}), HTTP_ACCEPT_LANGUAGE="id"
    )
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Siti Aminah" in html and "Moderasi Beragama" in html and ">12<" in html and "sah" in html
    for private in ("siti<", "198609262015051001", "Kankemenag", "example.invalid"):
        assert private not in html, f"the page shows {private}"


def test_a_revoked_course_shows_as_revoked_on_an_earlier_transcript(client, holder):
    issued = transcript.issue(holder)
    send_certificate(holder, revoked=True)
    html = client.get(
        reverse("kemenag_xblocks:verify", kwargs={"code": issued.code}), HTTP_ACCEPT_LANGUAGE="id"
    ).content
    assert "dicabut" in html.decode() and "memuat pelatihan yang dicabut" in html.decode()


def test_an_e_certificate_code_checks_the_course_record(client, holder):
    url = reverse("kemenag_xblocks:verify_form") + "?code=ab12cd34ef56"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "E-certificate" in html and "Moderasi Beragama" in html and "valid" in html
    assert client.get(reverse("kemenag_xblocks:verify", kwargs={"code": "ZZZZ9999"})).status_code == 404


def test_checks_are_rate_limited_per_client(client, holder, settings):
    settings.KEMENAG_VERIFY_RATE_PER_MINUTE = 3
    statuses = [
        client.get(reverse("kemenag_xblocks:verify", kwargs={"code": f"GUESS{n:04d}"})).status_code for n in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]
    other = client.get(reverse("kemenag_xblocks:verify", kwargs={"code": "GUESS0000"}), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404, "another client is not limited"


def test_the_qr_code_points_to_the_verification_page(holder, settings):
    settings.LMS_ROOT_URL = "https://pintar.kemenag.go.id"
    issued = transcript.issue(holder)
    assert transcript.verification_target(issued.code) == f"https://pintar.kemenag.go.id/kemenag/verify/{issued.code}/"


def test_downloading_the_transcript_twice_issues_it_once(holder):
    first, second = transcript.issue(holder), transcript.issue(holder)
    assert first.pk == second.pk and Transcript.objects.count() == 1
    ledger.set_course_competency("course-v1:Kemenag+LAIN+2026", jp="4", competency_type="teknis", title="Lain")
    ledger.record_course(holder.pk, "course-v1:Kemenag+LAIN+2026")
    assert transcript.issue(holder).pk != first.pk, "new figures: a new transcript"
    assert COURSE


def test_the_transcript_pdf_prints_unicode_nip_unit_and_indonesian_numbers(holder, tmp_path):
    from tests.competency.pdf import pdf_png, pdf_text

    ledger.set_course_competency(
        "course-v1:Kemenag+TFS+2026", jp="7.5", competency_type="sosial_kultural", title="Tafsir “Wasathiyah” — الوسطية"
    )
    ledger.record_course(holder.pk, "course-v1:Kemenag+TFS+2026")
    with translation.override("id"):
        content = transcript.render_pdf(transcript.issue(holder))
    text = pdf_text(content)
    assert "“Wasathiyah”" in text and "?" not in text, "typographic quotes print as themselves"
    arabic = [ch for ch in text if "\u0600" <= ch <= "\u06ff"]
    assert len(arabic) >= 5, "Arabic script is printed as Arabic letters (shaped), not as ?"
    assert "198609262015051001" in text and "Kankemenag Kota Surabaya" in text
    assert "19,5" in text and "7,5" in text, "Indonesian decimal comma"
    assert "Kementerian Agama Republik Indonesia" in text, "the operator's letterhead"
    pdf_png(content, tmp_path / "transcript.png")
