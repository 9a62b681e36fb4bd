"""OLX for the blocks, as the real platform reads and writes it (docs/course.md, decisions 0006/0007).

Two parts:

* errors that name the element at fault (``<level> (line 7): ...``), raised by each block's
  ``read_definition``;
* :class:`OLXBlockMixin`: the one ``parse_xml`` / ``add_xml_to_node`` of the blocks. It loads
  pointer tags from the course directory (the platform leaves that to each pure XBlock), passes
  attributes the block does not own (``group_access``, ``visible_to_staff_only``...) through both
  ways, keeps an invalid definition untouched instead of failing (the platform would drop the
  block and report success), and keeps the authored ``url_name`` as a stable key across copies.

A block declares ``olx_attributes`` (root attributes its definition owns) and implements
``read_definition(node) -> {field: value}`` (raising :class:`OLXError`) and
``write_definition(node)``.

HTML held in elements (prompts, feedback, instructions) goes through :func:`inner_html` and
:func:`set_inner_html`: no namespace declarations picked up from the surrounding document, text
escaped, markup that is not XML (``<br>``, ``&nbsp;``) written as XHTML, and whitespace between
tags protected with ``xml:space="preserve"`` from the platform's ``remove_blank_text`` parser.
"""

import copy
import datetime
import json
import logging
from xml.sax.saxutils import escape

import lxml.html
from django.utils.translation import gettext as _
from lxml import etree
from web_fragments.fragment import Fragment
from xblock.core import XBlockMixin
from xblock.fields import Dict, Scope, String
from xblock.validation import ValidationMessage

log = logging.getLogger(__name__)

# The first of these an element has names it in a message (quiz items and bands, rubric levels).
NAMING_ATTRIBUTES = ("id", "name", "dimension", "min", "points")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Written by the runtime, not by an author: never a setting, never an "unknown attribute".
RUNTIME_ATTRIBUTES = ("url_name", "xblock-family", "x-is-pointer-node")
# The authored url_name, written beside the platform's when a copy gave the block a new id.
KEY_ATTRIBUTE = "kemenag_key"
# Fields the platform mixes into every block (XBLOCK_MIXINS: InheritanceMixin, LmsBlockMixin,
# AuthoringMixin...). Outside the platform they are not fields, yet they must still pass through
# silently: warning an author about group_access would be noise.
PLATFORM_ATTRIBUTES = frozenset(
    {
        "group_access",
        "visible_to_staff_only",
        "due",
        "start",
        "graded",
        "format",
        "hide_after_due",
        "show_correctness",
        "showanswer",
        "show_reset_button",
        "rerandomize",
        "days_early_for_beta",
        "static_asset_path",
        "text_customization",
        "use_latex_compiler",
        "max_attempts",
        "matlab_api_key",
        "giturl",
        "edxnotes",
        "edxnotes_visibility",
        "in_entrance_exam",
        "course_edit_method",
        "chrome",
        "default_tab",
        "source_file",
        "user_partitions",
        "xqa_key",
        "self_paced",
        "copied_from_block",
        "upstream",
        "upstream_version",
        "upstream_display_name",
        "tags",
        "markdown_edited",
    }
)
MAX_REFERENCE_WALK = 5000  # blocks visited when checking references in Studio


# ---- errors ------------------------------------------------------------------------------------


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


# ---- parsers -------------------------------------------------------------------------------------


def platform_parser():
    """The parser the platform reads course files with (``remove_blank_text``), made explicitly:
    ``xmodule/modulestore/xml.py`` installs it as lxml's *default*, so no code of ours may rely on
    the default parser keeping whitespace."""
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)


def exact_parser():
    """A parser that keeps every character (for HTML fragments we stored ourselves)."""
    return etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True, load_dtd=False)


