"""Blocks in the workbench runtime: OLX loaded as a scenario (handler calls: ``tests.support.handlers``)."""

import itertools

from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import add_xml_scenario, get_scenarios, remove_scenario

_counter = itertools.count()


class Scenario:
    """One OLX scenario loaded into the workbench; removed again by ``close()``."""

    def __init__(self, xml):
        self.name = f"test-scenario-{next(_counter)}"
        add_xml_scenario(self.name, self.name, xml)
        self.usage_id = get_scenarios()[self.name].usage_id

    def block(self, student_id="student_1", child=0):
        """The scenario's root block, or its n-th child when the root is a vertical."""
        runtime = WorkbenchRuntime(student_id)
        root = runtime.get_block(self.usage_id)
        if root.scope_ids.block_type == "vertical_demo":
            return runtime.get_block(root.children[child])
        return root

    def close(self):
        remove_scenario(self.name)
