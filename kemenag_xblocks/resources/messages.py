"""Strings the block's JavaScript shows, translated on the server (no JS gettext)."""

from django.utils.translation import gettext as _


def js_strings():
    return {
        "markRead": _("Mark as read"),
        "markUnread": _("Mark as not read"),
        "read": _("Read"),
        "bookmark": _("Save to my list"),
        "unbookmark": _("Remove from my list"),
        "bookmarked": _("Saved to your list."),
        "unbookmarked": _("Removed from your list."),
        "progress": _("{read} of {total} read"),
        "complete": _("You have finished this reading list."),
        "networkError": _("The connection failed. Check your network and try again."),
        "serverError": _("Something went wrong. Please try again."),
        "myListEmpty": _("Your list is empty."),
        "opened": _("Opened by"),
        "readBy": _("Read by"),
        "learners": _("{count} learners"),
    }


def studio_strings():
    return {
        "searching": _("Searching…"),
        "noResults": _("Nothing in the catalogue matches."),
        "add": _("Add"),
        "added": _("Added to the list."),
        "remove": _("Remove"),
        "up": _("Move up"),
        "down": _("Move down"),
        "note": _("Note for learners"),
        "required": _("Required"),
        "saved": _("Reading list saved."),
        "empty": _("The list is empty. Search the catalogue or add a link."),
        "networkError": _("The connection failed. Check your network and try again."),
        "serverError": _("Something went wrong. Please try again."),
        "itemPosition": _("Item {position}"),
    }
