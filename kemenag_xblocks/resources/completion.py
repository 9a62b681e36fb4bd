"""When a reading list counts as done, and what it earns. Pure.

A list with required items is complete when every required item is read. A list with none
required is complete once the learner has read any one item. Reading earns JP only when the
operator configured a figure per completed list (``KEMENAG_RESOURCES_JP_PER_LIST``, default 0:
the non-classical conversion of self-study is the operator's decision, not ours).
"""

from decimal import Decimal, InvalidOperation


def required_ids(items):
    return [item["id"] for item in items if item.get("required")]


def is_complete(items, read_ids):
    if not items:
        return False
    read = set(read_ids)
    required = required_ids(items)
    if required:
        return all(item_id in read for item_id in required)
    return any(item["id"] in read for item in items)


def progress(items, read_ids):
    """(read, of) counting the required items, or all items for a list with none required."""
    counted = required_ids(items) or [item["id"] for item in items]
    read = set(read_ids)
    return sum(1 for item_id in counted if item_id in read), len(counted)


def jp_for_list(configured):
    """JP credited for one completed list: the configured figure if positive, else none (0)."""
    try:
        value = Decimal(str(configured or 0))
    except (InvalidOperation, ValueError):
        return Decimal(0)
    return value if value > 0 else Decimal(0)
