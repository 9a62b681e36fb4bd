r"""Rendering helpers shared by the blocks: templates, static files and the JS init payload.

The start-up data of a block's script holds text from authors, learners and graders (titles,
feedback, rubric and dimension names). The XBlock runtime writes ``initialize_js`` arguments into a
``<script>`` element with a plain ``json.dumps`` (the workbench does not escape ``/``), so a
``</script>`` in any of them would close the element and run what follows. The runtime therefore
gets only the initialiser's name (``KemenagBoot``, in ``public/kemenag.js``) and an id; the data
itself goes into the fragment as a ``<script type="application/json">`` whose text is encoded here,
for a script context, by ``script_json``: ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\uXXXX``
escapes (JSON.parse reads them back unchanged).
"""

import json
import re

from django.utils.html import escape
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


# JSON text never contains these outside strings, where ``\uXXXX`` means the same character.
_SCRIPT_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
BOOT_FUNCTION = "KemenagBoot"
KIT = "common/kemenag.js"


def script_json(value):
    """``value`` as JSON text that can sit inside any ``<script>`` element unchanged."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def init_script(element_id, args):
    """The ``<script type="application/json">`` holding a block's start-up data."""
    return f'<script type="application/json" data-kemenag-init="{escape(element_id)}">{script_json(args)}</script>'


def init_args_of(fragment):
    """The start-up data a fragment's script receives (what ``KemenagBoot`` passes it)."""
    match = re.search(r'<script type="application/json" data-kemenag-init="[^"]*">(.*?)</script>', fragment.content)
    return json.loads(match.group(1)) if match else fragment.json_init_args


def block_fragment(block, template, context, *, css=(), js=(), init_fn=None, init_args=None):
    """A fragment with the block's markup, static files and JavaScript initialiser.

    ``css`` and ``js`` are paths under the block's own ``public/`` folder, served by the
    runtime as URLs so that browsers cache them across units.
    """
    element_id = dom_id(block)
    html = render_template(block, template, {"dom_id": element_id, **context})
    if init_fn:
        # The kit defines ``KemenagBoot``; it loads first, once, whatever the block lists.
        js = [KIT, *(path for path in js if path != KIT)]
        html += init_script(element_id, init_args or {})
    fragment = Fragment(html)
    for path in css:
        fragment.add_css_url(block.runtime.local_resource_url(block, f"public/{path}"))
    for path in js:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, f"public/{path}"))
    if init_fn:
        fragment.initialize_js(BOOT_FUNCTION, {"init": init_fn, "id": element_id})
    return fragment
