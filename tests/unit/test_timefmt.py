"""Times as people read them (common/timefmt.py): their zone, their language, the zone named."""

import datetime

import pytest
from django.utils import translation

from kemenag_xblocks.common import timefmt

MOMENT = datetime.datetime(2026, 12, 1, 8, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("zone", "language", "text"),
    [
        ("Asia/Jakarta", "id", "1 Des. 2026, 15.05 WIB"),
        ("Asia/Pontianak", "id", "1 Des. 2026, 15.05 WIB"),
        ("Asia/Makassar", "id", "1 Des. 2026, 16.05 WITA"),
        ("Asia/Jayapura", "id", "1 Des. 2026, 17.05 WIT"),
        ("Asia/Jakarta", "en", "Dec. 1, 2026, 3:05 p.m. WIB"),
        ("UTC", "en", "Dec. 1, 2026, 8:05 a.m. UTC"),
    ],
)
def test_a_moment_is_shown_in_the_zone_and_language_with_the_zone_named(zone, language, text):
    with translation.override(language):
        assert timefmt.format_moment(MOMENT, zone) == text


def test_no_or_an_unknown_zone_falls_back_to_the_platforms_zone(settings):
    assert timefmt.format_moment(MOMENT, None).endswith("WIB"), "default Asia/Jakarta"
    settings.KEMENAG_TIME_ZONE = "Asia/Makassar"
    assert timefmt.format_moment(MOMENT, "Mars/Olympus").endswith("WITA")
    assert timefmt.format_moment(None, "Asia/Jakarta") == ""


def test_a_naive_value_is_read_as_utc_as_the_database_stores_it():
    naive = MOMENT.replace(tzinfo=None)
    assert timefmt.format_moment(naive, "Asia/Jakarta") == timefmt.format_moment(MOMENT, "Asia/Jakarta")


def test_the_users_preference_comes_from_the_user_service_preferences():
    assert timefmt.preferred_zone_name({"time_zone": "Asia/Jayapura", "pref-lang": "id"}) == "Asia/Jayapura"
    assert timefmt.preferred_zone_name({}) is None and timefmt.preferred_zone_name(None) is None


def test_a_datetime_local_value_round_trips_through_the_authors_zone():
    zone = timefmt.zone("Asia/Makassar")
    assert timefmt.to_local_input(MOMENT, zone) == "2026-12-01T16:05"
    assert timefmt.from_local_input("2026-12-01T16:05", zone) == MOMENT
    assert timefmt.from_local_input("", zone) is None
    with pytest.raises(ValueError):
        timefmt.from_local_input("besok pagi", zone)


class _User:
    def __init__(self, preferences):
        self.opt_attrs = {timefmt.PREFERENCES_ATTR: preferences}


class _Service:
    def __init__(self, preferences):
        self.preferences = preferences

    def get_current_user(self):
        return _User(self.preferences)


class _Runtime:
    def __init__(self, preferences):
        self.user = _Service(preferences)

    def service(self, block, name):
        return self.user if name == "user" else None


class _Block:
    def __init__(self, preferences):
        self.runtime = _Runtime(preferences)


def test_a_blocks_user_reads_times_in_their_chosen_zone_else_the_platforms():
    """The LMS's user service passes ``time_zone`` among ``edx-platform.user_preferences``."""
    assert timefmt.user_zone(_Block({"time_zone": "Asia/Jayapura"})).key == "Asia/Jayapura"
    assert timefmt.user_zone(_Block({})).key == "Asia/Jakarta"
