"""The floor every handler figure is compared with: a no-op JSON handler's round trip."""

from benchmarks.harness import report, timed
from tests.support.blocks import ProbeBlock, temporary_block_type

ORDER = 0  # runs first: the other benchmarks divide by its figure


def run(stack, floor=None):
    with temporary_block_type(ProbeBlock, "kemenag_probe"):
        block = stack.block("<kemenag_probe/>")
        seconds = timed(lambda: stack.post_json(block, "noop", {}))
    report("floor: no-op JSON handler round trip", seconds)
    return seconds
