"""Rendering helpers shared by the blocks: templates, static files and the JS init payload."""

import re

from web_fragments.fragment import Fragment
from xblock.utils.resources import ResourceLoader

loader = ResourceLoader("kemenag_xblocks")


def dom_id(block):
    """An id unique to the block on the page (several blocks can share a unit)."""
    return "kemenag-" + re.sub(r"[^A-Za-z0-9_-]", "-", str(block.scope_ids.usage_id))


def render_template(block, path, context):
    """Render one of the package's Django templates (``kemenag_xblocks/<path>``) with i18n."""
    i18n = block.runtime.service(block, "i18n")
    return loader.render_django_template(path, context, i18n_service=i18n)


def block_fragment(block, template, context, *, css=(), js=(), init_fn=None, init_args=None):
    """A fragment with the block's markup, static files and JavaScript initialiser.

    ``css`` and ``js`` are paths under the block's own ``public/`` folder, served by the
    runtime as URLs so that browsers cache them across units.
    """
    fragment = Fragment(render_template(block, template, {"dom_id": dom_id(block), **context}))
    for path in css:
        fragment.add_css_url(block.runtime.local_resource_url(block, f"public/{path}"))
    for path in js:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, f"public/{path}"))
    if init_fn:
        fragment.initialize_js(init_fn, init_args or {})
    return fragment
