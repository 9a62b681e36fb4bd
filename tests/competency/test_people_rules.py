"""Pure rules of who a learner is: employee types and targets, the NIP, the JP time zone, hours."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from kemenag_xblocks.competency import dates, employees, hours, nip
from kemenag_xblocks.competency.employees import EmployeeType


def test_targets_per_type_pns_20_pppk_capped_others_none(settings):
    assert employees.target_for(EmployeeType.PNS) == 20
    assert employees.target_for(EmployeeType.PPPK) == 20
    assert employees.target_for(EmployeeType.NON_ASN) is None
    assert employees.target_for(EmployeeType.PUBLIC) is None
    assert not employees.in_compliance("public") and employees.in_compliance("pns")
    settings.KEMENAG_JP_TARGETS = {"pns": 30, "pppk": 24}
    assert employees.target_for("pns") == 30 and employees.target_for("pppk") == 24
    settings.KEMENAG_JP_TARGETS = {"pppk": 25}
    with pytest.raises(ImproperlyConfigured, match="24"):
        employees.target_for("pppk")
    settings.KEMENAG_JP_TARGETS = {}
    settings.KEMENAG_JP_YEARLY_TARGET = 30
    assert employees.target_for("pppk") == 24, "a PPPK target never exceeds the 24 JP entitlement"


def test_pppk_year_counts_at_most_their_entitlement():
    assert employees.counted_this_year("pppk", Decimal(30)) == 24
    assert employees.counted_this_year("pns", Decimal(30)) == 30


def test_a_learner_without_profile_has_the_default_type(settings):
    assert employees.default_type() == "pns"
    settings.KEMENAG_JP_DEFAULT_EMPLOYEE_TYPE = "public"
    assert employees.target_for(None) is None


TODAY = date(2026, 12, 1)


def test_a_valid_nip_is_read_into_its_parts():
    parsed = nip.parse_nip("19860926 201505 1 001", today=TODAY)
    assert parsed.number == "198609262015051001"
    assert parsed.birth_date == date(1986, 9, 26) and (parsed.appointed_year, parsed.appointed_month) == (2015, 5)
    assert parsed.sex == "male" and parsed.sequence == 1
    assert nip.parse_nip("199001312012122003", today=TODAY).sex == "female"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("19860926201505100", "18 angka"),  # 17 digits
        ("1986092620150510011", "18 angka"),
        ("19860926\uff1201505\uff11001", "18 angka"),  # full-width digits are not ASCII digits
        ("198602302015051001", "tanggal lahir"),  # 30 February
        ("198609262015131001", "ke-14"),  # month 13
        ("198609262027011001", "masa depan"),  # appointed after today
        ("200001012017011001", "18 tahun"),  # appointed at 17
        ("198609262015053001", "jenis kelamin"),
        ("198609262015051000", "nomor urut"),
    ],
)
def test_an_invalid_nip_is_refused_naming_the_part(number, fragment):
    with translation.override("id"), pytest.raises(nip.InvalidNumber, match=fragment):
        nip.parse_nip(number, today=TODAY)


def test_a_pppk_number_is_not_checked_as_a_nip():
    # Its digits mean something else: a "birth date" of 30 February is no reason to refuse it.
    assert nip.parse_pppk_number("198602302021091001") == "198602302021091001"
    with pytest.raises(nip.InvalidNumber):
        nip.parse_pppk_number("12345")


def test_half_past_midnight_wib_on_new_year_counts_in_the_new_year(settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 WIB on 1 January 2027
    assert dates.day_of(moment) == date(2027, 1, 1)
    settings.KEMENAG_JP_TIME_ZONE = "Asia/Jayapura"
    assert dates.day_of(datetime(2026, 12, 31, 14, 59, tzinfo=UTC)) == date(2026, 12, 31)
    assert dates.day_of(datetime(2026, 12, 31, 15, 0, tzinfo=UTC)) == date(2027, 1, 1)
    assert dates.zone_label() == "WIT"


def test_zone_labels():
    assert [dates.zone_label(z) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")] == ["WIB", "WITA", "WIT"]


def test_jp_from_minutes_with_a_configurable_jp_length(settings):
    assert hours.jp_from_minutes(90) == 2
    assert hours.jp_from_minutes(100) == Decimal("2.22"), "rounded down, never up"
    settings.KEMENAG_MINUTES_PER_JP = 60
    assert hours.jp_from_minutes(90) == Decimal("1.5")


def test_non_classical_conversions_come_only_from_the_operators_table(settings):
    assert hours.conversions() == {}, "shipped empty: the plugin never invents a conversion"
    with pytest.raises(hours.NotConfigured):
        hours.convert("coaching", 3)
    settings.KEMENAG_JP_CONVERSIONS = {"coaching": {"unit": "session", "jp_per_unit": "1.5"}}
    assert hours.convert("coaching", 3) == Decimal("4.5")


@pytest.mark.parametrize(("jp", "whole"), [("1.5", 1), ("1.99", 1), ("2", 2), ("0.75", 0), ("12.5", 12)])
def test_siasn_hours_never_over_report(jp, whole):
    assert hours.siasn_hours(Decimal(jp)) == whole