def parse_text(text, parser=None):
    """An element from OLX text; XMLSyntaxError for text that is not XML."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return etree.fromstring(data, parser or platform_parser())


# ---- HTML inside elements ---------------------------------------------------------------------


def inner_html(node):
    """The element's content as markup: text escaped, children serialised without the namespace
    declarations of the document around them, leading and trailing whitespace dropped."""
    parts = [escape(node.text or "")]
    for child in node:
        alone = copy.deepcopy(child)
        etree.cleanup_namespaces(alone)
        parts.append(etree.tostring(alone, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def _fragment(markup):
    """``<w>`` holding ``markup``: as XML when it is XML, else read as HTML (``<br>``,
    ``&nbsp;``, a bare ``&``) and so written back as equivalent XHTML."""
    try:
        return etree.fromstring(f"<w>{markup}</w>".encode(), exact_parser())
    except etree.XMLSyntaxError:
        pass
    wrapper = etree.Element("w")
    if not markup.strip():
        wrapper.text = markup
        return wrapper
    html = lxml.html.fragment_fromstring(markup, create_parent="w")
    wrapper.text = html.text
    for child in html:
        wrapper.append(_as_xml(child))
    return wrapper


def _as_xml(element):
    """An lxml.html element as a plain XML element (comments and processing instructions dropped)."""
    if not isinstance(element.tag, str):
        text = etree.Element("span")  # a comment's tail must not be lost
        text.tail = element.tail
        return text
    copy_ = etree.Element(element.tag, dict(element.attrib))
    copy_.text, copy_.tail = element.text, element.tail
    for child in element:
        copy_.append(_as_xml(child))
    return copy_


def _has_blank_between_tags(node):
    for element in node.iter():
        if len(element) and element.text is not None and not element.text.strip() and element.text:
            return True
        for child in element:
            if child.tail is not None and child.tail and not child.tail.strip():
                return True
    return False


def set_inner_html(node, markup):
    """Fill ``node`` with ``markup`` (the inverse of :func:`inner_html`).

    Any HTML Studio accepts is written (as XHTML when it is not XML). Whitespace-only text between
    tags (``<strong>a</strong> <em>b</em>``) would be dropped by the platform's parser on the next
    import; ``xml:space="preserve"`` tells that parser to keep it."""
    wrapper = _fragment(markup or "")
    node.text = wrapper.text
    for child in list(wrapper):
        node.append(child)
    if _has_blank_between_tags(node):
        node.set(XML_SPACE, "preserve")
    return node


# ---- fields the platform mixes in ----------------------------------------------------------


def serialize_value(field, value):
    """A field value as an OLX attribute, as the platform's exporter writes one: strings as they
    are, anything else as JSON."""
    json_value = field.to_json(value)
    return json_value if isinstance(json_value, str) else json.dumps(json_value)


def attribute_text(field, value):
    """A setting of ours as an OLX attribute, as an author writes it: ``20`` not ``20.0``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, datetime.datetime):  # XBlock's DateTime.to_string drops the time zone
        return value.isoformat()
    return field.to_string(value).strip('"')


def deserialize_value(field, text):
    """The inverse of :func:`serialize_value`: JSON where the field takes it, else the text."""
    try:
        value = json.loads(text)
    except ValueError:
        return field.from_json(text)
    try:
        return field.from_json(value)
    except (TypeError, ValueError):
        return field.from_json(text)


def own_field_names(cls):
    """Fields declared by this package's classes: never set from an attribute they do not own."""
    names = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("kemenag_xblocks"):
            names.update(name for name, value in vars(klass).items() if hasattr(value, "scope"))
    return names


# ---- pointer tags ----------------------------------------------------------------------------


def is_pointer(node):
    """``<tag url_name="x"/>``: no children, no text, no attribute but url_name."""
    attributes = set(node.attrib) - {"xblock-family", "x-is-pointer-node"}
    return attributes == {"url_name"} and len(node) == 0 and not (node.text or "").strip()


def pointer_path(node):
    """Where a pointer's definition lives in the course directory (``:`` names a sub-folder)."""
    return f"{node.tag}/{node.get('url_name').replace(':', '/')}.xml"


def safe_pointer(node):
    return not any(part in ("", ".", "..") for part in pointer_path(node).split("/")) and "\\" not in pointer_path(node)


