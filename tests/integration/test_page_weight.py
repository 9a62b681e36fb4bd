"""Page weight on a weak line (issue 9): what each block's learner view adds to a page, gzip-compressed,
stays under 60 KB, and nothing in it makes the browser contact a host other than the platform.

Each block's figure is printed as the test runs (output capture is lifted for that line).
"""

import os

import pytest

from tests.support.handlers import read
from tests.support.olx import small_quiz
from tests.support.page_weight import BUDGET, external_references, measure, package_sources

# One realistic block of each kind: the course's own settings, as a learner and as staff sees it.
BLOCKS = {
    "kemenag_moderation_quiz": small_quiz('time_limit_minutes="10"', url_name="q"),
    "kemenag_assignment": '<kemenag_assignment display_name="Rencana aksi"/>',
    "kemenag_competency": '<kemenag_competency display_name="JP saya" jp="20"/>',
    "kemenag_resources": """
      <kemenag_resources display_name="Ruang Baca">
        <item kind="link" url="https://online.flipbuilder.com/klaoh/euoy" year="2019" required="true">
          <title>Moderasi Beragama</title><creator>Kementerian Agama RI</creator><note>Hlm. 88.</note>
        </item>
        <item kind="record" identifier="oai:contoh:1" url="https://jurnal.contoh.invalid/1"
              pdf_url="https://jurnal.contoh.invalid/1.pdf"><title>Artikel</title></item>
      </kemenag_resources>""",
}


def fetch(client):
    def get(url):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return read(response)

    return get


@pytest.mark.parametrize("tag", BLOCKS)
@pytest.mark.parametrize("student", ["student_1", "staff"])
def test_each_block_stays_under_the_page_weight_budget_and_on_the_platform(client, scenario, capsys, tag, student):
    # The block's own fragment, before the runtime wraps it with the platform's assets (jQuery, runtime JS).
    fragment = scenario(BLOCKS[tag]).block(student).student_view({})
    weight = measure(f"{tag} ({'staff' if student == 'staff' else 'learner'})", fragment, fetch(client))
    with capsys.disabled():  # the figure is the point of the test: shown without -s
        print("\n" + weight.line())
    assert weight.parts, "the block adds no assets: the measurement found nothing to weigh"
    assert not weight.external, f"{tag} loads from other hosts: {weight.external}"
    assert weight.compressed <= BUDGET, weight.line()


def test_no_source_file_refers_to_another_host():
    """Catches what a render may not show: a CDN link in a branch of a template or script."""
    offending = {
        path.relative_to(path.parents[2]).as_posix(): found
        for path in package_sources()
        if (found := external_references(path.read_text(encoding="utf-8")))
    }
    assert not offending, offending


def test_the_measurement_sees_external_hosts_and_images():
    """The check can fail: a CDN script, a web font and our own images are all caught and counted."""
    from web_fragments.fragment import Fragment

    served = {"/resource/x/public/logo.png": b"\x89PNG" + os.urandom(4000), "/resource/x/public/x.css": b""}
    fragment = Fragment('<p>Hi</p><img src="/resource/x/public/logo.png" alt="">')
    fragment.add_javascript_url("https://cdn.example.com/lib.js")
    fragment.add_css("@import url('//fonts.example.net/css?family=Noto');")
    weight = measure("probe", fragment, served.__getitem__)
    assert weight.external == ["https://cdn.example.com/lib.js", "//fonts.example.net/css?family=Noto"]
    assert [what for what, _raw, _gz in weight.parts] == ["inline text/css", "logo.png"]
    assert weight.compressed > 4000, "the (incompressible) image is counted"
    assert external_references('var ns = "http://www.w3.org/2000/svg";') == []
