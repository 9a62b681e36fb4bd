"""Template context for the demo's pages: who is viewing, the languages, the staff ids."""

from django.conf import settings


def demo_context(request):
    return {
        "demo_student_id": request.GET.get("student", "student_1"),
        "demo_staff_id": settings.KEMENAG_DEMO_STAFF_IDS[0],
        "demo_languages": settings.LANGUAGES,
    }
