"""What the quiz's handlers refuse, and why, in the user's language: each rule one ``Refused``.

Texts are marked here (``gettext_noop``) and translated when refused, through the block's
``i18n`` service, so the LMS's language applies (``KemenagBlockMixin.gettext``).
"""

from django.utils.translation import gettext_noop

from kemenag_xblocks.common.permissions import Refused

ATTEMPT = {
    "attempts_exhausted": gettext_noop("You have used all your attempts at this test."),
    "already_submitted": gettext_noop("This attempt has already been submitted."),
    "deadline_passed": gettext_noop("The time for this attempt is over; answers can no longer be changed."),
    "deadline_scored": gettext_noop(
        "The time for this attempt was over when these answers arrived, so they were not accepted. "
        "The answers saved before the deadline have been scored."
    ),
    "no_attempt": gettext_noop("Start the test first."),
    "no_items": gettext_noop("This test has no questions yet."),
    "busy": gettext_noop("Your answers changed on another device at the same moment. Please try again."),
}

ANSWER = {
    "unknown item": gettext_noop("One of the answers is for a question that is not in your test."),
    "not a number": gettext_noop("A scale answer must be a number."),
    "out of range": gettext_noop("A scale answer is outside the scale."),
    "unknown option": gettext_noop("One of the answers is not an option of its question."),
}

REQUEST = {
    "answers_shape": gettext_noop("Send the answers as an object of question ids to values."),
    "sign_in": gettext_noop("Sign in to take this test."),
    "no_csv": gettext_noop("Choose a CSV file to import."),
    "csv_too_large": gettext_noop("The CSV file is too large (at most {size} MB)."),
    "dimensions_shape": gettext_noop("Send the dimensions and bands as lists of rows."),
    "items_shape": gettext_noop("Send the questions as a list of rows."),
}

STATUS = {"csv_too_large": 413}


def attempt(gettext, code, status):
    """A rule on attempts (``attempts.AttemptError.code``) refused with ``status``."""
    return Refused(status, code, gettext(ATTEMPT[code]))


def answer(gettext, reason):
    """An answer the paper cannot take (``scoring.InvalidAnswer.reason``): 400 ``invalid_answer``."""
    return Refused(400, "invalid_answer", gettext(ANSWER[reason]))


def request(gettext, code, **values):
    """A malformed or unacceptable request (400, or the status the rule names)."""
    return Refused(STATUS.get(code, 400), code, gettext(REQUEST[code]).format(**values))


def olx_refused(error):
    """The OLX rules refused an edit: the message (already translated) names the element."""
    return Refused(400, "invalid_definition", str(error))
