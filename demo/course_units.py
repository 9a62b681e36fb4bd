"""The real course's units as workbench scenarios, so a newcomer sees the course, not samples.

Every unit of ``course_content/`` that holds one of our blocks becomes a scenario titled
"Kursus: <unit name>". The blocks are taken as they are in the course; the unit's HTML
readings are left out (the workbench has no core ``html`` block), and each is linked in
the course export instead.
"""

from pathlib import Path

from lxml import etree

COURSE_DIR = Path(__file__).resolve().parents[1] / "course_content" / "moderasi-beragama-asn"
OUR_TAGS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency")


def course_unit_scenarios(course_dir=COURSE_DIR):
    """``[(scenario id, title, xml)]`` for each course unit that uses our blocks, in file order."""
    found = []
    for path in sorted((course_dir / "vertical").glob("*.xml")):
        unit = etree.parse(str(path)).getroot()
        ours = [child for child in unit if child.tag in OUR_TAGS]
        if not ours:
            continue
        for child in ours:
            drop_platform_url_name(child)
        demo_unit = etree.Element("vertical_demo")
        demo_unit.extend(ours)
        title = f"Kursus: {unit.get('display_name', path.stem)}"
        found.append((f"kursus_{path.stem}", title, etree.tostring(demo_unit, encoding="unicode")))
    return found


def drop_platform_url_name(node):
    """``url_name`` is the LMS's id of a block; the workbench has none, and XBlock's default
    ``parse_xml`` logs a warning for every such attribute it cannot set (on the root logger, once
    per block load). Blocks that keep it themselves (an ``authored_url_name`` field, as the quiz
    has, to link its pre-test) keep it."""
    from xblock.core import XBlock

    if "url_name" not in node.attrib:
        return
    try:
        cls = XBlock.load_class(node.tag)
    except Exception:
        return
    if "url_name" not in cls.fields and "authored_url_name" not in cls.fields:
        del node.attrib["url_name"]


def install():
    """Add the course units whenever the workbench (re)builds its scenario list."""
    from workbench import scenarios

    build_blocks_scenarios = scenarios.init_scenarios
    if getattr(build_blocks_scenarios, "with_course_units", False):
        return

    def init_scenarios():
        build_blocks_scenarios()
        for scenario_id, title, xml in course_unit_scenarios():
            scenarios.add_xml_scenario(scenario_id, title, xml)

    init_scenarios.with_course_units = True
    scenarios.init_scenarios = init_scenarios
