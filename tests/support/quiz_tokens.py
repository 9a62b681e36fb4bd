"""Quiz answers as a learner's browser names them: the open attempt's opaque tokens (decision 0005).

Tests write answers with authored ids (``{"kk1": 4, "t1": "b"}``), as the OLX reads; the browser
only ever sees per-attempt tokens, so the tests translate with the server's own token rule, for
the learner's open attempt. An id the paper does not hold stays as written (and is refused).
"""

from kemenag_xblocks.quiz import tokens, versions
from kemenag_xblocks.quiz.models import QuizAttempt


def open_attempt(learner=None):
    """The open attempt of ``learner`` (an anonymous id or a workbench student id), else the newest."""
    from demo.services import anonymous_id_for

    rows = QuizAttempt.objects.filter(submitted__isnull=True).order_by("-pk")
    for anonymous_id in (learner, anonymous_id_for(learner)) if learner is not None else ():
        if rows.filter(anonymous_id=anonymous_id).exists():
            return rows.filter(anonymous_id=anonymous_id).first()
    return rows.first()


def tokenized(answers, anonymous_id=None):
    """``{authored item id: value}`` → ``{question token: value or option token}``."""
    attempt = open_attempt(anonymous_id)
    if attempt is None or not isinstance(answers, dict):
        return answers
    named, version = tokens.for_attempt(attempt), versions.load(attempt.definition)
    shown = {}
    for item_id, value in answers.items():
        item = version.items_by_id.get(item_id) if version else None
        if item is None:
            shown[item_id] = value
            continue
        if item["type"] == "choice" and isinstance(value, str) and value:
            value = named.option(item_id, value)
        shown[named.item(item_id)] = value
    return shown


def authored(shown_answers, anonymous_id=None, attempt=None):
    """The inverse: answers as the browser got them back (tokens) in authored ids."""
    attempt = attempt or open_attempt(anonymous_id)
    version = versions.load(attempt.definition)
    paper = tokens.Paper(tokens.for_attempt(attempt), attempt.paper)
    found = {}
    for token, value in shown_answers.items():
        item_id = paper.item_id(token)
        if version.items_by_id[item_id]["type"] == "choice":
            value = paper.option_id(item_id, value)
        found[item_id] = value
    return found


def authored_items(items, anonymous_id=None, attempt=None):
    """The shown questions' authored ids, in display order."""
    attempt = attempt or open_attempt(anonymous_id)
    paper = tokens.Paper(tokens.for_attempt(attempt), attempt.paper)
    return [paper.item_id(item["id"]) for item in items]


def authored_or_none(shown_answers, anonymous_id=None):
    """Answers named by the open attempt's tokens in authored ids; None if a key is not one of its
    questions (a value that is not one of its options stays as sent, so it is still invalid)."""
    attempt = open_attempt(anonymous_id)
    if attempt is None:
        return None if shown_answers else {}
    version = versions.load(attempt.definition)
    paper = tokens.Paper(tokens.for_attempt(attempt), attempt.paper)
    found = {}
    for token, value in shown_answers.items():
        item_id = paper.item_id(token)
        if item_id is None or item_id not in version.items_by_id:
            return None
        if version.items_by_id[item_id]["type"] == "choice" and isinstance(value, str) and value:
            value = paper.option_id(item_id, value) or value
        found[item_id] = value
    return found
