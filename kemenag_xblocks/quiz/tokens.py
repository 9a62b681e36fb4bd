"""Opaque per-attempt names for the questions and options a learner's browser sees (decision 0005).

Authored ids carry the answer key: in the shipped items the best option has the highest letter,
the item-bank CSV forces letter ids, and even-numbered items are the reverse-keyed ones. So the
browser never sees an authored id. Each question and option of an attempt is named by a keyed
digest of (block, learner, attempt number, item, option) under the site's ``SECRET_KEY``:

* it says nothing about the authored id, its position or its score (a learner cannot compute it
  without the key, and the digest of one option tells nothing about another's);
* it is the same on every device and after a reload (nothing to store), and differs for every
  attempt, learner and block (a token learnt from a friend's paper is worth nothing);
* the server maps tokens back to authored ids with the attempt's paper before it validates,
  stores or scores anything; what it stores and scores stays in authored ids.

Likert answers stay the scale point (1..S) as shown: the point's label is its meaning, and a
reverse-keyed item is named by a token like any other, so nothing tells which items are reversed.
"""

from django.utils.crypto import salted_hmac

SALT = "kemenag_xblocks.quiz.tokens"
LENGTH = 20  # hex digits: 80 bits, unguessable and short enough for the page


class AttemptTokens:
    """The tokens of one attempt (``usage_key``, ``anonymous_id``, ``number``)."""

    def __init__(self, usage_key, anonymous_id, number):
        self._base = f"{usage_key}\n{anonymous_id}\n{number}"

    def _digest(self, *parts):
        return salted_hmac(SALT, "\n".join([self._base, *parts]), algorithm="sha256").hexdigest()[:LENGTH]

    def item(self, item_id):
        return "q" + self._digest("item", item_id)

    def option(self, item_id, option_id):
        return "o" + self._digest("option", item_id, option_id)


def for_attempt(attempt):
    return AttemptTokens(attempt.usage_key, attempt.anonymous_id, attempt.number)


class Paper:
    """An attempt's paper (``[[item_id, [option ids]]]``) as the browser sees it, and back."""

    def __init__(self, tokens, paper):
        self.tokens = tokens
        self.paper = paper
        self.item_ids = {tokens.item(item_id): item_id for item_id, _order in paper}
        self.option_ids = {
            item_id: {tokens.option(item_id, option_id): option_id for option_id in order} for item_id, order in paper
        }

    def public_items(self, version):
        """The questions in display order: tokens, prompts and option texts; no score, no key."""
        shown = []
        for item_id, order in self.paper:
            public = version.public_items.get(item_id)
            if public is None:
                continue
            options = [
                {"id": self.tokens.option(item_id, option_id), "text": public["options"][option_id]}
                for option_id in order
            ]
            shown.append({**public, "id": self.tokens.item(item_id), "options": options})
        return shown

    def item_id(self, token):
        """The authored item id of a question token, or None for a token not on this paper."""
        return self.item_ids.get(token) if isinstance(token, str) else None

    def option_id(self, item_id, token):
        """The authored option id of an option token of ``item_id``, or None."""
        return self.option_ids.get(item_id, {}).get(token) if isinstance(token, str) else None

    def shown_answers(self, answers, version):
        """Stored answers (authored ids) as the browser names them (tokens)."""
        shown = {}
        for item_id, value in (answers or {}).items():
            item = version.items_by_id.get(item_id)
            if item is None or item_id not in self.option_ids:
                continue
            if item["type"] == "choice":
                value = self.tokens.option(item_id, value)
            shown[self.tokens.item(item_id)] = value
        return shown
