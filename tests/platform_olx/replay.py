"""A replay of edx-platform's course import and export, for our pure XBlocks.

Written from the platform's code (openedx/edx-platform), none of it copied:

* ``xmodule/modulestore/xml.py``: ``ImportSystem.process_xml`` (each block's OLX handed over as a
  string, parsed again with lxml's default parser, which that module replaces with one built with
  ``remove_blank_text=True``; ``url_name`` made unique; a block that raises is logged, not fatal),
  ``resources_fs`` (the course directory), ``get_policy`` (``policies/<run>/policy.json`` by
  ``type/url_name``).
* ``xmodule/x_module.py``: ``XMLParsingSystem.xblock_from_node`` (usage key from ``url_name``,
  ``xblock-family`` removed, the class mixed with the runtime's mixins, then
  ``parse_xml(node, runtime, keys)``); ``DescriptorSystem.add_block_as_child_node`` (a child element
  named after the block type, ``url_name`` set, then ``add_xml_to_node``).
* ``xmodule/vertical_block.py``: ``definition_from_xml`` (each child re-serialised alone with
  ``etree.tostring`` and given to ``process_xml``; a child that raises is logged and dropped, the
  import goes on) and ``definition_to_xml``.
* ``xmodule/xml_block.py``: pointer tags of the platform's own blocks (``<tag url_name=".."/>``
  read from ``tag/url_name.xml``), containers exported to files of their own and replaced by
  pointers, files written with ``pretty_print=True``.
* ``xmodule/modulestore/xml_exporter.py``: ``course.xml`` as a pointer carrying ``org`` and
  ``course``; ``policies/`` written beside the tree.
* ``lms/djangoapps/lms_xblock/mixin.py`` and ``xmodule/modulestore/inheritance.py`` (the
  platform's ``XBLOCK_MIXINS``): the fields every block gets (``group_access`` with integer keys,
  ``visible_to_staff_only``, ``due``, ``start``, ``graded``, ``format``...).
* ``openedx/core/lib/xblock_serializer/block_serializer.py`` (the clipboard): ``add_xml_to_node``
  on a bare ``<root>`` element, printed with ``pretty_print=True``.

The platform's own blocks (html, problem, video, wiki...) are kept as opaque OLX here: this replay
is about what happens to *our* blocks on that path.
"""

import hashlib
import json
import shutil
from pathlib import Path

from lxml import etree
from opaque_keys.edx.locator import CourseLocator
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Date, Dict, Float, List, Scope, ScopeIds, String
from xblock.runtime import DictKeyValueStore, KvsFieldData, Runtime

from kemenag_xblocks.common.olx import is_pointer, platform_parser

OUR_BLOCKS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency", "kemenag_resources")
CONTAINERS = ("course", "chapter", "sequential", "vertical")


# ---- the fields the platform mixes into every block -------------------------------------------


class GroupAccess(Dict):
    """``group_access`` as the LMS keeps it: partition ids are integers, JSON keys are strings."""

    def from_json(self, value):
        return None if value is None else {int(key): groups for key, groups in value.items()}

    def to_json(self, value):
        return None if value is None else {str(key): groups for key, groups in value.items()}


class PlatformFieldsMixin:
    """The settings the platform's XBLOCK_MIXINS add (the ones a course author sets)."""

    group_access = GroupAccess(scope=Scope.settings, default={})
    visible_to_staff_only = Boolean(scope=Scope.settings, default=False)
    hide_from_toc = Boolean(scope=Scope.settings, default=False)
    format = String(scope=Scope.settings, default=None)
    due = Date(scope=Scope.settings, default=None)
    start = Date(scope=Scope.settings, default=None)
    graded = Boolean(scope=Scope.settings, default=False)
    days_early_for_beta = Float(scope=Scope.settings, default=None)
    show_correctness = String(scope=Scope.settings, default="always")
    static_asset_path = String(scope=Scope.settings, default="")
    user_partitions = List(scope=Scope.settings, default=[])
    copied_from_block = String(scope=Scope.settings, default=None)


# ---- the platform's own blocks, as far as this replay needs them ---------------------------------


