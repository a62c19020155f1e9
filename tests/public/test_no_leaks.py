"""Nothing unpublished reaches the public: items in every state, inputs and comments carrying a
marker, and every public page, feed and API list crawled anonymously."""

import datetime as dt
import io
import json

import pytest
from django.test import Client

from council import alerts
from council.documents import document_add
from council.models import Document
from council.participation import (
    recommendation_answer,
    recommendation_confirm,
    recommendation_send,
)
from council.services import draft_consultation_update, sitting_plan
from program.models import AnnualProgram, ItemStatus, ProgramItem, ProgramStatus
from program.services import item_input_give
from tests.conftest import behind_the_services
from tests.oparl_client import Walker
from workflows import clock
from workflows.services import transition_fire

MARKER = "NEPUBLICAT7319"
# A public document: a valid PDF without the marker.
HTML_PUBLIC = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def marked_pdf() -> io.BytesIO:
    from weasyprint import HTML

    file = io.BytesIO(HTML(string=f"<p>{MARKER} document intern</p>").write_pdf())
    file.name = f"{MARKER}.pdf"
    return file


@pytest.fixture
def world(make_item, bring_to, council_decision, users, departments, register):
    """One published item, and items in every other state whose texts carry the marker; a
    registered (public) draft with an internal document and a sitting being planned with its
    convocation, both marked."""
    published = bring_to(make_item(notes=f"{MARKER} note internă"), ItemStatus.PUBLISHED)
    with behind_the_services():  # published as a whole, without the program's other steps
        AnnualProgram.objects.filter(pk=published.program_id).update(
            status=ProgramStatus.PUBLISHED, published_at=clock.now()
        )
    for state in ItemStatus.values:
        if state == ItemStatus.PUBLISHED:
            continue
        bring_to(
            make_item(title=f"Proiect {MARKER} {state}", description=f"{MARKER} descriere"), state
        )
    # A department's opinion and an internal comment, both marked, on a public item's history.
    other = make_item()
    transition_fire(model=type(other), pk=other.pk, name="submit", user=users["investitii"])
    item_input_give(
        item_id=other.pk, user=users["juridica"], opinion="unfavourable", text=f"{MARKER} aviz"
    )
    item_input_give(
        item_id=other.pk, user=users["investitii"], opinion="favourable", text=f"{MARKER} aviz"
    )
    transition_fire(
        model=type(other),
        pk=other.pk,
        name="return_to_draft",
        user=users["secretariat"],
        comment=f"{MARKER} comentariu intern",
    )
    # A sitting still being planned (not convened) is not public either, nor its documents.
    planned = sitting_plan(
        user=users["secretariat"],
        kind="ordinary",
        starts_at=clock.now() + dt.timedelta(days=20),
        place=f"{MARKER} sala",
    )
    document_add(user=users["secretariat"], record="sitting", record_id=planned.pk,
                 kind="convocation", file=marked_pdf(), title=f"{MARKER} convocare")  # fmt: skip
    # A public draft's internal document (and its original with personal data) are not public.
    draft = register()
    for reason in ("Secret de serviciu", ""):
        original = document_add(
            user=users["secretariat"], record="draft", record_id=draft.pk, kind="annex",
            file=marked_pdf(), title=f"{MARKER} anexă", internal_reason=reason,
        )  # fmt: skip
    public = io.BytesIO(HTML_PUBLIC)
    public.name = "anexa.pdf"
    document_add(user=users["secretariat"], record="draft", record_id=draft.pk, kind="annex",
                 file=public, title="Anexă anonimizată", public_version_of=original.pk)  # fmt: skip
    published.public_draft = draft
    # A consultation: a recommendation not answered yet, one never confirmed, one answered and
    # published whose private author's name and address carry the marker; and a subscriber.
    consulted = register(legal_character="normative", title="Proiect normativ în consultare")
    draft_consultation_update(
        draft_id=consulted.pk, user=users["secretariat"],
        announced_on=clock.today() - dt.timedelta(days=2),
        recommendations_until=clock.today() + dt.timedelta(days=10),
    )  # fmt: skip
    transition_fire(model=type(consulted), pk=consulted.pk, name="start_consultation",
                    user=users["secretariat"])  # fmt: skip
    text = "Recomandare cu textul suficient de lung pentru a fi primită."
    _pending, token = recommendation_send(
        draft_id=consulted.pk, text=f"{MARKER} {text}", name="Ana", email="ana@example.ro",
        consent=True,
    )  # fmt: skip
    recommendation_confirm(token=token)
    recommendation_send(draft_id=consulted.pk, text=f"{MARKER} {text}", name="Ion",
                        email="ion@example.ro", consent=True)  # fmt: skip
    answered, token = recommendation_send(
        draft_id=consulted.pk, text=text, name=f"{MARKER} Popescu",
        email=f"{MARKER.lower()}@example.ro", consent=True,
    )  # fmt: skip
    recommendation_confirm(token=token)
    recommendation_answer(recommendation_id=answered.pk, user=users["secretariat"],
                          answer_kind="rejected", answer="Nu se preia.")  # fmt: skip
    alerts.subscribe(email=f"{MARKER.lower()}.abonat@example.ro", topic="all")
    published.consultation = consulted
    return published


