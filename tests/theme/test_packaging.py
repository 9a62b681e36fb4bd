"""What ``pip install`` gives an operator: the Tutor entry point and every theme, brand and
plugin file inside the wheel."""

from importlib.metadata import entry_points

import pytest

from kemenag_theme import PACKAGE_DIR
from tests.theme.support import ROOT


def test_tutor_finds_the_plugin_through_its_entry_point():
    names = {ep.name: ep.value for ep in entry_points(group="tutor.plugin.v1")}
    assert names["kemenag"] == "kemenag_theme.tutor_plugin"


@pytest.fixture
def wheel_names(wheel):
    return set(wheel.namelist())


def test_wheel_ships_the_theme_brand_and_plugin_files(wheel_names):
    ours = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    missing = [str(p.relative_to(ROOT)) for p in ours if str(p.relative_to(ROOT)) not in wheel_names]
    assert not missing
    assert "kemenag_theme/patches/openedx-dockerfile-post-python-requirements" in wheel_names
    assert "kemenag_theme/theme/kemenag/lms/static/sass/partials/lms/theme/_variables.scss" in wheel_names
