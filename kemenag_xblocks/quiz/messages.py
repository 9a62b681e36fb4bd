"""Learner-facing strings: handler errors and the texts the JavaScript shows (translated here)."""

from django.utils.translation import gettext as _


def attempt_error(code):
    return {
        "attempts_exhausted": _("You have used all your attempts at this test."),
        "already_submitted": _("This attempt has already been submitted."),
        "deadline_passed": _("The time for this attempt is over; answers can no longer be changed."),
        "deadline_scored": _(
            "The time for this attempt was over when these answers arrived, so they were not accepted. "
            "The answers saved before the deadline have been scored."
        ),
        "no_attempt": _("Start the test first."),
        "no_items": _("This test has no questions yet."),
        "busy": _("Your answers changed on another device at the same moment. Please try again."),
    }[code]


def answer_error(reason):
    return {
        "unknown item": _("One of the answers is for a question that is not in your test."),
        "not a number": _("A scale answer must be a number."),
        "out of range": _("A scale answer is outside the scale."),
        "unknown option": _("One of the answers is not an option of its question."),
    }[reason]


def likert_labels(scale):
    """Labels for the points of the scale: all five named on the usual scale, ends otherwise."""
    if scale == 5:
        return [_("Strongly disagree"), _("Disagree"), _("Neutral"), _("Agree"), _("Strongly agree")]
    labels = [str(point) for point in range(1, scale + 1)]
    labels[0] = f"1 — {_('Strongly disagree')}"
    labels[-1] = f"{scale} — {_('Strongly agree')}"
    return labels


def js_strings():
    return {
        "start": _("Start the test"),
        "resume": _("Continue the test"),
        "submit": _("Submit answers"),
        "confirmSubmit": _("Submit your answers? You cannot change them afterwards."),
        "saving": _("Saving…"),
        "saved": _("Answers saved."),
        "saveFailed": _("Your answers could not be saved. Check your connection; we will try again."),
        "timeLeft": _("Time left"),
        "timeUp": _("Time is up. Your saved answers are being submitted."),
        "question": _("Question {n} of {total}"),
        "answered": _("{n} of {total} answered"),
        "resultsTitle": _("Your results"),
        "overall": _("Overall index"),
        "category": _("Category"),
        "dimension": _("Dimension"),
        "index": _("Index"),
        "chartTitle": _("Index per dimension (0 to 100)"),
        "tableCaption": _("Your results per dimension"),
        "feedback": _("Feedback"),
        "recommended": _("Recommended units to study"),
        "gainTitle": _("Compared with your pre-test"),
        "pre": _("Pre-test"),
        "post": _("This test"),
        "gain": _("Gain"),
        "attemptsLeft": _("Attempts left: {n}"),
        "noAttemptsLeft": _("You have no attempts left."),
        "tryAgain": _("Take the test again"),
        "error": _("Something went wrong. Please try again."),
        "exportReady": _("The export is ready:"),
        "download": _("Download CSV"),
        "exportStarted": _("The export has started; the file will be at this link in a few minutes."),
    }
