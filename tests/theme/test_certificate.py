"""The certificate's fields, computed from the platform's certificate context."""

import pytest

from kemenag_theme.certificate import (
    certificate_fields,
    certificate_number,
    competency_label,
    format_jp,
    issue_year,
    learner_nip,
    signatories,
    verification_url,
)
from tests.theme.support import Profile, User, certificate_context, theme_language


def test_certificate_number_groups_64_bits_of_the_verify_uuid():
    assert certificate_number("3f2a9c1e-0b7d-4e5f-9a8b-1c2d3e4f5a6b", "2026") == "DLC/2026/3F2A-9C1E-0B7D-4E5F"


def test_certificate_number_refuses_a_short_uuid():
    with pytest.raises(ValueError):
        certificate_number("abc", "2026")


def test_verification_url_is_the_platforms_public_certificate_page():
    assert verification_url("https://dlc.example.go.id/", "abc") == "https://dlc.example.go.id/certificates/abc"


@pytest.mark.parametrize(
    ("value", "printed"),
    [(54, "54 JP"), ("2.5", "2,5 JP"), ("2,50", "2,5 JP"), (50, "50 JP"), (None, ""), ("", ""), (0, ""), ("x", "")],
)
def test_jp_prints_with_an_indonesian_decimal_comma(value, printed):
    with theme_language("id"):
        assert format_jp(value) == printed


@pytest.mark.parametrize(("value", "printed"), [(54, "54 JP"), ("2,5", "2.5 JP")])
def test_jp_prints_with_a_decimal_point_in_english(value, printed):
    with theme_language("en"):
        assert format_jp(value) == printed


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        ("sosial_kultural", "Sosial kultural", "Socio-cultural"),
        ("Sosial Kultural", "Sosial kultural", "Socio-cultural"),
        ("TEKNIS", "Teknis", "Technical"),
        ("manajerial", "Manajerial", "Managerial"),
        ("x", "", ""),
    ],
)
def test_competency_type_labels_in_the_learners_language(value, indonesian, english):
    with theme_language("id"):
        assert competency_label(value) == indonesian
    with theme_language("en"):
        assert competency_label(value) == english


def test_issue_year_from_the_platforms_formatted_date():
    assert issue_year("28 November 2026") == "2026"
    assert issue_year("November 28, 2026") == "2026"
    assert issue_year("") == "0000"


def test_nip_from_course_overrides_wins_and_keeps_only_digits():
    assert learner_nip(certificate_context(kemenag_nip="19870315 201012 2 003")) == "198703152010122003"


def test_nip_from_the_certificate_owners_profile():
    assert learner_nip(certificate_context()) == "198703152010122003"


def test_nip_of_another_user_is_never_printed():
    """On a public certificate page the viewer is not the owner: their profile must not leak."""
    viewer = User(username="viewer", is_authenticated=True, id=7, profile=Profile({"nip": "111"}))
    assert learner_nip(certificate_context(user=viewer)) == ""


def test_nip_missing_profile_prints_nothing():
    assert learner_nip(certificate_context(user=User(id=42))) == ""


def test_fields_from_a_realistic_context():
    with theme_language("id"):
        fields = certificate_fields(certificate_context(), "https://dlc.example.go.id")
    assert fields.learner_name == "Siti Aminah, S.Pd.I."
    assert fields.jp == "54 JP" and fields.competency_type == "Sosial kultural"
    assert fields.number == "DLC/2026/3F2A-9C1E-0B7D-4E5F"
    assert fields.verify_url.endswith("/certificates/3f2a9c1e0b7d4e5f9a8b1c2d3e4f5a6b")


def test_signatories_from_studio_certificate_configuration():
    context = certificate_context(
        certificate_data={"signatories": [{"name": "A"}, {"name": ""}, {"name": "B"}, {"name": "C"}]}
    )
    assert [s["name"] for s in signatories(context)] == ["A", "B"]
    assert signatories({}) == []
