"""The authoring contract: defaults, round trip, and invalid OLX named by its element."""

import pytest
from django.utils import translation
from lxml import etree

from kemenag_xblocks.quiz import olx
from kemenag_xblocks.quiz.defaults import DEFAULT_BANDS, DEFAULT_DIMENSIONS

ISSUE_EXAMPLE = """
<kemenag_moderation_quiz display_name="Pre-test Moderasi Beragama" weight="10"
    items_per_dimension="0" max_attempts="1" time_limit_minutes="30" likert_scale="5" grade_mode="index">
  <dimension id="komitmen_kebangsaan" weight="1">Komitmen Kebangsaan</dimension>
  <dimension id="toleransi" weight="1">Toleransi</dimension>
  <band min="0">Rendah</band> <band min="61">Sedang</band> <band min="81">Tinggi</band>
  <item id="kk1" dimension="komitmen_kebangsaan" type="likert"><prompt>Pancasila <em>dasar</em> negara.</prompt></item>
  <item id="kk2" dimension="komitmen_kebangsaan" type="likert" reverse="true">
    <prompt>Boleh mengabaikan hukum.</prompt></item>
  <item id="t1" dimension="toleransi" type="choice"><prompt>Tetangga beda agama?</prompt>
    <option id="a" score="0">Menolak</option> <option id="b" score="4">Membantu</option></item>
  <feedback dimension="toleransi" band="0">Perkuat toleransi.</feedback>
  <recommend dimension="toleransi" unit="unit_2" below="61">Unit 2</recommend>
</kemenag_moderation_quiz>
"""


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here (the demo's default language is Indonesian)."""
    with translation.override("en"):
        yield


def parse(xml):
    return olx.parse(etree.fromstring(xml))


def test_issue_example_parses_into_settings_and_definition():
    settings, spec = parse(ISSUE_EXAMPLE)
    assert settings == {
        "items_per_dimension": 0,
        "attempts_allowed": 1,
        "time_limit_minutes": 30,
        "likert_scale": 5,
        "weight": 10.0,
        "grade_mode": "index",
    }
    assert [d["id"] for d in spec["dimensions"]] == ["komitmen_kebangsaan", "toleransi"]
    assert [b["min"] for b in spec["bands"]] == [0, 61, 81]
    assert spec["items"][0]["prompt"] == "Pancasila <em>dasar</em> negara."
    assert spec["items"][1]["reverse"] is True
    assert spec["items"][2]["options"] == [
        {"id": "a", "score": 0, "text": "Menolak"},
        {"id": "b", "score": 4, "text": "Membantu"},
    ]
    assert spec["recommendations"] == [{"dimension": "toleransi", "unit": "unit_2", "below": 61, "title": "Unit 2"}]


def test_omitted_dimensions_and_bands_are_kemenag_defaults():
    settings, spec = parse(
        '<kemenag_moderation_quiz><item id="x" dimension="anti_kekerasan"><prompt>p</prompt></item>'
        "</kemenag_moderation_quiz>"
    )
    assert settings == {}
    effective = olx.effective(spec)
    assert [d["name"] for d in effective["dimensions"]] == [
        "Komitmen Kebangsaan",
        "Toleransi",
        "Anti-kekerasan",
        "Akomodatif terhadap Budaya Lokal",
    ]
    assert {d["weight"] for d in effective["dimensions"]} == {1.0}
    assert [(b["min"], b["name"]) for b in effective["bands"]] == [
        (0, "Sangat Rendah"),
        (61, "Rendah"),
        (71, "Sedang"),
        (81, "Tinggi"),
        (91, "Sangat Tinggi"),
    ]
    assert len(DEFAULT_DIMENSIONS) == 4 and len(DEFAULT_BANDS) == 5
    assert spec["items"][0]["type"] == "likert"


def canonical(xml):
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), method="c14n")


def test_export_reproduces_the_definition_elements():
    _settings, spec = parse(ISSUE_EXAMPLE)
    node = olx.export(spec, etree.Element("kemenag_moderation_quiz"))
    assert parse(etree.tostring(node))[1] == spec
    original = etree.fromstring(ISSUE_EXAMPLE, etree.XMLParser(remove_blank_text=True))
    for element in original.iter():
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        if element.text is not None and not element.text.strip():
            element.text = None
    original.attrib.clear()
    assert canonical(etree.tostring(node)) == canonical(etree.tostring(original))


def test_defaults_are_not_written_into_the_export():
    node = olx.export(parse("<kemenag_moderation_quiz/>")[1], etree.Element("kemenag_moderation_quiz"))
    assert len(node) == 0