def crawl(client, published):
    today = clock.today()
    paths = [
        "/",
        "/strategies/",
        "/strategies/smart-city/",
        "/calendar.ics",
        "/feed.atom",
        f"/program/{today.year}/",
        f"/items/{published.pk}/",
        "/search/?q=descriere",
        "/search/?q=proiect",
        f"/api/v1/items/{published.pk}/history/",
        "/drafts/",
        f"/drafts/{published.public_draft.pk}/",
        "/search/?q=document%20intern",
        "/api/v1/audit-log/head/",
        "/api/v1/schema/",
        "/councillors/",
        "/committees/",
        "/consultations/",
        f"/consultations/{published.consultation.pk}/",
        f"/api/v1/consultations/{published.consultation.pk}/",
        f"/drafts/{published.consultation.pk}/",
        f"/transparency/{today.year}/",
        "/alerts/",
    ]
    paths += [f"/calendar/{today.year}/{month}/" for month in range(1, 13)]
    for api_list in (
        "items",
        "programs",
        "strategies",
        "objectives",
        "departments",
        "sittings",
        "drafts",
        "decisions",
        "documents",
        "councillors",
        "committees",
        "consultations",
    ):
        paths += [f"/api/v1/{api_list}/", f"/api/v1/{api_list}/?format=csv"]
    paths.append(f"/api/v1/drafts/{published.public_draft.pk}/")
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        yield path, response.status_code, body.decode("utf-8")
    # OParl, as a client walks it: everything from the system object, then an incremental run
    # (which also lists what was withdrawn from publication).
    for query in ("", "modified_since=2000-01-01"):
        walker = Walker(client, query).walk()
        yield f"/oparl/v1/?{query}", 200, json.dumps(walker.objects, ensure_ascii=False)


def test_the_marker_never_reaches_an_anonymous_visitor(world):
    crawled = list(crawl(Client(), world))
    assert len(crawled) > 30
    for path, status, body in crawled:
        assert status == 200, path
        assert MARKER not in body, path


def test_the_crawl_would_see_the_marker_if_it_leaked(world, users):
    """The sweep can fail: staff, who may see drafts, do find the marker through the same API."""
    client = Client()
    client.force_login(users["secretariat"])
    bodies = "".join(body for _path, _status, body in crawl(client, world))
    assert MARKER in bodies


def test_searching_for_an_unpublished_text_finds_nothing(world):
    page = Client().get(f"/search/?q={MARKER}").content.decode()
    assert "/items/" not in page.split("</form>", 1)[1]


def test_no_unpublished_item_answers_by_its_id(world):
    client = Client()
    hidden = ProgramItem.objects.exclude(status=ItemStatus.PUBLISHED)
    assert hidden.count() >= len(ItemStatus.values) - 1
    for item in hidden:
        for path in (
            f"/items/{item.pk}/",
            f"/api/v1/items/{item.pk}/",
            f"/api/v1/items/{item.pk}/history/",
            f"/api/v1/items/{item.pk}/inputs/",
        ):
            response = client.get(path)
            assert response.status_code in (403, 404), path
            assert MARKER not in response.content.decode(), path


def test_no_unpublished_document_answers_by_its_id(world):
    client = Client()
    hidden = Document.objects.exclude(pk__in=Document.objects.public())
    assert hidden.count() == 3
    for document in hidden:
        for path in (document.get_absolute_url(), f"/api/v1/documents/{document.pk}/"):
            response = client.get(path)
            assert response.status_code == 404, path
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert MARKER.encode() not in body, path


def test_the_program_pdf_and_its_data_carry_no_unpublished_text(world, pango):
    from pypdf import PdfReader

    response = Client().get(f"/program/{world.program.year}.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    attachments = b"".join(b"".join(data) for data in reader.attachments.values()).decode()
    assert world.reference in text and world.reference in attachments  # the extraction works
    assert MARKER not in text
    assert MARKER not in attachments


def test_oparl_shows_a_withdrawn_original_only_as_deleted(world):
    """The original with personal data was public until its public version replaced it: an
    incremental OParl client is told it is gone, and learns nothing else about it."""
    walker = Walker(Client(), "modified_since=2000-01-01").walk()
    gone = [obj for obj in walker.by_type["File"].values() if obj.get("deleted")]
    assert len(gone) == 1
    assert set(gone[0]) == {"id", "type", "deleted", "created", "modified"}
    full = Walker(Client()).walk()
    assert gone[0]["id"] not in full.objects
