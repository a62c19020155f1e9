"""Scale-out: anonymous public reads from a read replica through the database router (a second
alias), staff and writes on the primary; PDFs rendered by the task worker, not by web requests."""

import io

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from program.models import ItemStatus, PdfDocument
from program.services import program_publish
from tests.reliability.test_faults import needs_pdf

BOTH = ["default", "replica"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=BOTH)
@override_settings(PUBLIC_READ_DATABASE="replica")
def test_anonymous_public_reads_go_to_the_replica(client, make_item, bring_to, council_decision):
    item = bring_to(make_item(), ItemStatus.PUBLISHED)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        assert client.get(f"/items/{item.pk}/").status_code == 200
        assert client.get("/api/v1/items/").json()["count"] == 1
    assert len(replica) > 0
    assert len(primary) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=BOTH)
@override_settings(PUBLIC_READ_DATABASE="replica")
def test_staff_read_and_write_on_the_primary(client, api_as, users, make_item):
    item = make_item()
    client.force_login(users["investitii"])
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(f"/staff/items/{item.pk}/").status_code == 200
        response = api_as(users["investitii"]).post(
            f"/api/v1/items/{item.pk}/transitions/submit/", {}, format="json"
        )
        assert response.status_code == 200
    assert len(replica) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=BOTH)
@override_settings(PUBLIC_READ_DATABASE="replica")
def test_a_token_client_reads_the_primary(api, users, make_item):
    from knox.models import AuthToken

    make_item()
    _instance, token = AuthToken.objects.create(users["secretariat"])
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = api.get("/api/v1/items/", HTTP_AUTHORIZATION=f"Token {token}")
        assert response.json()["count"] == 1
    assert len(replica) == 0


@pytest.mark.django_db
def test_without_a_replica_everything_reads_the_primary(client, make_item):
    make_item()
    assert client.get("/api/v1/items/").status_code == 200


WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@needs_pdf
@pytest.mark.django_db(transaction=True)  # the worker commits, and closes its connection
@override_settings(TASKS=WORKER, PDF_RENDER_IN_REQUEST=False)
def test_the_worker_renders_the_pdf_and_web_requests_do_not(client, approved_program, users):
    program = approved_program
    program_publish(year=program.year, user=users["secretariat"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # queued, not rendered
    assert not PdfDocument.objects.exclude(sha256="").exists()

    response = client.get(f"/program/{program.year}.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "being prepared" in response.content.decode() or "pregătire" in response.content.decode()
    assert not PdfDocument.objects.exclude(sha256="").exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() >= 1
    response = client.get(f"/program/{program.year}.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
