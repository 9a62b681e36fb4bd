"""The learners' rows of a reading list: opened and read per item, and bookmarks."""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from kemenag_xblocks.resources import items as list_items
from kemenag_xblocks.resources.models import Bookmark, ReadingActivity


def _row(block, user, item_id):
    keys = {"usage_key": block.usage_key, "anonymous_id": user.anonymous_id, "item_id": item_id}
    try:
        with transaction.atomic():
            row, _created = ReadingActivity.objects.get_or_create(
                **keys,
                defaults={"course_key": block.course_key, "user_id": user.user_id, "username": user.username},
            )
    except IntegrityError:  # two tabs at once: the other request created it
        row = ReadingActivity.objects.get(**keys)
    return row


def record_open(block, user, item_id):
    row = _row(block, user, item_id)
    now = timezone.now()
    ReadingActivity.objects.filter(pk=row.pk).update(opened=F("opened") + 1)
    ReadingActivity.objects.filter(pk=row.pk, first_opened__isnull=True).update(first_opened=now)


def set_read(block, user, item_id, read=True):
    row = _row(block, user, item_id)
    if read:
        ReadingActivity.objects.filter(pk=row.pk, read_at__isnull=True).update(read_at=timezone.now())
    else:
        ReadingActivity.objects.filter(pk=row.pk).update(read_at=None)


def read_ids(block, anonymous_id):
    if not anonymous_id:
        return set()
    return set(
        ReadingActivity.objects.filter(
            usage_key=block.usage_key, anonymous_id=anonymous_id, read_at__isnull=False
        ).values_list("item_id", flat=True)
    )


def per_item(block):
    """{item id: (learners who opened, learners who read)} for staff."""
    rows = (
        ReadingActivity.objects.filter(usage_key=block.usage_key)
        .values("item_id")
        .annotate(opened=Count("id", filter=Q(opened__gt=0)), read=Count("id", filter=Q(read_at__isnull=False)))
    )
    return {row["item_id"]: (row["opened"], row["read"]) for row in rows}


def learner_rows(block):
    return ReadingActivity.objects.filter(usage_key=block.usage_key).order_by("username", "anonymous_id", "item_id")


# ---- bookmarks: the learner's own list, across courses ---------------------------------------


def owner_of(user):
    if user.user_id is not None:
        return f"u:{user.user_id}"
    return f"a:{user.anonymous_id}" if user.anonymous_id else ""


def bookmarked_keys(user):
    owner = owner_of(user)
    return set(Bookmark.objects.filter(owner=owner).values_list("item_key", flat=True)) if owner else set()


def set_bookmark(block, user, item, on=True):
    owner, key = owner_of(user), list_items.bookmark_key(item)
    if not on:
        Bookmark.objects.filter(owner=owner, item_key=key).delete()
        return
    try:
        with transaction.atomic():
            Bookmark.objects.get_or_create(
                owner=owner,
                item_key=key,
                defaults={
                    "title": item["title"],
                    "creators": "\n".join(item.get("creators") or []),
                    "year": item.get("year") or "",
                    "url": list_items.link_target(item, pdf=False),
                    "course_key": block.course_key,
                    "usage_key": block.usage_key,
                },
            )
    except IntegrityError:
        pass  # already kept (another tab)


def bookmarks(user, limit=200):
    owner = owner_of(user)
    return list(Bookmark.objects.filter(owner=owner)[:limit]) if owner else []
