# The Celery app is created with Django (as in the LMS), so shared tasks queue through it.
from demo.celery import app as celery_app

__all__ = ("celery_app",)