def read_pointer(node, runtime):
    """``(definition element or None, its file's text or None, problem or None)``.

    A pointer is read only where the runtime offers the course directory (``resources_fs``, as the
    platform's import does); elsewhere the node is the definition."""
    resources = getattr(runtime, "resources_fs", None)
    if not is_pointer(node) or resources is None:
        return node, None, None
    if not safe_pointer(node):
        # A course archive is hostile input: a pointer never reads outside its own folder.
        return None, None, invalid_attribute(node, "url_name").args[0]
    path = pointer_path(node)
    try:
        if not resources.exists(path):
            # What the platform's exporter writes for a pure XBlock left at its defaults.
            return node, None, None
        with resources.open(path, "rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as problem:
        return None, None, f"{describe(node)}: {path}: {problem}"
    text = data.decode("utf-8", errors="replace")
    try:
        definition = parse_text(data)
    except etree.XMLSyntaxError as problem:
        return None, text, f"{path}: {problem}"
    definition.tag = node.tag
    definition.attrib.update({"url_name": node.get("url_name")})
    return definition, text, None


# ---- the mixin -------------------------------------------------------------------------------


class OLXBlockMixin(XBlockMixin):
    """The blocks' OLX import and export on the platform's path (see the module docstring)."""

    olx_attributes = ("display_name",)

    authored_url_name = String(
        help="The url_name the author gave the block: the key references (pretest=) use, kept across copies.",
        scope=Scope.settings,
        default="",
    )
    unowned_attributes = Dict(
        help="OLX attributes that are no field here (a platform setting this runtime lacks): written back on export.",
        scope=Scope.settings,
        default={},
    )
    invalid_olx = String(
        help="The author's OLX, untouched, when it could not be read: Studio shows why, learners a notice.",
        scope=Scope.content,
        default="",
    )

    # ---- import ----------------------------------------------------------------------------

    @classmethod
    def read_definition(cls, node):
        """``{field: value}`` from the definition element; :class:`OLXError` when invalid."""
        raise NotImplementedError

    @classmethod
    def parse_xml(cls, node, runtime, keys, *_id_generator):
        """Some platform versions pass an id generator as well; it is not needed (keys are given)."""
        block = runtime.construct_xblock_from_class(cls, keys)
        definition, raw, problem = read_pointer(node, runtime)
        key = node.get(KEY_ATTRIBUTE) or (definition.get(KEY_ATTRIBUTE) if definition is not None else None)
        block.authored_url_name = key or node.get("url_name") or ""
        values = {}
        if problem is None:
            try:
                values = cls.read_definition(definition)
            except OLXError as failure:
                problem = str(failure)
        if problem is not None:
            # Kept as written: Studio re-reads it in validate() to explain, in the author's language.
            kept = definition if definition is not None else node
            block.invalid_olx = raw if raw is not None else etree.tostring(kept, encoding="unicode")
            log.warning("Invalid OLX kept for %s: %s", keys.usage_id, problem)
        for name, value in values.items():
            setattr(block, name, value)
        source = definition if definition is not None else node
        cls._pass_through(block, source)
        cls._apply_policy(block, runtime, keys)
        return block

    @classmethod
    def _pass_through(cls, block, node):
        """Attributes the definition does not own: onto the platform's field when there is one,
        else kept as they are."""
        owned = set(cls.olx_attributes) | set(RUNTIME_ATTRIBUTES) | {KEY_ATTRIBUTE, XML_SPACE}
        ours = own_field_names(cls)
        kept = {}
        for name, text in node.attrib.items():
            if name in owned:
                continue
            field = block.fields.get(name)
            if field is not None and name not in ours and name not in ("parent", "children"):
                try:
                    setattr(block, name, deserialize_value(field, text))
                    continue
                except (TypeError, ValueError):
                    pass
            kept[name] = text
        if kept:
            block.unowned_attributes = kept

    @classmethod
    def _apply_policy(cls, block, runtime, keys):
        """``policies/<run>/policy.json`` entries for this block, where the runtime has them."""
        get_policy = getattr(runtime, "get_policy", None)
        if not callable(get_policy):
            return
        for name, value in (get_policy(keys.usage_id) or {}).items():
            if name in block.fields and name not in ("parent", "children"):
                try:
                    setattr(block, name, block.fields[name].from_json(value))
                except (TypeError, ValueError):
                    log.warning("Policy value for %s.%s ignored: %r", keys.usage_id, name, value)

    # ---- export ----------------------------------------------------------------------------

    def write_definition(self, node):
        raise NotImplementedError

    def add_xml_to_node(self, node):
        """Inline OLX the platform re-imports (a pure XBlock is exported inside its unit)."""
        runtime_url_name = node.get("url_name")  # set by add_block_as_child_node on course export
        node.tag = self.scope_ids.block_type
        if self.invalid_olx:
            self._write_raw(node)
        else:
            self.write_definition(node)
        platform_id = getattr(self.scope_ids.usage_id, "block_id", None)
        url_name = runtime_url_name or platform_id or self.authored_url_name
        if url_name:
            node.set("url_name", url_name)
        if self.authored_url_name and self.authored_url_name != url_name:
            node.set(KEY_ATTRIBUTE, self.authored_url_name)
        elif self.authored_url_name and runtime_url_name is None and platform_id:
            # The clipboard and library serialisers drop url_name on paste: keep the key apart.
            node.set(KEY_ATTRIBUTE, self.authored_url_name)
        self._write_unowned(node)

    def _write_raw(self, node):
        try:
            raw = parse_text(self.invalid_olx, exact_parser())
        except etree.XMLSyntaxError:
            node.append(etree.Comment(" " + self.invalid_olx.replace("--", "- -") + " "))
            return
        for name, value in raw.attrib.items():
            if name not in ("url_name", KEY_ATTRIBUTE):
                node.set(name, value)
        node.text = raw.text
        for child in raw:
            node.append(child)

    def _write_unowned(self, node):
        ours = own_field_names(type(self))
        skip = set(self.olx_attributes) | set(RUNTIME_ATTRIBUTES) | {"parent", "children", "xml_attributes"}
        for name, field in self.fields.items():
            if name in ours or name in skip or field.scope not in (Scope.settings, Scope.content):
                continue
            if field.is_set_on(self):
                node.set(name, serialize_value(field, getattr(self, name)))
        for name, value in (self.unowned_attributes or {}).items():
            if node.get(name) is None:
                node.set(name, value)

    # ---- Studio and learners -----------------------------------------------------------------

    def olx_problem(self):
        """Why the kept OLX could not be read, in the current language (None when it was)."""
        if not self.invalid_olx:
            return None
        try:
            node = parse_text(self.invalid_olx)
        except etree.XMLSyntaxError as problem:
            return _("The OLX of this block is not XML: {problem}").format(problem=problem)
        node.tag = self.scope_ids.block_type
        if is_pointer(node) and not safe_pointer(node):
            return str(invalid_attribute(node, "url_name"))
        try:
            self.read_definition(node)
        except OLXError as problem:
            return str(problem)
        return None

    def reference_problems(self):
        """Messages for references that point nowhere (blocks override)."""
        return []

    def validate(self):
        validation = super().validate()
        if self.invalid_olx:
            problem = self.olx_problem() or _("The OLX of this block could not be read.")
            message = _("This block's OLX was kept as written but cannot be used: {problem}").format(problem=problem)
            validation.add(ValidationMessage(ValidationMessage.ERROR, message))
        for name in sorted(self.unowned_attributes or {}):
            if name not in PLATFORM_ATTRIBUTES and not name.startswith("{"):
                message = _('The OLX attribute {name}="…" is not a setting of this block and has no effect.')
                validation.add(ValidationMessage(ValidationMessage.WARNING, message.format(name=name)))
        for problem in self.reference_problems():
            validation.add(ValidationMessage(ValidationMessage.WARNING, problem))
        return validation

    def unavailable_fragment(self):
        """What learners see instead of a block whose OLX could not be read."""
        message = _("This activity is not available yet. Please check again later.")
        return Fragment(f'<div class="kemenag-unavailable" role="status"><p>{escape(message)}</p></div>')


# ---- references inside the course --------------------------------------------------------------


def course_blocks(block):
    """Every block of the course ``block`` is in, by walking up to the root and down again
    (Studio's runtime answers get_parent and get_children); [] where the runtime cannot."""
    try:
        root = block
        for _step in range(50):
            parent = root.get_parent()
            if parent is None:
                break
            root = parent
        if root is block:
            return []
        found, todo = [], [root]
        while todo and len(found) < MAX_REFERENCE_WALK:
            current = todo.pop()
            found.append(current)
            if getattr(current, "has_children", False):
                todo.extend(current.get_children())
        return found
    except Exception:
        log.debug("No course walk for %s", block.scope_ids.usage_id, exc_info=True)
        return []


def keys_of(blocks, block_types):
    """The names blocks of ``block_types`` can be referred to by: their id and their authored key."""
    names = set()
    for candidate in blocks:
        if candidate.scope_ids.block_type in block_types:
            names.add(getattr(candidate.scope_ids.usage_id, "block_id", None))
            names.add(getattr(candidate, "authored_url_name", None))
    names.discard(None)
    names.discard("")
    return names


UNIT_TYPES = ("vertical", "vertical_demo", "unit")
