"""Which items a learner gets, in which order: reproducible for one learner, attempt and block.

The seed is a hash of (anonymous id, attempt number, block id), so a reload or another device
shows the same paper, a new attempt a different one, and nothing needs storing to know it.
"""

import hashlib
import random


def seed_for(anonymous_id, attempt, block_id):
    digest = hashlib.sha256(f"{anonymous_id}|{attempt}|{block_id}".encode()).hexdigest()
    return int(digest[:16], 16)


def draw(items, dimensions, per_dimension, seed):
    """Items for one attempt: ``per_dimension`` from each dimension's pool (0 = all), shuffled,
    each choice item's options shuffled too. Returns ``[(item, [option ids in display order])]``."""
    rng = random.Random(seed)  # noqa: S311 - fairness of order, not secrecy
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
