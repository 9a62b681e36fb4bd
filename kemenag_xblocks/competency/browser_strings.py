"""Every text the tracker's script (competency.js) shows, handed over as ``init.strings``.

Marked with ``gettext_noop`` and translated with the block's ``i18n`` service, as the quiz's are.
"""

from django.utils.translation import gettext_noop

LEARNER = {
    "failed": gettext_noop("Something went wrong. Please try again."),
    "uploading": gettext_noop("Uploading {name}…"),
    "interrupted": gettext_noop(
        "The connection dropped while uploading {name}. It continues when the connection returns."
    ),
    "checked": gettext_noop("Valid: issued on {issued} to {name} ({username}); JP this year {jp} of {target}."),
    "serverError": gettext_noop("The server could not complete this. Try again later."),
    "networkError": gettext_noop("No connection. Check your network and try again."),
    "fieldsToFix": gettext_noop("{n} fields need correcting: see the marked fields above."),
}


def learner(gettext):
    return {key: gettext(text) for key, text in LEARNER.items()}
