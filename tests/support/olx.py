"""Scenario OLX shared by more than one test file, kept as data under ``tests/data/<block tag>/``.

OLX that one test writes for its own point stays in that test. ``tests/`` is not in the wheel
(``setup.py`` packages ``kemenag_xblocks`` and ``kemenag_theme`` only), so neither is this data.
"""

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def olx(name, **fields):
    """``tests/data/<name>.xml`` with its ``{placeholders}`` filled from ``fields`` (a missing one raises)."""
    return (DATA / f"{name}.xml").read_text(encoding="utf-8").format(**fields)


def small_quiz(attrs="", url_name="quiz", kk_weight=1):
    """The small quiz: two dimensions, two Likert items (one reverse-keyed), one choice item with
    three options, a feedback with markup to sanitise and a recommendation; ``attrs`` adds settings."""
    return olx("kemenag_moderation_quiz/small", attrs=attrs, url_name=url_name, kk_weight=kk_weight)
