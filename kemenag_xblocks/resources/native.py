"""The reading list as the mobile apps read it (docs/native-api.md): the author's items, nobody's activity."""

from django.utils.translation import gettext as _

from kemenag_xblocks.resources import completion
from kemenag_xblocks.resources import items as list_items
from kemenag_xblocks.resources.text import safe_url


def item_data(item):
    return {
        "id": item["id"],
        "kind": item["kind"],
        "title": item["title"],
        "authors": list_items.authors(item.get("creators")),
        "creators": list(item.get("creators") or []),
        "year": item.get("year") or "",
        "url": list_items.link_target(item),
        "pdf_url": safe_url(item.get("pdf_url")),
        "note": item.get("note") or "",
        "required": bool(item.get("required")),
    }


def student_view_data(block):
    items = block.clean_items()
    return {
        "display_name": _(block.display_name),
        "intro": block.intro,
        "items": [item_data(item) for item in items],
        "required_count": len(completion.required_ids(items)),
    }


def user_state(block, user, read, bookmarked):
    items = block.clean_items()
    done, total = completion.progress(items, read)
    return {
        "read": sorted(read & {item["id"] for item in items}),
        "bookmarked": [item["id"] for item in items if list_items.bookmark_key(item) in bookmarked],
        "progress": {"read": done, "of": total},
        "complete": completion.is_complete(items, read),
    }
