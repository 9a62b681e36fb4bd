"""The benchmark harness's table: every target printed with its bound, met or missed, and the machine."""

import pytest

from benchmarks import harness


@pytest.fixture(autouse=True)
def fresh_table(monkeypatch):
    monkeypatch.setattr(harness, "TARGETS", [])


@pytest.mark.parametrize(
    ("value", "limit", "at_most", "word"),
    [(1.4, 1.5, True, "met"), (1.6, 1.5, True, "MISSED"), (0.9, 0.8, False, "met"), (0.7, 0.8, False, "MISSED")],
)
def test_a_target_is_met_or_missed_by_its_limit(value, limit, at_most, word, capsys):
    assert harness.target("upload", value, limit, at_most=at_most, bound="of SHA-256") is (word == "met")
    assert capsys.readouterr().out.rstrip().endswith(word)
    [(name, shown, target, printed)] = harness.TARGETS
    assert (name, shown, printed) == ("upload", f"{value:.2f}x of SHA-256", word)
    assert target == f"{'<=' if at_most else '>='} {limit:g}x"


def test_the_table_names_the_machine_and_every_target(db, tmp_path, monkeypatch):
    monkeypatch.setenv("KEMENAG_BENCH_TABLE", str(tmp_path / "table.md"))
    harness.target("quiz submit / (floor + one committed write)", 1.2, 1.5, bound="of 2.00 ms")
    harness.target("resumable: per-chunk overhead", 3.0, 1.5, unit=" ms")
    text = harness.print_targets()
    assert "nproc" in text and "CPU" in text and "disk" in text and "UTC" in text
    assert "| quiz submit / (floor + one committed write) | 1.20x of 2.00 ms | <= 1.5x | met |" in text
    assert "| resumable: per-chunk overhead | 3.00 ms | <= 1.5 ms | MISSED |" in text
    assert (tmp_path / "table.md").read_text().strip() == text.strip()
