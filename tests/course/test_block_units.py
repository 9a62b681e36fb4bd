"""The course's units of our three blocks, checked against each block's authoring contract."""

from collections import Counter, defaultdict

from lxml import etree

from kemenag_xblocks.assignment import rubric_rules
from kemenag_xblocks.quiz import olx
from kemenag_xblocks.quiz.defaults import DEFAULT_DIMENSIONS
from tests.course.course_tree import blocks_of


def quizzes():
    return {url_name: node for url_name, node, _path in blocks_of("kemenag_moderation_quiz")}


def canonical(elements):
    return [etree.tostring(element, method="c14n") for element in elements]


def test_pre_test_counts_completion_and_post_test_is_graded_on_the_index_against_it():
    found = quizzes()
    pre, post = found["pretest_moderasi"], found["posttest_moderasi"]
    assert pre.get("grade_mode") == "completion" and pre.get("pretest") is None
    assert post.get("grade_mode") == "index"
    assert post.get("pretest") == "pretest_moderasi"


def test_both_quizzes_share_one_item_bank():
    """The bank is duplicated deliberately (OLX has no include for a block's content): kept identical."""
    pre, post = quizzes()["pretest_moderasi"], quizzes()["posttest_moderasi"]
    for tag in ("dimension", "band", "item", "feedback", "recommend"):
        assert canonical(pre.findall(tag)) == canonical(post.findall(tag)), tag


def test_item_bank_is_large_enough_for_random_draws_and_mixes_item_kinds():
    for url_name, node in quizzes().items():
        settings, spec = olx.parse(node)
        per_dimension = defaultdict(Counter)
        for item in spec["items"]:
            kind = "reverse" if item["reverse"] else item["type"]
            per_dimension[item["dimension"]][kind] += 1
        assert set(per_dimension) == {d["id"] for d in DEFAULT_DIMENSIONS}, url_name
        for dimension, kinds in per_dimension.items():
            pool = sum(kinds.values())
            assert pool >= 8, dimension
            assert kinds["choice"] >= 2 and kinds["reverse"] >= 1 and kinds["likert"] >= 2, (dimension, kinds)
            # A draw smaller than the pool: learners (and pre vs post) get different sets.
            assert 0 < settings["items_per_dimension"] < pool


def test_situational_items_reward_the_moderate_answer_most():
    _settings, spec = olx.parse(quizzes()["pretest_moderasi"])
    for item in (i for i in spec["items"] if i["type"] == "choice"):
        scores = [option["score"] for option in item["options"]]
        assert len(scores) >= 3 and scores.count(max(scores)) == 1 and min(scores) == 0, item["id"]


def test_recommendations_point_to_units_in_the_course():
    units = {url_name: node.get("display_name") for url_name, node, _path in blocks_of("vertical")}
    for node in quizzes().values():
        _settings, spec = olx.parse(node)
        assert {entry["dimension"] for entry in spec["recommendations"]} == {d["id"] for d in DEFAULT_DIMENSIONS}
        for entry in spec["recommendations"]:
            # The link text is the unit's own title, so learners find the page they were sent to.
            assert units.get(entry["unit"]) == entry["title"], entry["unit"]


def test_assignment_has_the_action_plan_and_a_rubric_worth_its_points():
    ((_url_name, node, _path),) = blocks_of("kemenag_assignment")
    assert node.get("display_name") == "Rencana Aksi Moderasi Beragama di Satuan Kerja"
    assert node.find("instructions") is not None and len(node.find("instructions")) > 0
    criteria = rubric_rules.from_xml(node.find("rubric"))
    assert len(criteria) >= 4
    assert rubric_rules.max_points(criteria) == float(node.get("weight"))


def test_competency_tracker_records_20_jp_of_socio_cultural_competency():
    ((_url_name, node, _path),) = blocks_of("kemenag_competency")
    assert float(node.get("jp")) == 20
    assert node.get("competency_type") == "sosial_kultural"
