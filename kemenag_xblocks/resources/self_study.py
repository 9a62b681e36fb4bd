"""JP for self-study, only where the operator configured it (``KEMENAG_RESOURCES_JP_PER_LIST``).

Default 0: reading earns no JP. A positive figure credits that many JP once per learner and list,
as a recorded entry of the learner's JP ledger (external source, key ``self-study:<usage key>``).
"""

from django.utils import timezone

from kemenag_xblocks.conf import setting
from kemenag_xblocks.resources import completion


def credit(block, user, title):
    jp = completion.jp_for_list(setting("KEMENAG_RESOURCES_JP_PER_LIST"))
    if not jp or user.user_id is None:
        return None
    from kemenag_xblocks.competency.models import LedgerEntry

    entry, _created = LedgerEntry.objects.get_or_create(
        user_id=user.user_id,
        source=LedgerEntry.Source.EXTERNAL,
        source_key=f"self-study:{block.usage_key}"[:255],
        defaults={
            "title": title[:255],
            "organizer": setting("KEMENAG_SIASN_PLATFORM_ORGANIZER"),
            "jp": jp,
            "competency_type": setting("KEMENAG_RESOURCES_COMPETENCY_TYPE"),
            "completed_on": timezone.localdate(),
            "status": LedgerEntry.Status.RECORDED,
            "reported_in": block.course_key,
        },
    )
    return entry
