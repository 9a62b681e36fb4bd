"""Blocks in the workbench runtime, and handler calls through the demo's Django stack."""

import itertools
import json

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


def handler_url(block, handler):
    return block.runtime.handler_url(block, handler)


def post_json(client, block, handler, payload, student_id=None):
    """POST a JSON body to a block handler through the workbench's URL, as the LMS's JS does."""
    url = handler_url(block, handler)
    if student_id is not None:
        url = url.split("?")[0] + f"?student={student_id}"
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(url, data=body, content_type="application/json")
