"""Attacking the answer key through what the browser sees (issue 14.2, decision 0005).

The attacker reads the questions the server sends and applies a strategy over the option names
(the largest, the smallest, the first shown, the last shown). With authored ids as names, "the
largest id" scored 100 on every shipped choice item. With opaque per-attempt tokens no strategy
may beat chance, whatever order the author gave the ids in. The bound is statistical: with
``p = 1/4`` per pick and ``n`` picks, a strategy's share of best picks is within 5 standard
deviations of chance (``5·sqrt(p(1-p)/n)``), which a leak (share near 1 or 0) cannot meet.
"""

import json
import math
import random
import re

import pytest
from lxml import etree

from kemenag_xblocks.quiz import draw, olx, tokens, versions
from kemenag_xblocks.quiz.defaults import default_dimensions
from kemenag_xblocks.quiz.models import QuizItemScore
from tests.quiz.conftest import QuizCaller

OPTIONS = "abcd"
CHANCE = 1 / len(OPTIONS)
STRATEGIES = {
    "largest": lambda options: max(options, key=lambda o: o["id"]),
    "smallest": lambda options: min(options, key=lambda o: o["id"]),
    "first shown": lambda options: options[0],
    "last shown": lambda options: options[-1],
}


def authored_scores(order, item_number):
    """The option scores by authored id: the best option is the highest letter, the lowest, or any."""
    if order == "best highest letter":
        best = OPTIONS[-1]
    elif order == "best lowest letter":
        best = OPTIONS[0]
    else:
        best = random.Random(item_number).choice(OPTIONS)
    return {option: (4 if option == best else 1) for option in OPTIONS}


def quiz_xml(order, items=12, attrs=""):
    dimensions = default_dimensions()
    body = []
    for n in range(items):
        scores = authored_scores(order, n)
        options = "".join(f'<option id="{o}" score="{scores[o]}">Pilihan {o.upper()}{n}</option>' for o in OPTIONS)
        dimension = dimensions[n % len(dimensions)]["id"]
        body.append(f'<item id="c{n}" dimension="{dimension}" type="choice"><prompt>Soal {n}</prompt>{options}</item>')
    reverse = '<item id="r1" dimension="toleransi" reverse="true"><prompt>Terbalik</prompt></item>'
    plain = '<item id="p1" dimension="toleransi"><prompt>Lurus</prompt></item>'
    return (
        f'<kemenag_moderation_quiz url_name="attack" {attrs}>{"".join(body)}{reverse}{plain}</kemenag_moderation_quiz>'
    )


def version_of(xml):
    settings, spec = olx.parse(etree.fromstring(xml))
    fields = {"likert_scale": 5, "grade_mode": "index", "pretest": "", "max_attempts": 0, **settings}
    return versions.from_fields(spec, fields)


def shown_papers(version, learners, attempts_each):
    """What each learner's browser is sent, drawn and named exactly as the block does."""
    for n in range(learners):
        anonymous_id = f"anon-{n:04d}"
        for number in range(1, attempts_each + 1):
            seed = draw.seed_for(anonymous_id, number, "block-v1:attack")
            paper = [[item["id"], order] for item, order in draw.draw(version["items"], version["dimensions"], 0, seed)]
            named = tokens.AttemptTokens("block-v1:attack", anonymous_id, number)
            yield paper, tokens.Paper(named, paper).public_items(version)


def bound(picks):
    return 5 * math.sqrt(CHANCE * (1 - CHANCE) / picks)


@pytest.mark.parametrize("order", ["best highest letter", "best lowest letter", "random"])
def test_no_strategy_over_the_shown_tokens_beats_chance(order):
    version = version_of(quiz_xml(order))
    best = {i["id"]: max(i["options"], key=lambda o: o["score"])["id"] for i in version["items"] if i["options"]}
    hits = dict.fromkeys(STRATEGIES, 0)
    authored_largest = picks = 0
    for paper, shown in shown_papers(version, learners=100, attempts_each=2):
        for (item_id, order_shown), item in zip(paper, shown, strict=True):
            if item["type"] != "choice":
                continue
            picks += 1
            by_token = {option["id"]: option_id for option, option_id in zip(item["options"], order_shown, strict=True)}
            for name, strategy in STRATEGIES.items():
                hits[name] += by_token[strategy(item["options"])["id"]] == best[item_id]
            authored_largest += max(order_shown) == best[item_id]  # the old names, for contrast
    assert picks == 2400
    for name, count in hits.items():
        assert abs(count / picks - CHANCE) < bound(picks), (order, name, count / picks)
    if order == "best highest letter":
        assert authored_largest == picks, "with authored ids as names the same attack scores 100 (the test can fail)"


