"""The one CSV writer of the project: every cell that a spreadsheet would run is neutralised.

Exports hold text that learners and authors typed (training titles and organizers, file names,
feedback, prompts). Spreadsheet software evaluates a cell beginning with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``), and a leading tab or carriage
return can hide one; the full-width forms are read the same way by some locales. OWASP's advice is
followed: such a text cell gets a leading ``'``, which makes it plain text. Numbers written as
numbers (int, float, Decimal) are data, not formulas, and are left alone.

``writer(handle)`` and ``dict_writer(handle, fieldnames)`` are ``csv.writer`` / ``csv.DictWriter``
with that applied to every cell; ``text(rows)`` is the whole file as a string. ``restore(value)``
undoes it for a file coming back (an exported sheet imported again keeps its original text).

Every CSV the project writes goes through here (tests/security/test_csv_exports.py fails on a
``csv.writer`` anywhere else).
"""

import csv
import io
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """A cell that no spreadsheet evaluates: text starting with a formula character gets ``'``."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(value):
    """The text an exported cell held before ``neutralise`` (for imports of exported sheets)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _Writer:
    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _DictWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


def writer(handle, **options):
    """``csv.writer(handle)`` whose every cell is neutralised."""
    return _Writer(handle, **options)


def dict_writer(handle, fieldnames, **options):
    """``csv.DictWriter(handle, fieldnames)`` whose every value is neutralised."""
    return _DictWriter(handle, fieldnames=fieldnames, **options)


def text(rows):
    """The CSV text of ``rows`` (header included), neutralised."""
    buffer = io.StringIO()
    writer(buffer).writerows(rows)
    return buffer.getvalue()
