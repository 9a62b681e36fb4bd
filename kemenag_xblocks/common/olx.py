"""OLX import errors that name the element at fault (``<level> (line 7): ...``), for the blocks'
``parse_xml``: a course import must tell the author what to fix, not fail with a bare ValueError."""

from django.utils.translation import gettext as _

# The first of these an element has names it in a message (quiz items and bands, rubric levels).
NAMING_ATTRIBUTES = ("id", "name", "dimension", "min", "points")


class OLXError(ValueError):
    """Invalid OLX; the message (in the author's language) starts with the element it is about."""


def describe(node):
    """``<criterion name="Analisis"> (line 7)``: how an error message names an element."""
    key = next((f' {name}="{node.get(name)}"' for name in NAMING_ATTRIBUTES if node.get(name)), "")
    line = " " + _("(line {number})").format(number=node.sourceline) if node.sourceline else ""
    return f"<{node.tag}{key}>{line}"


def error(node, message, **values):
    """The error for ``node``: ``message`` is already translated, ``{element}`` names the node."""
    return OLXError(message.format(element=describe(node), **values))


def invalid_attribute(node, name):
    return error(node, _('{element}: {name}="{raw}" is not valid'), name=name, raw=node.get(name))


def check_children(node, allowed):
    """Refuse an element the block does not know (a typo would otherwise be dropped silently)."""
    for child in node:
        if isinstance(child.tag, str) and child.tag not in allowed:
            raise error(child, _("{element}: unknown element inside <{parent}>"), parent=node.tag)
