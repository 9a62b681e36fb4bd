"""Which items a learner gets, in which order: reproducible for one learner, attempt and block.

The seed is a keyed digest (the site's ``SECRET_KEY``) of (anonymous id, attempt number, block
id), so a reload or another device shows the same paper, a new attempt a different one, and
nothing needs storing to know it. Keyed, because the shuffle is public code: a learner who could
compute the seed could undo the shuffle and read the authored option order (decision 0005).
"""

import random

from django.utils.crypto import salted_hmac

SALT = "kemenag_xblocks.quiz.draw"


def seed_for(anonymous_id, attempt, block_id):
    digest = salted_hmac(SALT, f"{anonymous_id}|{attempt}|{block_id}", algorithm="sha256").hexdigest()
    return int(digest[:16], 16)


def draw(items, dimensions, per_dimension, seed):
    """Items for one attempt: ``per_dimension`` from each dimension's pool (0 = all), shuffled,
    each choice item's options shuffled too. Returns ``[(item, [option ids in display order])]``."""
    rng = random.Random(seed)  # noqa: S311 - the seed is the secret (keyed above)
    chosen = []
    for dimension in dimensions:
        pool = [item for item in items if item["dimension"] == dimension["id"]]
        if per_dimension and per_dimension < len(pool):
            pool = rng.sample(pool, per_dimension)
        chosen.extend(pool)
    rng.shuffle(chosen)
    paper = []
    for item in chosen:
        option_ids = [option["id"] for option in item.get("options", [])]
        rng.shuffle(option_ids)
        paper.append((item, option_ids))
    return paper
