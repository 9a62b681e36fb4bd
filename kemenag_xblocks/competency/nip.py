"""The NIP of a civil servant (Peraturan Kepala BKN 22/2007): 18 digits that say who it is.

``YYYYMMDD`` birth date, ``YYYYMM`` month of appointment as CPNS, one digit for sex (1 male,
2 female), a 3-digit sequence number: ``19860926 201505 1 001``. A number is refused when the
birth date is not a real date, the appointment month is before the person's 18th birthday or in
the future, the sex digit is not 1 or 2, or the sequence is 000.

PPPK staff have an 18-digit "Nomor Induk" of their own whose digits mean something else: it is
checked only for its length (``parse_pppk_number``), never as a NIP.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MIN_AGE_YEARS = 18


class InvalidNumber(ValueError):
    """The message is translated and says what is wrong with the number."""


@dataclass(frozen=True)
class Nip:
    number: str
    birth_date: date
    appointed_year: int
    appointed_month: int
    sex: str  # "male" or "female"
    sequence: int


def digits_of(value):
    """The number without the spaces, dots and dashes people type in it."""
    return "".join(ch for ch in str(value or "") if ch not in " .-")


def parse_nip(value, today=None):
    """The NIP's parts, or ``InvalidNumber`` naming the part that is wrong."""
    number = digits_of(value)
    if len(number) != 18 or not number.isascii() or not number.isdigit():
        raise InvalidNumber(_("A NIP has 18 digits."))
    try:
        birth = date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    except ValueError:
        raise InvalidNumber(_("The NIP's first 8 digits must be a real birth date (YYYYMMDD).")) from None
    year, month = int(number[8:12]), int(number[12:14])
    today = today or date.today()
    if not 1 <= month <= 12:
        raise InvalidNumber(_("Digits 9 to 14 of the NIP must be the appointment month (YYYYMM)."))
    if (year, month) > (today.year, today.month):
        raise InvalidNumber(_("The NIP's appointment month is in the future."))
    if (year, month) < (birth.year + MIN_AGE_YEARS, birth.month):
        raise InvalidNumber(_("The NIP's appointment month is before the holder's 18th birthday."))
    if number[14] not in "12":
        raise InvalidNumber(_("Digit 15 of the NIP is the sex: 1 or 2."))
    if number[15:] == "000":
        raise InvalidNumber(_("The NIP's last 3 digits are a sequence number from 001."))
    return Nip(number, birth, year, month, "male" if number[14] == "1" else "female", int(number[15:]))


def parse_pppk_number(value):
    """A PPPK's Nomor Induk: 18 digits, nothing more is checked (its digits are not a NIP's)."""
    number = digits_of(value)
    if len(number) != 18 or not number.isascii() or not number.isdigit():
        raise InvalidNumber(_("A PPPK employee number has 18 digits."))
    return number
