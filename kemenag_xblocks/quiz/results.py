"""The learner's results as the browser and the mobile apps show them.

``present`` is pure: a submitted attempt's indices, the quiz version it was scored on and the
learner's pre-test indices give the overall index and category, each dimension's band, the
author's feedback for it, recommended units and the gain. ``ResultsMixin`` adds what only the
block knows (links into the course, the learner's pre-test).
"""

from xblock.core import XBlockMixin

from kemenag_xblocks.quiz import attempts, scoring


def attempts_left(used, max_attempts):
    return None if not max_attempts else max(0, max_attempts - used)


def present(*, overall, category, indices, version, pre, unit_url, used, max_attempts):
    """The result payload (docs/quiz.md, ``submit``'s response)."""
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
    }


class ResultsMixin(XBlockMixin):
    def unit_url(self, unit):
        """The LMS's jump_to_id link: it resolves a url_name within the course."""
        return f"/courses/{self.course_key}/jump_to_id/{unit}"

    def result_payload(self, attempt, version, where, max_attempts):
        """The learner's results for a submitted attempt (attempts are numbered from 1)."""
        pre = attempts.pretest_indices(where, version["pretest"]) if version["pretest"] else None
        return present(
            overall=attempt.overall,
            category=attempt.category,
            indices=attempts.stored_indices(attempt),
            version=version,
            pre=pre,
            unit_url=self.unit_url,
            used=attempt.number,
            max_attempts=max_attempts,
        )