class ContainerBlock(XBlock):
    """course / chapter / sequential / vertical: children processed one by one, as the vertical does."""

    has_children = True
    attributes = Dict(scope=Scope.settings, default={})

    @classmethod
    def parse_xml(cls, node, runtime, keys, *_rest):
        block = runtime.construct_xblock_from_class(cls, keys)
        if is_pointer(node) or (node.tag == "course" and node.get("org")):
            node = runtime.load_file(f"{node.tag}/{node.get('url_name').replace(':', '/')}.xml")
        block.attributes = {k: v for k, v in node.attrib.items() if k != "url_name"}
        children = []
        for child in node:
            if not isinstance(child.tag, str):
                continue
            try:
                child_block = runtime.process_xml(etree.tostring(child, encoding="unicode"))
            except Exception as problem:
                runtime.errors.append(f"{child.tag}: {problem}")
                continue
            child_block.parent = block.scope_ids.usage_id
            children.append(child_block.scope_ids.usage_id)
        block.children = children
        return block

    def add_xml_to_node(self, node):
        definition = etree.Element(self.scope_ids.block_type, self.attributes)
        for child in self.get_children():
            self.runtime.add_block_as_child_node(child, definition)
        self.runtime.write_file(f"{self.scope_ids.block_type}/{self.scope_ids.usage_id.block_id}.xml", definition)
        node.tag = self.scope_ids.block_type  # the node stays a pointer


class OpaqueBlock(XBlock):
    """Any other block: its OLX (and the files of a pointer) kept and written back as they were."""

    source = String(scope=Scope.content, default="")
    files = Dict(scope=Scope.content, default={})

    @classmethod
    def parse_xml(cls, node, runtime, keys, *_rest):
        block = runtime.construct_xblock_from_class(cls, keys)
        path = f"{node.tag}/{(node.get('url_name') or '').replace(':', '/')}.xml"
        if is_pointer(node) and runtime.resources_fs.exists(path):
            files = {path: runtime.read_text(path)}
            definition = etree.fromstring(files[path].encode(), platform_parser())
            if definition.get("filename"):  # html: the body is in a file of its own
                body = f"{node.tag}/{definition.get('filename')}.html"
                if runtime.resources_fs.exists(body):
                    files[body] = runtime.read_text(body)
            block.files = files
        else:
            block.source = etree.tostring(node, encoding="unicode")
        return block

    def add_xml_to_node(self, node):
        for path, text in self.files.items():
            self.runtime.write_text(path, text)
        if self.source:
            inline = etree.fromstring(self.source.encode(), platform_parser())
            node.tag = inline.tag
            for name, value in inline.attrib.items():
                node.set(name, value)
            node.text = inline.text
            node.extend(list(inline))
        else:
            node.tag = self.scope_ids.block_type

    def student_view(self, context=None):
        return Fragment("")


# ---- the course directory and the runtime -----------------------------------------------------


class CourseDirectory:
    """What ``resources_fs`` offers a block on import (``exists`` and ``open``), over one folder."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, relative):
        path = (self.root / relative).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"{relative} is outside the course")
        return path

    def exists(self, relative):
        return self._path(relative).is_file()

    def open(self, relative, mode="rb"):
        return self._path(relative).open(mode)


class ImportRuntime(Runtime):
    """One course import (or one paste): blocks are kept in memory, keyed by usage key."""

    def __init__(self, course_dir, course_key, *, export_dir=None, policy=None):
        super().__init__(
            id_reader=None,
            id_generator=None,
            field_data=KvsFieldData(DictKeyValueStore()),  # per block, as the modulestore keeps it
            mixins=(PlatformFieldsMixin,),
            services={"i18n": I18n(), "user": None},
        )
        self.resources_fs = CourseDirectory(course_dir) if course_dir else None
        self.course_key = course_key
        self.export_dir = Path(export_dir) if export_dir else None
        self.policy = policy or {}
        self.blocks = {}
        self.used_names = set()
        self.errors = []

    # -- import (ImportSystem / XMLParsingSystem) --

    def load_block_type(self, block_type):
        if block_type in CONTAINERS:
            return ContainerBlock
        if block_type in OUR_BLOCKS:
            return XBlock.load_class(block_type)
        return OpaqueBlock

    def load_file(self, relative):
        with self.resources_fs.open(relative) as handle:
            return etree.parse(handle, platform_parser()).getroot()

    def read_text(self, relative):
        with self.resources_fs.open(relative) as handle:
            return handle.read().decode("utf-8")

    def unique_name(self, node, xml):
        name = node.get("url_name") or node.get("slug") or ""
        if not name or (node.tag, name) in self.used_names:
            digest = hashlib.sha1(xml.encode("utf-8")).hexdigest()[:12]
            name = f"{node.tag}_{name}_{digest}" if name else f"{node.tag}_{digest}"
        self.used_names.add((node.tag, name))
        node.set("url_name", name)
        return name

    def process_xml(self, xml):
        node = etree.fromstring(xml.encode("utf-8"), platform_parser())
        node.attrib.pop("xblock-family", None)
        name = self.unique_name(node, xml)
        usage_id = self.course_key.make_usage_key(node.tag, name)
        keys = ScopeIds(None, node.tag, usage_id, usage_id)
        block_class = self.mixologist.mix(self.load_block_type(node.tag))
        block = block_class.parse_xml(node, self, keys)
        block.save()
        self.blocks[usage_id] = block
        return block

    def get_policy(self, usage_id):
        return self.policy.get(f"{usage_id.block_type}/{usage_id.block_id}", {})

    def get_block(self, usage_id, for_parent=None):
        return self.blocks[usage_id]

    # -- export (XmlMixin / xml_exporter) --

    def add_block_as_child_node(self, block, node):
        child = etree.SubElement(node, block.scope_ids.block_type)
        child.set("url_name", block.scope_ids.usage_id.block_id)
        block.add_xml_to_node(child)

    def write_file(self, relative, element):
        path = self.export_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        etree.ElementTree(element).write(str(path), pretty_print=True, encoding="utf-8")

    def write_text(self, relative, text):
        path = self.export_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    # -- what the Runtime API asks for; nothing here renders or publishes --

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{block.scope_ids.usage_id}/{handler_name}/{suffix}"

    def resource_url(self, resource):
        return f"/resource/{resource}"

    def local_resource_url(self, block, uri):
        return f"/local/{block.scope_ids.block_type}/{uri}"

    def publish(self, block, event_type, event_data):
        pass


class I18n:
    """The i18n service: Django's gettext, so messages follow the active language."""

    def __call__(self, block=None):
        return self

    def gettext(self, text):
        from django.utils.translation import gettext

        return gettext(text)

    ugettext = gettext


