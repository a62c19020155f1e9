"""The publication PDFs, read back with independent tools (pypdf, pdftotext)."""

import datetime as dt
import io
import json
import re
import subprocess
import threading

import pytest
from django.db import connections
from pypdf import PdfReader

from council.services import program_approve
from council.web import pdf as pdf_module
from program.models import ItemStatus, PdfDocument
from program.services import program_publish
from tests.conftest import behind_the_services
from workflows import clock

MARKER = "NEPUBLICAT4412"


pytestmark = pytest.mark.usefixtures("pango")


@pytest.fixture
def published_program(program, make_item, bring_to, users, django_capture_on_commit_callbacks):
    """A program with three published items (one with ș and ț in its title) and drafts with a
    marker, published through the service."""
    titles = [
        "Proiect de hotărâre privind ședințele electronice ale consiliului",
        "Proiect de hotărâre privind aprobarea bugetului local",
        "Proiect de hotărâre privind stațiile de încărcare",
    ]
    for n, title in enumerate(titles):
        bring_to(make_item(title=title, planned_month=n + 1), ItemStatus.SUBMITTED_TO_COUNCIL)
    for state in (ItemStatus.DRAFT, ItemStatus.SECRETARIAT_REVIEW, ItemStatus.WITHDRAWN):
        bring_to(make_item(title=f"Proiect {MARKER}", notes=MARKER), state)
    program_approve(
        year=program.year,
        user=users["secretariat"],
        decision_number=9,
        decision_date=dt.date(program.year - 1, 12, 17),
    )
    with django_capture_on_commit_callbacks(execute=True):
        program_publish(year=program.year, user=users["secretariat"])
    program.refresh_from_db()
    return program


def fetch(client, year):
    response = client.get(f"/program/{year}.pdf")
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content), response


def test_publication_renders_the_pdf(published_program):
    document = PdfDocument.objects.get(key=f"program-{published_program.year}")
    assert document.filename == f"PAACL-{published_program.year}-v1.pdf"
    assert document.size > 1000 and len(document.sha256) == 64


def test_the_pdf_has_every_published_item_with_its_diacritics(client, published_program):
    body, response = fetch(client, published_program.year)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="PAACL-{published_program.year}-v1.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for reference in (f"PAACL-{published_program.year}-00{n}" for n in (1, 2, 3)):
        assert reference in text
    assert "ședințele electronice" in text and "stațiile de încărcare" in text
    assert "Programul anual de activitate al Consiliului" in text
    assert "Pagina 1 din" in text


def test_pdftotext_reads_the_comma_below_letters(client, published_program, tmp_path, pdftotext):
    body, _ = fetch(client, published_program.year)
    path = tmp_path / "council.web.pdf"
    path.write_bytes(body)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True).stdout
    assert "ședințele" in text and "stațiile" in text
    assert "ş" not in text and "ţ" not in text


def test_nothing_unpublished_is_inside(client, published_program):
    body, _ = fetch(client, published_program.year)
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert MARKER not in text
    assert MARKER not in reader.attachments["program.json"][0].decode()


def test_the_pdf_is_pdf_a_3b_tagged_with_an_outline_and_metadata(client, published_program):
    body, _ = fetch(client, published_program.year)
    reader = PdfReader(io.BytesIO(body))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    # PDF/A identification, in either of XMP's spellings (attributes or elements).
    assert re.search(r'pdfaid:part(="3"|>3</pdfaid:part>)', raw)
    assert re.search(r'pdfaid:conformance(="B"|>B</pdfaid:conformance>)', raw)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "ro"
    assert reader.metadata.title.startswith("Programul anual de activitate")
    assert reader.metadata.author.startswith("Consiliul Local al Sectorului 1")
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert "Ianuarie " + str(published_program.year) in titles
    assert len(reader.pages) >= 2


