"""Where the learner's browser keeps answers it has not had confirmed yet (quiz.js, localStorage).

The key names the block and the learner, so that another learner on a shared phone or a kiosk
never picks up someone else's draft; it is a digest, so the device's storage does not reveal the
learner's anonymous id. quiz.js appends the attempt number.
"""

import hashlib


def draft_key(usage_id, anonymous_id):
    return hashlib.sha256(f"{usage_id}\n{anonymous_id}".encode()).hexdigest()[:32]
