"""The demo serves the real course's units that use our blocks, one scenario per unit."""

import re

import pytest

from demo.course_units import OUR_TAGS, course_unit_scenarios
from tests.support.handlers import page_url


def test_every_block_type_has_a_course_unit_scenario():
    used = {tag for _id, _title, xml in course_unit_scenarios() for tag in OUR_TAGS if f"<{tag}" in xml}
    assert used == set(OUR_TAGS)


def test_index_lists_the_course_units(client, db):
    page = client.get("/").content.decode()
    for scenario_id, title, _xml in course_unit_scenarios():
        assert f"/scenario/{scenario_id}/?student=student_1" in page
        assert title in page


@pytest.mark.parametrize("scenario_id", [s[0] for s in course_unit_scenarios()])
def test_each_course_unit_renders_its_blocks_as_learner_and_staff(client, db, scenario_id):
    xml = dict((s[0], s[2]) for s in course_unit_scenarios())[scenario_id]
    tags = [tag for tag in OUR_TAGS if f"<{tag}" in xml]
    for student in ("student_1", "staff"):
        response = client.get(page_url(scenario_id, student))
        assert response.status_code == 200
        rendered = set(re.findall(r"data-block-type='(kemenag_[a-z_]+)'", response.content.decode()))
        assert rendered == set(tags), (student, rendered)
