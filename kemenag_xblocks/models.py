"""Models of the plugin app. Each area keeps its models beside its code; Django finds them here."""

from kemenag_xblocks.common.models import AuditEntry  # noqa: F401
