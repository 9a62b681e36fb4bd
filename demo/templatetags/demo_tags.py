"""Template helpers of the demo's index."""

from django import template

register = template.Library()


@register.filter
def staff_view(description):
    """The view staff open a scenario in: Studio's editor for the Studio scenarios (their title
    names Studio), the learner view otherwise (staff tools live in it)."""
    return "studio_view/" if "Studio" in str(description) else ""