def test_tokens_name_nothing_authored_and_differ_per_attempt_learner_and_block():
    version = version_of(quiz_xml("best highest letter"))
    papers = list(shown_papers(version, learners=3, attempts_each=2))
    seen = set()
    for _paper, shown in papers:
        text = json.dumps(shown)
        assert not re.search(r'"(c\d+|r1|p1|[abcd])"', text), "no authored item or option id is sent"
        assert "score" not in text and "reverse" not in text
        ids = [item["id"] for item in shown] + [o["id"] for item in shown for o in item["options"]]
        assert not seen & set(ids), "a token from another attempt or learner is worth nothing"
        seen |= set(ids)
    other_block = tokens.AttemptTokens("block-v1:other", "anon-0000", 1)
    assert other_block.option("c0", "a") != tokens.AttemptTokens("block-v1:attack", "anon-0000", 1).option("c0", "a")


def test_reverse_keyed_likert_items_cannot_be_told_apart_by_their_tokens():
    """Authored ids gave it away (kk2, kk4 are the reversed ones in the course); tokens rank at random."""
    version = version_of(quiz_xml("random", items=2))
    largest_is_reverse = rounds = 0
    for paper, shown in shown_papers(version, learners=200, attempts_each=1):
        likert = [
            (item_id, item["id"]) for (item_id, _o), item in zip(paper, shown, strict=True) if item["type"] == "likert"
        ]
        rounds += 1
        largest_is_reverse += max(likert, key=lambda pair: pair[1])[0] == "r1"
    assert abs(largest_is_reverse / rounds - 0.5) < 5 * math.sqrt(0.25 / rounds)


def test_through_the_handlers_the_largest_token_scores_chance_and_leaks_nothing(client, scenario):
    """The whole path: start_attempt's tokens, the strategy's answers submitted, the server's score."""
    unit = scenario(quiz_xml("best highest letter", attrs='max_attempts="0"'))
    overall, picks = [], 0
    for n in range(25):
        attacker = QuizCaller(client, unit, f"penyerang_{n}")
        for strategy in STRATEGIES.values():
            body = attacker.ok("start_attempt")
            leaked = json.dumps(body) + json.dumps(attacker.block.student_view_data())
            assert not re.search(r'"(c\d+|r1|p1|[abcd])"', leaked)
            answers = {i["id"]: strategy(i["options"])["id"] for i in body["items"] if i["type"] == "choice"}
            picks += len(answers)
            result = attacker.ok("submit", {"answers": answers}, raw=True)
            overall.append(result["overall"])
            state = attacker.ok("student_view_user_state")
            assert not re.search(r'"(c\d+|r1|p1|[abcd])"', json.dumps(state))
    # The server's own item scores: 100 for the best option, 25 for the others.
    best = QuizItemScore.objects.filter(item_id__startswith="c", score=100).count()
    assert picks == 25 * 4 * 12 == QuizItemScore.objects.filter(item_id__startswith="c").count()
    assert abs(best / picks - CHANCE) < bound(picks), best / picks
    assert max(overall) < 90, "no learner-attempt comes near full marks"


def test_answers_in_authored_ids_are_refused(quiz_caller):
    """Sending authored ids (guessing "d" is best) is refused, not scored: only this paper's tokens count."""
    from tests.support.olx import small_quiz

    quiz = quiz_caller(small_quiz())
    quiz.ok("start_attempt")
    status, body = quiz.call("submit", {"answers": {"t1": "b"}}, raw=True)
    assert status == 400 and body["error"]
    status, _body = quiz.call("save_answers", {"answers": {"t1": "b"}}, raw=True)
    assert status == 400
