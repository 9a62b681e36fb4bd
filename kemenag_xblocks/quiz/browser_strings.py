"""Every text the quiz's scripts show, built here and handed over in the init arguments.

The learner's page gets ``learner(gettext)`` as ``init.strings`` (quiz.js); Studio gets
``studio(gettext)`` as the editor's ``init.strings`` (studio_sections.js and its sections). Texts
are marked with ``gettext_noop`` and translated with the block's ``i18n`` service.
"""

from django.utils.translation import gettext_noop

LEARNER = {
    "start": gettext_noop("Start the test"),
    "resume": gettext_noop("Continue the test"),
    "submit": gettext_noop("Submit answers"),
    "saving": gettext_noop("Saving…"),
    "saved": gettext_noop("Answers saved."),
    "saveFailed": gettext_noop("Your answers could not be saved. Check your connection; we will try again."),
    "timeLeft": gettext_noop("Time left"),
    "timeUp": gettext_noop("Time is up. Your saved answers are being submitted."),
    "question": gettext_noop("Question {n} of {total}"),
    "answered": gettext_noop("{n} of {total} answered"),
    "resultsTitle": gettext_noop("Your results"),
    "overall": gettext_noop("Overall index"),
    "category": gettext_noop("Category"),
    "dimension": gettext_noop("Dimension"),
    "index": gettext_noop("Index"),
    "chartTitle": gettext_noop("Index per dimension (0 to 100)"),
    "tableCaption": gettext_noop("Your results per dimension"),
    "feedback": gettext_noop("Feedback"),
    "recommended": gettext_noop("Recommended units to study"),
    "gainTitle": gettext_noop("Compared with your pre-test"),
    "pre": gettext_noop("Pre-test"),
    "post": gettext_noop("This test"),
    "gain": gettext_noop("Gain"),
    "attemptsLeft": gettext_noop("Attempts left: {n}"),
    "noAttemptsLeft": gettext_noop("You have no attempts left."),
    "tryAgain": gettext_noop("Take the test again"),
    "error": gettext_noop("Something went wrong. Please try again."),
    "exportReady": gettext_noop("The export is ready:"),
    "download": gettext_noop("Download CSV"),
    "exportStarted": gettext_noop("The export has started; the file will be at this link in a few minutes."),
    # Before submitting (an in-page dialog), and when time runs out.
    "confirmTitle": gettext_noop("Submit your answers?"),
    "confirmSubmit": gettext_noop("Submit your answers? You cannot change them afterwards."),
    "unansweredTitle": gettext_noop("{n} of {total} questions are not answered"),
    "unansweredZero": gettext_noop("Unanswered questions count as 0. Go to a question to answer it:"),
    "submitAnyway": gettext_noop("Submit anyway"),
    "notAnswered": gettext_noop("Not answered yet."),
    "timeUpTitle": gettext_noop("Time is up"),
    "timeUpCounted": gettext_noop(
        "The answers saved before the time ran out were counted: {n} of {total} questions. "
        "Unanswered questions count as 0."
    ),
    # Retakes: which attempt is the grade (said before a retake, and after one).
    "countedHighest": gettext_noop("Your highest result counts toward your grade; a retake cannot lower it."),
    "countedLatest": gettext_noop("Your latest attempt counts toward your grade, even if it is lower."),
    "countedFirst": gettext_noop("Only your first attempt counts toward your grade; retakes are for practice."),
    "countedAttempt": gettext_noop("Counted now: attempt {n} ({overall})."),
    "overallGain": gettext_noop("Overall index: pre-test {pre} → this test {post} ({gain})"),
    # Saved / not yet saved, on a line that drops (quiz.js keeps answers on the device).
    "allSaved": gettext_noop("All answers saved"),
    "unsaved": gettext_noop("Answers not yet saved: {n}."),
    "kept": gettext_noop("They are kept on this device and sent again when the connection returns."),
    "stillKept": gettext_noop("Your answers are still kept on this device."),
    "queued": gettext_noop(
        "Your submission is waiting for the connection and goes through when it returns. Keep this page open."
    ),
}

STUDIO = {
    "rowError": gettext_noop("Row {row}: {message}"),
    "rejected": gettext_noop("Nothing was imported. Correct these rows and import the file again:"),
    "imported": gettext_noop("Imported {count} questions; they replace the previous ones."),
    "noFile": gettext_noop("Choose a CSV file first."),
    "failed": gettext_noop("The file could not be imported. Please try again."),
    "dimensionsSaved": gettext_noop("Dimensions and bands saved."),
    "dimensionsFailed": gettext_noop("The dimensions and bands could not be saved. Please try again."),
    "remove": gettext_noop("Remove"),
    # The question editor.
    "questionNumber": gettext_noop("Question {n}"),
    "itemId": gettext_noop("Id"),
    "dimension": gettext_noop("Dimension"),
    "type": gettext_noop("Type"),
    "likert": gettext_noop("Scale (Likert)"),
    "choice": gettext_noop("Choice"),
    "reverse": gettext_noop("Reverse-keyed (agreeing scores low)"),
    "prompt": gettext_noop("Question text"),
    "optionId": gettext_noop("Option id"),
    "optionText": gettext_noop("Option text"),
    "optionScore": gettext_noop("Score"),
    "addOption": gettext_noop("Add an option"),
    "removeOption": gettext_noop("Remove option"),
    "moveUp": gettext_noop("Move up"),
    "moveDown": gettext_noop("Move down"),
    "removeItem": gettext_noop("Remove question"),
    "needId": gettext_noop("Give the question an id."),
    "duplicateId": gettext_noop("Another question has this id."),
    "needPrompt": gettext_noop("Write the question."),
    "needText": gettext_noop("Write the option."),
    "needScore": gettext_noop("Enter a score of 0 or more."),
    "needTwoOptions": gettext_noop("A choice question needs at least two options."),
    "fixRows": gettext_noop("Nothing was saved: correct the {n} marked question(s)."),
    "itemsSaved": gettext_noop("Saved {count} questions."),
}

# What KemenagKit.call says when the server fails or the line drops (never one for the other).
CALL = {
    "serverError": gettext_noop("The server could not complete this. Try again later."),
    "networkError": gettext_noop("No connection. Check your network and try again."),
}


def _translated(gettext, texts):
    return {key: gettext(text) for key, text in texts.items()}


def learner(gettext):
    return {**_translated(gettext, LEARNER), **_translated(gettext, CALL)}


def studio(gettext):
    return {**_translated(gettext, STUDIO), **_translated(gettext, CALL)}


LIKERT_FIVE = (
    gettext_noop("Strongly disagree"),
    gettext_noop("Disagree"),
    gettext_noop("Neutral"),
    gettext_noop("Agree"),
    gettext_noop("Strongly agree"),
)


def counted_rule(gettext, rule):
    """The sentence that tells a learner, before a retake, which attempt is the grade."""
    key = {"highest": "countedHighest", "latest": "countedLatest", "first": "countedFirst"}.get(rule, "countedHighest")
    return gettext(LEARNER[key])


def likert_labels(gettext, scale):
    """Labels for the points of the scale: all five named on the usual scale, ends otherwise."""
    if scale == len(LIKERT_FIVE):
        return [gettext(name) for name in LIKERT_FIVE]
    labels = [str(point) for point in range(1, scale + 1)]
    labels[0] = f"1 — {gettext(LIKERT_FIVE[0])}"
    labels[-1] = f"{scale} — {gettext(LIKERT_FIVE[-1])}"
    return labels
