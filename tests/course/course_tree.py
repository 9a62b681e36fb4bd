"""Reading the OLX course in ``course_content/`` the way Studio's import does: from ``course.xml``
through the pointer files, so the tests check the course a learner would actually get.

Core blocks are pointers to files of their own. Our blocks are written inline in their unit, as
Studio exports any pure XBlock (they also load pointer files themselves: tests/platform_olx runs
this course with them moved out)."""

import json
from pathlib import Path

from lxml import etree

COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content" / "moderasi-beragama-asn"
OUR_BLOCKS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency", "kemenag_resources")
# Block types whose files hold only structure (children are pointers too).
CONTAINERS = ("course", "chapter", "sequential", "vertical")


def parse(path):
    return etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()


def is_pointer(node):
    """``<tag url_name="x"/>`` with no other attributes or children: the definition is in tag/x.xml."""
    return set(node.attrib) == {"url_name"} and len(node) == 0


def root():
    return parse(COURSE_DIR / "course.xml")


def run():
    return root().get("url_name")


def walk():
    """Every block reachable from ``course.xml``: ``(tag, url_name, element, file it is defined in)``."""
    found = []

    def visit(tag, url_name):
        path = COURSE_DIR / tag / f"{url_name}.xml"
        node = parse(path)
        found.append((tag, url_name, node, path))
        if tag in CONTAINERS:
            for child in node:
                if child.tag in OUR_BLOCKS:
                    if tag != "vertical" or not child.get("url_name") or len(child.attrib) == 1:
                        raise AssertionError(f"{path}: <{child.tag}> belongs inline in a unit, with its url_name")
                    found.append((child.tag, child.get("url_name"), child, path))
                elif is_pointer(child):
                    visit(child.tag, child.get("url_name"))
                else:
                    raise AssertionError(f"{path}: <{child.tag}> is inline; core blocks live in files of their own")

    visit("course", run())
    return found


def blocks_of(tag):
    return [(url_name, node, path) for block_tag, url_name, node, path in walk() if block_tag == tag]


def policy():
    data = json.loads((COURSE_DIR / "policies" / run() / "policy.json").read_text(encoding="utf-8"))
    return data[f"course/{run()}"]


def grading_policy():
    return json.loads((COURSE_DIR / "policies" / run() / "grading_policy.json").read_text(encoding="utf-8"))
