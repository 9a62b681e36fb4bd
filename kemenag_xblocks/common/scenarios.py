"""Workbench scenarios: OLX files under ``kemenag_xblocks/scenarios/<block tag>/``.

Each file starts with an XML comment that is its title on the workbench index
(in Indonesian, as learners see the platform).
"""

import os
import re

from xblock.utils.resources import ResourceLoader

loader = ResourceLoader("kemenag_xblocks")
SCENARIO_ROOT = os.path.join(os.path.dirname(os.path.dirname(__file__)), "scenarios")
_TITLE = re.compile(r"^\s*<!--\s*(.*?)\s*-->", re.S)


def scenarios_for(tag):
    """``[(title, xml)]`` for every scenario file of one block, in file-name order."""
    folder = os.path.join(SCENARIO_ROOT, tag)
    found = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        if name.endswith(".xml"):
            xml = loader.load_unicode(f"scenarios/{tag}/{name}")
            title = _TITLE.match(xml)
            found.append((title.group(1) if title else name[:-4], xml))
    return found
