"""The assignment's user-visible strings (as ``quiz/messages.py`` is the quiz's): the refusals of its
handlers, by code, and every string its browser code shows, learner, staff and Studio alike.

The browser gets its strings one way only: ``browser_strings`` / ``studio_strings`` build the
``strings`` of the init arguments, translated on the server with the block's ``i18n`` service
(``translator``), so the LMS's language selection applies. Functions take the translation
function as ``_`` so that extraction finds the strings.
"""

from django.utils.translation import gettext


def translator(block):
    """The block's ``gettext`` from the runtime's ``i18n`` service (Django's outside a runtime)."""
    service = block.runtime.service(block, "i18n") if block is not None else None
    return getattr(service, "gettext", None) or gettext


def refusal(code, _=gettext):
    """The message of a refusal the learner or grader can act on."""
    return {
        "read_only": _("Your work has been handed in and can no longer be changed."),
        "no_such_file": _("This file is no longer part of your work. Reload the page."),
        "already_submitted": _("Your work has already been handed in."),
        "no_files": _("Add at least one file before handing in."),
        "not_submitted": _("This learner has not handed in work to grade."),
        "sign_in": _("Sign in to hand in your work."),
        "which_file": _("Say which file to remove."),
        "confirm": _("Confirm that you want to hand in your work."),
        "too_late": _("The deadline has passed and this assignment does not accept late work."),
        "no_file": _("Choose a file to upload."),
        "not_yours": _("This file does not exist or is not yours to open."),
        "no_receipt": _("There is no hand-in to give a receipt for yet."),
        "no_such_hand_in": _("No such hand-in."),
        "feedback_too_long": _("The feedback is too long."),
        "unknown_filter": _("Unknown status filter."),
        "unknown_page": _("Unknown page."),
        "unknown_archive": _("Unknown archive."),
        "archive_pending": _("The archive is still being prepared. Try again in a minute."),
        "no_csv": _("Choose a CSV file to import."),
        "csv_too_large": _("The CSV file is too large."),
        "csv_encoding": _("Save the CSV file as UTF-8 and try again."),
        "csv_rows": _("Nothing was imported: fix the rows listed and import the file again."),
        "csv_changed": _("Hand-ins changed during the import; nothing was imported. Try again."),
        "no_points": _("This assignment has no points set. Set its points in Studio before grading."),
        "rubric_levels": _("Choose a level for every rubric criterion."),
    }[code]


def browser_strings(_=gettext):
    """The learner's and staff's page (``assignment.js``)."""
    return {
        "uploading": _("Uploading {name}…"),
        "uploaded": _("{name} uploaded."),
        "uploadFailed": _("{name} was not uploaded: {reason}"),
        "tooLarge": _("{name} is larger than the limit of {size} MB."),
        "tooMany": _("You can hand in at most {count} files."),
        "wrongType": _("{name}: files of this type are not accepted."),
        "networkError": _("The connection failed. Check your network and try again."),
        "serverError": _("The server could not complete this. Nothing was lost; try again in a few minutes."),
        "refused": _("This request was refused. Reload the page and try again."),
        "interrupted": _("The connection dropped while uploading {name}. It continues when the connection returns."),
        "checking": _("Checking {name}…"),
        "resume": _("An upload was interrupted: {names}. Choose the same file again to continue where it stopped."),
        "remove": _("Remove {name}"),
        "removed": _("{name} removed."),
        "confirmSubmit": _(
            "Hand in {count} file(s)? After handing in you cannot change them unless staff return the work."
        ),
        "submitted": _("Your work has been handed in."),
        "noFiles": _("No files yet."),
        "sha": _("SHA-256"),
        "fingerprint": _("Fingerprint (SHA-256)"),
        "score": _("Score: {score} of {max}"),
        "feedback": _("Feedback"),
        "annotated": _("Annotated file from staff"),
        "rubricLevel": _("{level} ({points} of {max} points)"),
        "learner": _("Learner"),
        "status": _("Status"),
        "handedIn": _("Handed in"),
        "files": _("Files"),
        "grade": _("Grade"),
        "gradeAction": _("Grade {name}"),
        "saveGrade": _("Save and publish grade"),
        "returnAction": _("Return for revision"),
        "saved": _("Grade saved and published."),
        "returned": _("Work returned for revision."),
        "noRows": _("No learners match this filter."),
        "preparing": _("The archive is being prepared…"),
        "imported": _("{count} grades imported."),
        "importErrors": _("Line {line}: {error}"),
        "page": _("Page {page} of {pages}"),
        "previous": _("Previous"),
        "next": _("Next"),
        "annotatedLabel": _("Annotated file (optional)"),
        "cancel": _("Cancel"),
        "historyEntry": _("{when} · {who}: {action_label}, score {old_score} → {new_score}"),
        "runningTotal": _("Rubric points so far: {points} of {max} (score {score} of {weight})"),
        "chooseAllLevels": _("Choose a level for every rubric criterion: {missing} still open."),
        "scoreRange": _("Enter a score from 0 to {max}."),
    }


def studio_strings(_=gettext):
    """The Studio editor (``assignment_studio.js``)."""
    return {
        "saving": _("Saving…"),
        "saved": _("The settings are saved."),
        "unchanged": _("Nothing changed; nothing was saved."),
        "networkError": _("The connection failed. Check your network and try again."),
        "serverError": _("The server could not save this. Nothing was changed; try again in a few minutes."),
        "refused": _("The settings were not saved."),
        "fixFirst": _("Fix the marked fields first; nothing was saved."),
        "required": _("This field needs a value."),
        "number": _("Enter a number (for example 12.5)."),
        "atLeast": _("Enter a number of at least {min}."),
        "atMost": _("Enter a number of at most {max}."),
        "whole": _("Enter a whole number (no decimals)."),
        "types": _("Choose at least one allowed file type."),
        "criterion": _("Criterion {number}"),
        "criterionName": _("Name of criterion {number}"),
        "criterionDescription": _("Description (optional)"),
        "level": _("Level {number}"),
        "levelLabel": _("Level label"),
        "levelPoints": _("Points"),
        "addCriterion": _("Add a criterion"),
        "addLevel": _("Add a level"),
        "removeCriterion": _("Remove criterion {number}"),
        "removeLevel": _("Remove level {number} of criterion {criterion}"),
        "moveUp": _("Move criterion {number} up"),
        "moveDown": _("Move criterion {number} down"),
        "moveLevelUp": _("Move level {number} of criterion {criterion} up"),
        "moveLevelDown": _("Move level {number} of criterion {criterion} down"),
        "needName": _("Give the criterion a name."),
        "needLabel": _("Give the level a label."),
        "needLevels": _("A criterion needs between 2 and {max} levels."),
        "tooManyCriteria": _("A rubric has at most {max} criteria."),
        "noRubric": _("No rubric: staff enter a score directly."),
        "rubricTotal": _("Most points on this rubric: {points}, scaled to the assignment's {weight} points."),
    }