def test_the_embedded_data_equals_the_api(client, api, published_program):
    body, _ = fetch(client, published_program.year)
    reader = PdfReader(io.BytesIO(body))
    embedded = json.loads(reader.attachments["program.json"][0])
    api_program = api.get(
        f"/api/v1/programs/{published_program.year}/", HTTP_ACCEPT_LANGUAGE="ro"
    ).json()
    api_items = api.get(
        "/api/v1/items/", {"year": published_program.year}, HTTP_ACCEPT_LANGUAGE="ro"
    ).json()
    assert embedded["items"] == api_items["results"]
    assert embedded["program"] == {
        k: v
        for k, v in api_program.items()
        # The PDF's own links, and the files around the program (added after it, any time).
        if k not in ("pdf_url", "pdf_sha256", "data_sha256", "documents")
    }
    import hashlib

    assert (
        api_program["data_sha256"]
        == hashlib.sha256(reader.attachments["program.json"][0]).hexdigest()
    )
    assert api_program["pdf_sha256"] == hashlib.sha256(body).hexdigest()
    assert api_program["pdf_url"].endswith(f"/program/{published_program.year}.pdf")


def test_a_stored_pdf_answers_304_to_its_etag(client, published_program):
    _, first = fetch(client, published_program.year)
    again = client.get(f"/program/{published_program.year}.pdf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_year_without_a_published_program_is_404(client, program):
    assert client.get(f"/program/{program.year}.pdf").status_code == 404
    assert client.get("/program/1999.pdf").status_code == 404


def test_a_rendering_failure_is_a_503_with_a_message(client, approved_program, users, monkeypatch):
    program = approved_program
    program_publish(year=program.year, user=users["secretariat"])

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    response = client.get(f"/program/{program.year}.pdf")
    assert response.status_code == 503
    assert "PDF" in response.content.decode()
    assert not PdfDocument.objects.filter(key=f"program-{program.year}").exclude(sha256="").exists()


def test_a_stale_pdf_is_rendered_again_once(
    client, published_program, monkeypatch, make_item, bring_to
):
    calls = []
    real = pdf_module.render_pdf

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "render_pdf", counting)
    fetch(client, published_program.year)
    assert calls == []  # rendered at publication, served from storage
    from program.models import ProgramItem

    with behind_the_services():  # a published item changed: the program's PDF is stale
        ProgramItem.objects.filter(program=published_program).update(
            title="Proiect de hotărâre schimbat", updated_at=clock.now()
        )
    body, _ = fetch(client, published_program.year)
    fetch(client, published_program.year)
    assert len(calls) == 1
    assert "schimbat" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_render_a_missing_pdf_once(published_program, monkeypatch):
    from django.test import Client

    PdfDocument.objects.all().delete()
    calls = []
    real = pdf_module.render_pdf

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "render_pdf", counting)
    barrier = threading.Barrier(4)
    statuses = []

    def get():
        try:
            barrier.wait()
            statuses.append(Client().get(f"/program/{published_program.year}.pdf").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=get) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200, 200, 200]
    assert len(calls) == 1


def test_the_agenda_pdf_of_a_convened_sitting(client, users, departments, committee_and_sitting):
    sitting = committee_and_sitting
    response = client.get(f"/sittings/{sitting.pk}/agenda.pdf")
    assert response.status_code == 200
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    assert "Ordinea de zi" in text and "Convocare" in text


@pytest.fixture
def committee_and_sitting(users, departments):

    from council import services
    from workflows.services import transition_fire

    sitting = services.sitting_plan(
        user=users["secretariat"],
        kind="emergency",
        starts_at=clock.now() + dt.timedelta(days=2),
        place="Sala de consiliu",
    )
    draft = services.draft_register(
        user=users["secretariat"],
        title="Proiect de hotărâre privind ședința",
        initiator="Primarul",
        statement="Referat.",
        department=departments["investitii"],
        legal_character="individual",
        majority="simple",
    )
    transition_fire(
        model=type(draft), pk=draft.pk, name="send_for_opinions", user=users["secretariat"]
    )
    for kind in ("department_report", "legality"):
        services.draft_opinion_record(
            draft_id=draft.pk,
            user=users["secretariat"],
            kind=kind,
            favourable=True,
            given_on=clock.today(),
        )
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=sitting.pk, user=users["secretariat"]
    )
    transition_fire(model=type(sitting), pk=sitting.pk, name="convene", user=users["secretariat"])
    return sitting


def test_a_planned_sittings_agenda_pdf_is_404(client, users):

    from council import services

    sitting = services.sitting_plan(
        user=users["secretariat"],
        kind="ordinary",
        starts_at=clock.now() + dt.timedelta(days=30),
        place="Sala",
    )
    assert client.get(f"/sittings/{sitting.pk}/agenda.pdf").status_code == 404
