"""The scoring contract (issue 3), as pure functions over plain data.

An item is ``{"id", "dimension", "type": "likert"|"choice", "reverse", "options": [{"id", "score"}]}``;
answers are ``{item_id: value}`` (an int 1..S for Likert, an option id for choice).
"""

from decimal import ROUND_HALF_UP, Decimal


class InvalidAnswer(ValueError):
    """An answer the item cannot take; ``item_id`` names the item."""

    def __init__(self, item_id, reason):
        super().__init__(f"{item_id}: {reason}")
        self.item_id = item_id
        self.reason = reason


def round2(value):
    """Two decimals, half up (what a learner expects from 72.345), never binary-float surprises."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def clean_answer(item, value, scale):
    """The answer in its canonical form, or InvalidAnswer. ``None`` / "" mean "not answered"."""
    if value is None or value == "":
        return None
    if item["type"] == "likert":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise InvalidAnswer(item["id"], "not a number")
        try:
            number = int(value)
        except ValueError:
            raise InvalidAnswer(item["id"], "not a number") from None
        if not 1 <= number <= scale:
            raise InvalidAnswer(item["id"], "out of range")
        return number
    if not isinstance(value, str) or value not in {option["id"] for option in item["options"]}:
        raise InvalidAnswer(item["id"], "unknown option")
    return value


def item_score(item, value, scale):
    """0..100 for one answer; an unanswered item scores 0."""
    if value is None:
        return 0.0
    if item["type"] == "likert":
        points = (scale - value) if item.get("reverse") else (value - 1)
        return points / (scale - 1) * 100
    highest = max(option["score"] for option in item["options"])
    chosen = next(option["score"] for option in item["options"] if option["id"] == value)
    return chosen / highest * 100 if highest > 0 else 0.0


def category(index, bands):
    """The band with the highest ``min`` not above ``index`` (the lowest band if none is)."""
    ordered = sorted(bands, key=lambda band: band["min"])
    chosen = ordered[0]
    for band in ordered:
        if band["min"] <= index:
            chosen = band
    return chosen


def dimension_indices(items, answers, scale):
    """``{dimension: index}`` as the mean item score of the items given in each dimension."""
    scores = {}
    for item in items:
        scores.setdefault(item["dimension"], []).append(item_score(item, answers.get(item["id"]), scale))
    return {dimension: sum(values) / len(values) for dimension, values in scores.items()}


def overall_index(indices, dimensions):
    """Dimension indices weighted by dimension weight (only the dimensions that had items)."""
    weighted = [(indices[d["id"]], d["weight"]) for d in dimensions if d["id"] in indices]
    total_weight = sum(weight for _index, weight in weighted)
    if not total_weight:
        return 0.0
    return sum(index * weight for index, weight in weighted) / total_weight


def score_attempt(spec, items, answers):
    """Everything a submission yields: item scores, dimension and overall indices with categories."""
    scale = spec["likert_scale"]
    item_scores = {item["id"]: item_score(item, answers.get(item["id"]), scale) for item in items}
    raw = dimension_indices(items, answers, scale)
    dimensions = {}
    for dimension in spec["dimensions"]:
        if dimension["id"] in raw:
            index = round2(raw[dimension["id"]])
            dimensions[dimension["id"]] = {"index": index, "category": category(index, spec["bands"])["name"]}
    overall = round2(overall_index(raw, spec["dimensions"]))
    return {
        "overall": overall,
        "category": category(overall, spec["bands"])["name"],
        "dimensions": dimensions,
        "items": {item_id: round2(score) for item_id, score in item_scores.items()},
    }


def gain(pre, post):
    """Per-dimension gain ``post - pre`` for the dimensions both have (``{id: index}`` maps)."""
    return {dimension: round2(post[dimension] - pre[dimension]) for dimension in post if dimension in pre}


def grade(result, grade_mode):
    """The grade fraction to publish: the overall index, or full credit for completion mode."""
    return 1.0 if grade_mode == "completion" else result["overall"] / 100


def counted(rule, best, first, latest):
    """The attempt that is the grade under ``rule`` ("highest", "latest" or "first"); each attempt is
    ``{"number", "overall"}`` (``best``: the highest so far, earliest on a tie)."""
    return {"highest": best, "first": first}.get(rule, latest)


def carried(previous, attempt):
    """``(best, first)`` after ``attempt`` (``{"number", "overall"}``), given the previous ones."""
    if previous is None:
        return attempt, attempt
    best, first = previous
    return (attempt if attempt["overall"] > best["overall"] else best), first