BAD = [
    ('<item id="x" dimension="nope"><prompt>p</prompt></item>', '<item id="x">', "unknown dimension"),
    (
        '<item id="x" dimension="toleransi"><prompt>p</prompt></item>'
        '<item id="x" dimension="toleransi"><prompt>q</prompt></item>',
        '<item id="x">',
        "duplicate item id",
    ),
    ('<item id="x" dimension="toleransi"/>', '<item id="x">', "no <prompt>"),
    ('<item id="x" dimension="toleransi"><prompt>  </prompt></item>', '<item id="x">', "no <prompt>"),
    ('<item id="c" dimension="toleransi" type="choice"><prompt>p</prompt></item>', '<item id="c">', "two <option>"),
    (
        '<item id="c" dimension="toleransi" type="choice"><prompt>p</prompt><option id="a" score="x">A</option>'
        '<option id="b" score="1">B</option></item>',
        '<option id="a">',
        'score="x" is not a number',
    ),
    (
        '<item id="c" dimension="toleransi" type="choice"><prompt>p</prompt><option id="a" score="0">A</option>'
        '<option id="a" score="1">B</option></item>',
        '<option id="a">',
        "duplicate option id",
    ),
    (
        '<item id="c" dimension="toleransi" type="choice"><prompt>p</prompt><option id="a" score="0">A</option>'
        '<option id="b" score="0">B</option></item>',
        '<item id="c">',
        "above 0",
    ),
    ('<item id="x" dimension="toleransi" type="essay"><prompt>p</prompt></item>', '<item id="x">', "type must be"),
    ('<dimension id="a" weight="-1">A</dimension>', '<dimension id="a">', "at least 0"),
    ('<dimension id="a" weight="nan">A</dimension>', '<dimension id="a">', "not a number"),
    ('<dimension id="a">A</dimension><dimension id="a">B</dimension>', '<dimension id="a">', "duplicate dimension id"),
    ('<band min="abc">X</band>', '<band min="abc">', "not a number"),
    ('<band min="120">X</band>', '<band min="120">', "between 0 and 100"),
    (
        '<feedback dimension="toleransi" band="50">x</feedback>',
        '<feedback dimension="toleransi">',
        "not the min of a band",
    ),
    ('<recommend dimension="toleransi">x</recommend>', '<recommend dimension="toleransi">', "unit attribute"),
    ("<question/>", "<question>", "unknown element"),
]


@pytest.mark.parametrize(("inner", "element", "message"), BAD)
def test_invalid_olx_fails_naming_the_element(inner, element, message):
    with pytest.raises(olx.QuizOLXError) as error:
        parse(f"<kemenag_moderation_quiz>{inner}</kemenag_moderation_quiz>")
    assert element in str(error.value) and message in str(error.value)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ('max_attempts="-1"', "at least 0"),
        ('likert_scale="1"', "at least 2"),
        ('likert_scale="11"', "at most 10"),
        ('time_limit_minutes="ten"', "not a number"),
        ('grade_mode="pass"', "grade_mode"),
        ('weight="x"', "not a number"),
    ],
)
def test_bad_numbers_on_the_root_name_the_root(attrs, message):
    with pytest.raises(olx.QuizOLXError) as error:
        parse(f"<kemenag_moderation_quiz {attrs}/>")
    assert "<kemenag_moderation_quiz>" in str(error.value) and message in str(error.value)


IN_INDONESIAN = [
    ('<item id="x" dimension="nope"><prompt>p</prompt></item>', '<item id="x">', 'dimensi "nope" tidak dikenal'),
    ('<item id="x" dimension="toleransi"/>', '<item id="x">', "tidak memiliki <prompt>"),
    ('<item id="c" dimension="toleransi" type="choice"><prompt>p</prompt></item>', '<item id="c">', "dua elemen"),
    (
        '<item id="x" dimension="toleransi"><prompt>p</prompt></item>'
        '<item id="x" dimension="toleransi"><prompt>q</prompt></item>',
        '<item id="x">',
        'id butir "x" ganda',
    ),
    ('<band min="abc">X</band>', '<band min="abc">', 'min="abc" bukan angka'),
    ("<question/>", "<question>", "elemen tidak dikenal di dalam <kemenag_moderation_quiz>"),
]


@pytest.mark.parametrize(("inner", "element", "message"), IN_INDONESIAN)
def test_invalid_olx_is_reported_in_the_authors_language_naming_the_element(inner, element, message):
    with translation.override("id"), pytest.raises(olx.QuizOLXError) as error:
        parse(f"<kemenag_moderation_quiz>\n{inner}</kemenag_moderation_quiz>")
    assert element in str(error.value) and message in str(error.value)
    assert "(baris 2)" in str(error.value), "the line is named too"


def test_the_same_error_reads_in_english_with_an_english_ui():
    with pytest.raises(olx.QuizOLXError) as error:
        parse('<kemenag_moderation_quiz>\n<item id="x" dimension="nope"><prompt/></item></kemenag_moderation_quiz>')
    assert str(error.value) == '<item id="x"> (line 2): unknown dimension "nope"'