class Course:
    """An imported course: the root block, every block by usage key, the errors the import logged."""

    def __init__(self, runtime, root):
        self.runtime, self.root = runtime, root

    @property
    def blocks(self):
        return self.runtime.blocks

    @property
    def errors(self):
        return self.runtime.errors

    def ours(self):
        return {key: block for key, block in self.blocks.items() if key.block_type in OUR_BLOCKS}


def import_course(course_dir):
    """Studio's import of the course folder that holds ``course.xml``."""
    course_dir = Path(course_dir)
    pointer = etree.parse(str(course_dir / "course.xml"), platform_parser()).getroot()
    run = pointer.get("url_name")
    course_key = CourseLocator(pointer.get("org"), pointer.get("course"), run)
    policy_file = course_dir / "policies" / run / "policy.json"
    policy = json.loads(policy_file.read_text(encoding="utf-8")) if policy_file.exists() else {}
    runtime = ImportRuntime(course_dir, course_key, policy=policy)
    root = runtime.process_xml(etree.tostring(pointer, encoding="unicode"))
    runtime.source_dir = course_dir
    return Course(runtime, root)


def export_course(course, out_dir):
    """Studio's export: ``course.xml`` pointer, the tree as files, our blocks inline in their units."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    runtime = course.runtime
    runtime.export_dir = out_dir
    key = runtime.course_key
    node = etree.Element("course", url_name=key.run, org=key.org, course=key.course)
    course.root.add_xml_to_node(node)
    for name in ("url_name", "org", "course"):
        node.set(name, getattr(key, {"url_name": "run"}.get(name, name)))
    etree.ElementTree(node).write(str(out_dir / "course.xml"), pretty_print=True, encoding="utf-8")
    source_policies = runtime.source_dir / "policies"
    if source_policies.exists():
        shutil.copytree(source_policies, out_dir / "policies", dirs_exist_ok=True)
    for folder in ("about", "static", "info", "assets"):
        if (runtime.source_dir / folder).exists():
            shutil.copytree(runtime.source_dir / folder, out_dir / folder, dirs_exist_ok=True)
    return out_dir


def clipboard_olx(block):
    """What Studio's copy puts on the clipboard for one block (XBlockSerializer)."""
    node = etree.Element("root")
    block.add_xml_to_node(node)
    return etree.tostring(node, encoding="unicode", pretty_print=True)


def paste(olx, course_key, block_id):
    """Studio's paste: the clipboard OLX parsed again under a new block id in ``course_key``."""
    runtime = ImportRuntime(None, course_key)
    node = etree.fromstring(olx.encode("utf-8"), platform_parser())
    usage_id = course_key.make_usage_key(node.tag, block_id)
    keys = ScopeIds(None, node.tag, usage_id, usage_id)
    block = runtime.mixologist.mix(runtime.load_block_type(node.tag)).parse_xml(node, runtime, keys)
    runtime.blocks[usage_id] = block
    return block


def settings_of(block):
    """Every setting and content field set on the block, as JSON: what must survive."""
    return {
        name: field.to_json(getattr(block, name))
        for name, field in block.fields.items()
        if field.scope in (Scope.settings, Scope.content) and name not in ("parent", "children")
        if field.is_set_on(block)
    }
