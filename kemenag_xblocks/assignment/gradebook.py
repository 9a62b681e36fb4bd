"""Publishing a grade that staff gave to a learner who is not the current user.

The runtime's ``publish(block, "grade", ...)`` credits the *current* user (the grader). In the
LMS a score for someone else goes through the grades app's ``SCORE_PUBLISHED`` signal with the
learner's user object, as xblock-lti-consumer's ``compat.publish_grade`` does; edx-sga reaches
the same place through edx-submissions' ``score_set`` signal. Outside the LMS (the workbench,
tests) the event is published through the runtime with the learner's ids in it.
"""

import logging

from django.contrib.auth import get_user_model

log = logging.getLogger(__name__)


def _lms_signal():
    try:
        from lms.djangoapps.grades.api import signals  # only exists inside the LMS
    except ImportError:
        return None
    return signals.SCORE_PUBLISHED


def publish_for_learner(block, submission, earned, possible):
    """Put ``earned / possible`` in the learner's gradebook entry for ``block``."""
    signal = _lms_signal()
    if signal is not None:
        user = get_user_model().objects.get(pk=submission.user_id)
        signal.send(
            sender=None,
            block=block,
            user=user,
            raw_earned=earned,
            raw_possible=possible,
            only_if_higher=False,
            score_deleted=False,
        )
        return
    block.runtime.publish(
        block,
        "grade",
        {
            "value": earned,
            "max_value": possible,
            "user_id": submission.user_id,
            "anonymous_user_id": submission.anonymous_id,
        },
    )
    log.info("grade %s/%s published for %s on %s", earned, possible, submission.anonymous_id, submission.usage_key)
