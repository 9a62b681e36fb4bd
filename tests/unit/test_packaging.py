"""What an operator gets from `pip install`: entry points, plugin app config, package data."""

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from xblock.core import XBlock

from kemenag_xblocks.apps import KemenagXBlocksConfig

ROOT = Path(__file__).resolve().parents[2]
TAGS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency")


@pytest.mark.parametrize("tag", TAGS)
def test_xblock_entry_point_loads_the_block_class(tag):
    cls = XBlock.load_class(tag)
    assert cls.__module__.startswith("kemenag_xblocks.")


@pytest.mark.parametrize("group", ("lms.djangoapp", "cms.djangoapp"))
def test_plugin_app_is_registered_for_lms_and_studio(group):
    names = {ep.name: ep.value for ep in entry_points(group=group)}
    assert names["kemenag_xblocks"] == "kemenag_xblocks.apps:KemenagXBlocksConfig"


def test_plugin_app_declares_settings_and_signals_for_both_projects():
    config = KemenagXBlocksConfig.plugin_app
    for project in ("lms.djangoapp", "cms.djangoapp"):
        assert config["settings_config"][project]["common"]["relative_path"] == "settings.common"
        assert config["signals_config"][project]["relative_path"] == "competency.receivers"


def test_plugin_settings_fill_defaults_without_overriding_the_operator():
    from kemenag_xblocks.settings.common import plugin_settings

    class Settings:
        KEMENAG_STORAGE_ALIAS = "s3"

    settings = Settings()
    plugin_settings(settings)
    assert settings.KEMENAG_STORAGE_ALIAS == "s3"
    assert settings.KEMENAG_FALLBACK_COURSE_KEY == "course-v1:Kemenag+Workbench+0"
    assert not hasattr(settings, "KEMENAG_DEMO_STAFF_IDS")  # a demo setting, not the plugin's


def test_wheel_ships_templates_static_translations_and_migrations(wheel):
    names = set(wheel.namelist())
    for required in (
        "kemenag_xblocks/quiz/templates/student_view.html",
        "kemenag_xblocks/quiz/public/quiz.css",
        "kemenag_xblocks/locale/id/LC_MESSAGES/django.mo",
        "kemenag_xblocks/migrations/0001_initial.py",
        "kemenag_xblocks/scenarios/kemenag_assignment/01_rencana_aksi.xml",
    ):
        assert required in names, f"{required} missing from the wheel"
    assert not any(name.startswith(("tests/", "demo/")) for name in names)
