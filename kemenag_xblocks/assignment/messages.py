"""Strings the assignment's JavaScript shows, translated on the server (no JS gettext)."""

from django.utils.translation import gettext as _


def js_strings():
    return {
        "uploading": _("Uploading {name}…"),
        "uploaded": _("{name} uploaded."),
        "uploadFailed": _("{name} was not uploaded: {reason}"),
        "tooLarge": _("{name} is larger than the limit of {size} MB."),
        "tooMany": _("You can hand in at most {count} files."),
        "wrongType": _("{name}: files of this type are not accepted."),
        "networkError": _("The connection failed. Check your network and try again."),
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
    }
