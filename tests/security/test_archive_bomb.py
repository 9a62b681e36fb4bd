"""Memory amplification by a small office file: a 2 MB .odt whose ``mimetype`` member inflates to
190 MB (its sizes declared honestly, the archive's overall ratio ordinary) is refused with a clear
message, and the request's peak memory (``tracemalloc``, in the process serving it) stays bounded:
every member is read through a bounded stream and inflation is capped by the bytes produced."""

import tracemalloc

import pytest

from tests.security.office_samples import odt_bomb
from tests.security.support import STAFF, changed, snapshot
from tests.security.test_upload_corpus import send

MB = 1024 * 1024
# Request parsing holds the 2 MB body a few times over; inflating the member whole took 190 MB.
PEAK_BUDGET = 32 * MB


@pytest.fixture(scope="module")
def bomb():
    data = odt_bomb()
    assert len(data) <= 2.1 * MB
    return data


@pytest.fixture
def accepts_odt(world):
    reply = world.assignment.call(
        STAFF,
        "submit_studio_edits",
        json_body={"values": {"allowed_types": "pdf,odt", "max_file_mb": 5}, "defaults": []},
    )
    assert reply.status == 200, reply.content
    return world


@pytest.mark.parametrize("channel", ["assignment", "assignment-raw", "assignment-chunked"])
def test_a_small_odt_inflating_to_190_mb_is_refused_within_a_memory_bound(accepts_odt, bomb, channel):
    world = accepts_odt
    state = snapshot()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        reply = send(world, channel, "laporan.odt", bomb)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert reply.status == 415, (reply.status, reply.content[:200])
    assert reply.json["code"] == "bad_archive"
    assert "unusually large" in reply.message()
    assert peak < PEAK_BUDGET, f"peak memory grew by {peak / MB:.0f} MB"
    if channel != "assignment-chunked":
        assert not changed(state, snapshot())


def test_the_memory_check_can_fail(bomb):
    """The measurement sees a member inflated whole (what ``archive.read("mimetype")`` did)."""
    import io
    import zipfile

    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        zipfile.ZipFile(io.BytesIO(bomb)).read("mimetype")[:100]
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert peak > 150 * MB


def test_the_message_is_in_the_learners_language(accepts_odt, bomb, settings):
    settings.LANGUAGE_CODE = "id"
    reply = send(accepts_odt, "assignment", "laporan.odt", bomb)
    assert reply.status == 415
    assert reply.message().startswith("Dokumen ini mengembang menjadi sangat besar")
