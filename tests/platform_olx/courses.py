"""The courses the platform replay runs over, and what their authors wrote for our blocks.

* ``ours``: course_content/ as committed (our blocks inline in their units);
* ``ours-pointers``: the same course with every block of ours moved to a pointer file
  (``kemenag_assignment/rencana_aksi_satker.xml``), given ``group_access`` and
  ``visible_to_staff_only``, the layout Studio's authors also write;
* ``demo-shaped``: tests/platform_olx/demo_course, the official demo course's structures;
* ``openedx-demo``: the official demo course itself, when a fetched snapshot of
  openedx/openedx-demo-course is on this machine, with our blocks inserted inline and as pointers.
"""

import shutil
import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

from lxml import etree

from kemenag_xblocks.common.olx import is_pointer, platform_parser
from tests.platform_olx.replay import OUR_BLOCKS

ROOT = Path(__file__).resolve().parents[2]
OUR_COURSE = ROOT / "course_content" / "moderasi-beragama-asn"
DEMO_SHAPED = Path(__file__).resolve().parent / "demo_course"
DEMO_SNAPSHOT = Path("/work/.mirror/openedx+openedx-demo-course/repo")
PLATFORM_SETTINGS = {
    "kemenag_moderation_quiz": {"group_access": '{"50": [1, 2]}', "visible_to_staff_only": "true"},
    "kemenag_assignment": {"visible_to_staff_only": "true"},
    "kemenag_competency": {"group_access": '{"50": [2]}'},
    "kemenag_resources": {"visible_to_staff_only": "true"},
}


def parse(path):
    return etree.parse(str(path), platform_parser()).getroot()


def write(path, node):
    path.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(node).write(str(path), pretty_print=True, encoding="utf-8")


def as_pointers(source, target):
    """A copy of the course with our blocks as pointer files carrying platform settings."""
    shutil.copytree(source, target)
    for unit in sorted((target / "vertical").glob("*.xml")):
        node = parse(unit)
        changed = False
        for child in node:
            if child.tag in OUR_BLOCKS and not is_pointer(child):
                definition = etree.fromstring(etree.tostring(child))
                del definition.attrib["url_name"]
                for name, value in PLATFORM_SETTINGS[child.tag].items():
                    definition.set(name, value)
                write(target / child.tag / f"{child.get('url_name')}.xml", definition)
                url_name = child.get("url_name")
                child.clear()
                child.set("url_name", url_name)
                changed = True
        if changed:
            write(unit, node)
    return target


def demo_snapshot(target):
    """The official demo course, from the fetched snapshot, with our blocks added (None if absent)."""
    if not DEMO_SNAPSHOT.exists():
        return None
    archive = subprocess.run(
        ["git", f"--git-dir={DEMO_SNAPSHOT}", "archive", "HEAD", "demo-course/course"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    course = target / "demo-course" / "course"
    units = sorted((course / "vertical").glob("*.xml"))[:2]
    inline, pointer = parse(units[0]), parse(units[1])
    for child in parse(DEMO_SHAPED / "vertical" / "inline_blocks.xml"):
        if child.tag in OUR_BLOCKS:
            inline.append(child)
    for tag in OUR_BLOCKS:
        (course / tag).mkdir(exist_ok=True)
        for path in sorted((DEMO_SHAPED / tag).glob("*.xml")):
            shutil.copy(path, course / tag / path.name)
            etree.SubElement(pointer, tag, url_name=path.stem)
    write(units[0], inline)
    write(units[1], pointer)
    return course


def authored_blocks(course_dir):
    """``{(tag, url_name): definition element}`` for our blocks, read as the author wrote them
    (inline in a unit, or from the pointer file)."""
    found = {}
    for unit in sorted((Path(course_dir) / "vertical").glob("*.xml")):
        for child in parse(unit):
            if child.tag not in OUR_BLOCKS:
                continue
            if is_pointer(child):
                definition = parse(Path(course_dir) / child.tag / f"{child.get('url_name')}.xml")
            else:
                definition = child
            found[(child.tag, child.get("url_name"))] = definition
    return found
