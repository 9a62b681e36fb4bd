"""The assignment as the mobile apps read it (docs/native-api.md): its settings, nobody's work."""

from django.utils.translation import gettext as _

from kemenag_xblocks.assignment import rules


def student_view_data(block):
    """What the hand-in asks for and its limits; no rubric (a grader's tool here) and no submissions."""
    policy = block.policy()
    due = block.deadline()
    return {
        "display_name": _(block.display_name),  # the default name is marked, not translated
        "instructions": block.clean_instructions(),
        "points": block.weight,
        "due": due.isoformat() if due else None,
        "grace_hours": block.grace_hours,
        "accepts_late": block.late_policy != rules.REFUSE_LATE,
        "max_files": policy.max_files,
        "max_file_bytes": policy.max_bytes,
        "allowed_types": sorted(policy.extensions),
    }
