"""Operators register a source and harvest it from the Django admin (Celery eager here)."""

import pytest
from django.contrib.auth import get_user_model

from kemenag_xblocks.resources.models import HarvestRun, ResourceRecord, ResourceSource

pytestmark = pytest.mark.django_db


def test_an_operator_registers_a_source_and_harvests_it_from_the_admin(client, repository, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    operator = get_user_model().objects.create_superuser("operator", "op@example.invalid", "sandi-rahasia")
    client.force_login(operator)
    response = client.post(
        "/admin/kemenag_xblocks/resourcesource/add/",
        {
            "name": "Jurnal Contoh",
            "base_url": repository.url(),
            "set_spec": "",
            "metadata_prefix": "oai_dc",
            "enabled": "on",
            "timeout_seconds": "5",
            "max_retries": "1",
            "runs-TOTAL_FORMS": "0",
            "runs-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:500]
    source = ResourceSource.objects.get()
    response = client.post(
        "/admin/kemenag_xblocks/resourcesource/",
        {"action": "harvest_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert HarvestRun.objects.get().status == HarvestRun.SUCCEEDED
    assert ResourceRecord.objects.count() == 5
    page = client.get(f"/admin/kemenag_xblocks/resourcesource/{source.pk}/change/")
    assert b"succeeded" in page.content or "berhasil" in page.content.decode()
