"""A probe block for tests and benchmarks: a no-op JSON handler (the benchmark floor) and a
staff-only handler (the shared staff check)."""

import contextlib
from unittest import mock

from xblock import plugin
from xblock.core import XBlock

from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.permissions import require_staff


class ProbeBlock(KemenagBlockMixin, XBlock):
    def student_view(self, context=None):
        from web_fragments.fragment import Fragment

        return Fragment("<p>probe</p>")

    @XBlock.json_handler
    def noop(self, data, suffix=""):
        return {"ok": True}

    @XBlock.json_handler
    def staff_only(self, data, suffix=""):
        require_staff(self)
        return {"user": self.user.username}


@contextlib.contextmanager
def temporary_block_type(block_class, tag):
    """Make ``tag`` load ``block_class`` while the context lasts (as XBlock's own tests do)."""
    entry_point = mock.Mock(dist=mock.Mock(key="xblock"), load=mock.Mock(return_value=block_class), group="xblock.v1")
    entry_point.name = tag
    saved_entry_points, saved_cache = list(XBlock.extra_entry_points), dict(plugin.PLUGIN_CACHE)
    XBlock.extra_entry_points.append((tag, entry_point))
    plugin.PLUGIN_CACHE.clear()
    try:
        yield tag
    finally:
        XBlock.extra_entry_points[:] = saved_entry_points
        plugin.PLUGIN_CACHE.clear()
        plugin.PLUGIN_CACHE.update(saved_cache)
