"""The per-learner draw: reproducible, different per attempt, per-dimension counts honoured."""

from kemenag_xblocks.quiz.defaults import default_dimensions
from kemenag_xblocks.quiz.draw import draw, seed_for

DIMENSIONS = default_dimensions()
ITEMS = [
    {"id": f"{d['id']}-{n}", "dimension": d["id"], "type": "choice", "options": [{"id": o} for o in "abcd"]}
    for d in DIMENSIONS
    for n in range(6)
]


def ids(paper):
    return [(item["id"], tuple(order)) for item, order in paper]


def test_same_learner_attempt_and_block_give_the_same_paper():
    one = draw(ITEMS, DIMENSIONS, 3, seed_for("anon", 1, "block"))
    again = draw(ITEMS, DIMENSIONS, 3, seed_for("anon", 1, "block"))
    assert ids(one) == ids(again)


def test_another_attempt_learner_or_block_gives_another_paper():
    base = ids(draw(ITEMS, DIMENSIONS, 3, seed_for("anon", 1, "block")))
    assert ids(draw(ITEMS, DIMENSIONS, 3, seed_for("anon", 2, "block"))) != base
    assert ids(draw(ITEMS, DIMENSIONS, 3, seed_for("other", 1, "block"))) != base
    assert ids(draw(ITEMS, DIMENSIONS, 3, seed_for("anon", 1, "block2"))) != base


def test_items_per_dimension_draws_that_many_from_each_pool():
    paper = draw(ITEMS, DIMENSIONS, 2, seed_for("anon", 1, "block"))
    assert len(paper) == 8
    for dimension in DIMENSIONS:
        assert sum(1 for item, _ in paper if item["dimension"] == dimension["id"]) == 2


def test_zero_means_all_items_with_order_and_options_shuffled():
    papers = [draw(ITEMS, DIMENSIONS, 0, seed_for(f"learner{n}", 1, "b")) for n in range(5)]
    assert all(sorted(item["id"] for item, _ in paper) == sorted(i["id"] for i in ITEMS) for paper in papers)
    assert len({tuple(i for i, _ in ids(p)) for p in papers}) > 1, "the item order is shuffled"
    assert any(tuple(order) != tuple("abcd") for p in papers for _, order in p), "options are shuffled"
    assert all(sorted(order) == list("abcd") for p in papers for _, order in p)
