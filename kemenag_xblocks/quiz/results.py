"""The learner's results as the browser and the mobile apps show them.

``present`` is pure: a submitted attempt's indices, the quiz version it was scored on and the
learner's pre-test indices give the overall index and category, each dimension's band, the
author's feedback for it, recommended units and the gain. ``ResultsMixin`` adds what only the
block knows (links into the course, the learner's pre-test).
"""

from xblock.core import XBlockMixin

from kemenag_xblocks.quiz import attempts, scoring
from kemenag_xblocks.quiz.defaults import DEFAULT_COUNTED_ATTEMPT


def counted_rule(version):
    """The version's rule of which attempt counts (versions stored before it existed: the default)."""
    return version.data.get("counted_attempt") or DEFAULT_COUNTED_ATTEMPT


def attempts_left(used, max_attempts):
    return None if not max_attempts else max(0, max_attempts - used)


def present(
    *,
    overall,
    category,
    indices,
    version,
    pre,
    unit_url,
    used,
    max_attempts,
    counted=None,
    paper=None,
    pre_overall=None,
):
    """The result payload (docs/quiz.md, ``submit``'s response).

    ``counted``: the attempt that is the grade; ``paper``: ``{"answered", "questions", "timed_out"}``
    of this attempt (which answers were scored, and whether its time ran out)."""
    gains = scoring.gain(pre, indices) if pre else {}
    details = []
    for dimension in version["dimensions"]:
        if dimension["id"] not in indices:
            continue
        index = indices[dimension["id"]]
        band = scoring.category(index, version["bands"])
        details.append(
            {
                "id": dimension["id"],
                "name": dimension["name"],
                "index": index,
                "category": band["name"],
                # Sanitised when the version was built.
                "feedback": [
                    f["html"]
                    for f in version["feedback"]
                    if f["dimension"] == dimension["id"] and f["band"] == band["min"]
                ],
                "recommended": [
                    {"title": r["title"], "url": unit_url(r["unit"])}
                    for r in version["recommendations"]
                    if r["dimension"] == dimension["id"] and index < r["below"]
                ],
                "pre": pre.get(dimension["id"]) if pre else None,
                "gain": gains.get(dimension["id"]),
            }
        )
    return {
        "overall": overall,
        "category": category,
        "dimensions": {d["id"]: {"index": d["index"], "category": d["category"]} for d in details},
        "details": details,
        "attempts_used": used,
        "attempts_left": attempts_left(used, max_attempts),
        "has_pretest": pre is not None,
        # The headline: the overall index before and after, and the gain.
        "pre_overall": pre_overall if pre is not None else None,
        "overall_gain": scoring.round2(overall - pre_overall) if pre is not None and pre_overall is not None else None,
        "counted": counted,
        **(paper or {}),
    }


class ResultsMixin(XBlockMixin):
    def unit_url(self, unit):
        """The LMS's jump_to_id link: it resolves a url_name within the course."""
        return f"/courses/{self.course_key}/jump_to_id/{unit}"

    def result_payload(self, attempt, version, where, max_attempts):
        """The learner's results for a submitted attempt (attempts are numbered from 1)."""
        pre_attempt = attempts.pretest_attempt(where, version["pretest"]) if version["pretest"] else None
        pre = attempts.stored_indices(pre_attempt) if pre_attempt is not None else None
        return present(
            pre_overall=pre_attempt.overall if pre_attempt is not None else None,
            overall=attempt.overall,
            category=attempt.category,
            indices=attempts.stored_indices(attempt),
            version=version,
            pre=pre,
            unit_url=self.unit_url,
            used=attempt.number,
            max_attempts=max_attempts,
            counted={**attempts.counted(attempt, counted_rule(version)), "rule": counted_rule(version)},
            paper={
                "answered": len(attempt.answers or {}),
                "questions": len(attempt.paper or []),
                # Closed at or after its deadline: time ran out (watching, or while the learner was away).
                "timed_out": bool(attempt.deadline and attempt.submitted and attempt.submitted >= attempt.deadline),
            },
        )
