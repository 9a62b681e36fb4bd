"""File names as people see them: zero-width, bidirectional and other invisible characters are
stripped (spoofing: ``laporan\\u202efdp.exe`` shows as ``laporanexe.pdf``), every Unicode space is one
space, and the visible text (any script) is kept. The upload corpus sends such names through every
upload channel (tests/security/test_upload_corpus.py)."""

import unicodedata

import pytest

from kemenag_xblocks.common.uploads import sanitize_display_name

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "invisible separator": "\u2063",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "left-to-right embedding": "\u202a",
    "right-to-left embedding": "\u202b",
    "pop directional formatting": "\u202c",
    "left-to-right override": "\u202d",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "mongolian vowel separator": "\u180e",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "hangul filler": "\u3164",
    "private use": "\ue000",
    "delete": "\x7f",
    "escape": "\x1b",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_is_stripped(char):
    assert sanitize_display_name(f"lap{char}oran{char}.pdf") == "laporan.pdf"


def test_the_classic_spoof_shows_what_it_is():
    shown = sanitize_display_name("laporan\u202efdp.exe")
    assert shown == "laporanfdp.exe" and shown.endswith(".exe")


def test_no_format_or_control_character_survives_any_position():
    every = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp"))
    shown = sanitize_display_name("a" + every + "b.pdf", max_length=10**6)
    assert shown == "ab.pdf"


def test_spaces_become_one_space_and_visible_text_stays():
    assert sanitize_display_name("Rencana\u00a0\u3000\u2009Aksi.pdf") == "Rencana Aksi.pdf"
    assert sanitize_display_name("تقرير ٢٠٢٦.pdf") == "تقرير ٢٠٢٦.pdf"
    assert sanitize_display_name("Laporan Akhir \u2013 Bab 2 (revisi).pdf") == "Laporan Akhir \u2013 Bab 2 (revisi).pdf"
