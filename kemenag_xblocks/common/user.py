"""Who is asking: the user service's attributes, read the way the LMS provides them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CurrentUser:
    user_id: int | None
    username: str
    anonymous_id: str
    full_name: str
    is_staff: bool
    role: str

    @property
    def is_authenticated(self):
        return self.user_id is not None


def current_user(block):
    """The current user as the runtime's ``user`` service describes it (LMS attribute names)."""
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    attrs = getattr(user, "opt_attrs", {}) or {}
    user_id = attrs.get("edx-platform.user_id")
    anonymous_id = attrs.get("edx-platform.anonymous_user_id") or ""
    if not anonymous_id and hasattr(block.runtime, "anonymous_student_id"):
        anonymous_id = block.runtime.anonymous_student_id or ""
    return CurrentUser(
        user_id=int(user_id) if user_id is not None else None,
        username=attrs.get("edx-platform.username") or "",
        anonymous_id=anonymous_id,
        full_name=getattr(user, "full_name", "") or "",
        is_staff=bool(attrs.get("edx-platform.user_is_staff", False)),
        role=attrs.get("edx-platform.user_role") or "student",
    )
