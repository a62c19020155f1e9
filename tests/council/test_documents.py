"""Documents on the council's record: stored through the storage API, never overwritten,
hashed, typed by their content, public by the law's rules and never before, served as stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from council import services
from council.documents import document_add, document_withhold, listed
from council.models import Document
from council.web.documents import document_lines_html
from workflows.errors import Invalid, NotAllowed
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


def pdf_bytes(text: str = "Se aprobă regulamentul școlii") -> bytes:
    """A small, real PDF with a text layer."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str) -> bytes:
    """A minimal Word document (OOXML), as office suites write it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def upload(content: bytes, name: str = "Referat.pdf") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def stored_files() -> list[Path]:
    return [p for p in Path(settings.DOCUMENTS_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def draft(register):
    return register()


@pytest.fixture
def add(users):
    def run(record, obj, kind="draft_text", content=None, **more):
        return document_add(
            user=more.pop("user", users["secretariat"]),
            record=record,
            record_id=obj.pk,
            kind=kind,
            file=upload(
                pdf_bytes() if content is None else content,
                more.pop("name", "Proiect de hotărâre.PDF"),
            ),
            **more,
        )

    return run


def anonymous() -> Client:
    return Client()


def test_a_draft_document_is_public_from_upload_and_served_as_stored(draft, add):
    content = pdf_bytes()
    document = add("draft", draft, content=content)
    response = anonymous().get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="proiect-de-hotarare.pdf"'
    assert "max-age=86400" in response["Cache-Control"]


def test_the_etag_answers_not_modified(draft, add):
    document = add("draft", draft)
    response = anonymous().get(
        document.get_absolute_url(), HTTP_IF_NONE_MATCH=f'"{document.sha256}"'
    )
    assert response.status_code == 304


def test_a_range_request_gets_exactly_those_bytes(draft, add):
    content = pdf_bytes()
    document = add("draft", draft, content=content)
    response = anonymous().get(document.get_absolute_url(), HTTP_RANGE="bytes=5-14")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == content[5:15]
    assert response["Content-Range"] == f"bytes 5-14/{len(content)}"
    tail = anonymous().get(document.get_absolute_url(), HTTP_RANGE="bytes=-7")
    assert b"".join(tail.streaming_content) == content[-7:]


def test_a_range_beyond_the_file_is_refused_with_416(draft, add):
    document = add("draft", draft)
    response = anonymous().get(document.get_absolute_url(), HTTP_RANGE="bytes=999999-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{document.size}"


def test_a_wrong_file_name_redirects_to_the_document(draft, add):
    document = add("draft", draft)
    response = anonymous().get(f"/documents/{document.pk}/other.pdf")
    assert response.status_code == 301
    assert response["Location"] == document.get_absolute_url()


def test_the_type_comes_from_the_content_not_the_name(draft, add):
    with pytest.raises(Invalid) as refused:
        add("draft", draft, content=b"MZ\x90\x00 an executable", name="proiect.pdf")
    assert refused.value.field == "file"
    assert "PDF" in refused.value.message
    document = add("draft", draft, kind="annex", content=docx_bytes("Anexă"), name="anexa.pdf")
    assert document.filename == "anexa.docx"
    assert document.media_type.endswith("wordprocessingml.document")


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(draft, add):
    before = stored_files()
    with override_settings(DOCUMENT_MAX_BYTES=1000), pytest.raises(Invalid) as refused:
        add("draft", draft, content=pdf_bytes())
    assert refused.value.field == "file"
    assert "the largest accepted is 1000" in refused.value.message
    assert stored_files() == before
    assert not Document.objects.exists()


def test_an_empty_file_is_refused(draft, add):
    with pytest.raises(Invalid, match="empty"):
        add("draft", draft, content=b"", name="gol.pdf")


def test_a_refusal_after_storing_leaves_no_file_behind(draft, add, register):
    other = add("draft", register(title="Proiect de hotărâre privind altceva"))
    before = stored_files()
    with pytest.raises(Invalid) as refused:
        add("draft", draft, previous=other.pk)
    assert refused.value.field == "previous"
    assert stored_files() == before
    assert Document.objects.count() == 1


def test_a_kind_the_record_does_not_hold_is_refused_naming_the_field(draft, add):
    with pytest.raises(Invalid) as refused:
        add("draft", draft, kind="convocation")
    assert refused.value.field == "kind"


def test_a_new_upload_is_a_new_version_and_the_old_one_stays(draft, add):
    first = add("draft", draft, content=pdf_bytes("Versiunea întâi"))
    second = add("draft", draft, content=pdf_bytes("Versiunea a doua"), previous=first.pk)
    assert (second.version, second.previous_id, second.title) == (2, first.pk, first.title)
    assert first.file.name != second.file.name
    for document in (first, second):
        assert anonymous().get(document.get_absolute_url()).status_code == 200
    with pytest.raises(Invalid) as refused:
        add("draft", draft, previous=first.pk)
    assert refused.value.field == "previous"


def test_the_same_file_uploaded_twice_is_stored_twice_without_overwriting(draft, add):
    content = pdf_bytes()
    first = add("draft", draft, content=content)
    second = add("draft", draft, kind="annex", content=content)
    assert first.file.name != second.file.name
    assert first.file.read() == second.file.read() == content


def test_a_department_adds_documents_to_its_own_drafts_only(draft, add, users):
    document = add("draft", draft, kind="report", user=users["investitii"])
    assert document.uploaded_by == users["investitii"]
    with pytest.raises(NotAllowed):
        add("draft", draft, kind="report", user=users["buget"])


def test_adding_a_document_is_logged_with_its_hash(draft, add, users):
    document = add("draft", draft)
    row = TransitionLog.objects.filter(transition="add_document").get()
    assert row.actor == users["secretariat"]
    assert row.changes["sha256"] == [None, document.sha256]
    assert "search_text" not in row.changes


def test_a_decision_text_is_public_only_once_signed(adopted_decision, add, users):
    document = add("decision", adopted_decision, kind="decision_text")
    assert anonymous().get(document.get_absolute_url()).status_code == 404
    services.decision_record(
        decision_id=adopted_decision.pk,
        user=users["secretariat"],
        signed_on=adopted_decision.adopted_on,
    )
    assert anonymous().get(document.get_absolute_url()).status_code == 200


def test_a_sittings_documents_are_public_from_convocation_and_the_minutes_once_published(
    sitting, add, users, adopted_decision
):
    planned = sitting(day=adopted_decision.adopted_on + dt.timedelta(days=10))
    early = add("sitting", planned, kind="convening_disposition")
    assert anonymous().get(early.get_absolute_url()).status_code == 404
    held = adopted_decision.sitting  # convened, voted
    convocation = add("sitting", held, kind="convocation")
    minutes = add("sitting", held, kind="minutes")
    assert anonymous().get(convocation.get_absolute_url()).status_code == 200
    assert anonymous().get(minutes.get_absolute_url()).status_code == 404
    from workflows.services import transition_fire

    for name in ("close", "publish_minutes"):
        transition_fire(model=type(held), pk=held.pk, name=name, user=users["secretariat"])
    assert anonymous().get(minutes.get_absolute_url()).status_code == 200


def test_an_internal_document_is_never_served_to_the_public(draft, add, users):
    document = add("draft", draft, kind="annex", internal_reason="Secret de serviciu")
    assert anonymous().get(document.get_absolute_url()).status_code == 404
    staff = Client()
    staff.force_login(users["buget"])
    response = staff.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    document_withhold(user=users["secretariat"], document_id=document.pk, reason="")
    assert anonymous().get(document.get_absolute_url()).status_code == 200


def test_an_original_with_personal_data_is_replaced_publicly_by_its_public_version(
    adopted_decision, add, users
):
    services.decision_record(
        decision_id=adopted_decision.pk,
        user=users["secretariat"],
        signed_on=adopted_decision.adopted_on,
    )
    original = add("decision", adopted_decision, kind="annex")
    public = add("decision", adopted_decision, kind="annex", public_version_of=original.pk)
    assert anonymous().get(original.get_absolute_url()).status_code == 404
    assert anonymous().get(public.get_absolute_url()).status_code == 200
    listed = anonymous().get("/api/v1/documents/").json()["results"]
    assert [d["id"] for d in listed] == [public.pk]
    assert listed[0]["public_version_of"] == original.pk
    with pytest.raises(Invalid):
        document_withhold(user=users["secretariat"], document_id=public.pk, reason="x")


def test_public_documents_are_listed_with_their_hash_and_record(draft, add):
    document = add("draft", draft)
    add("draft", draft, kind="annex", internal_reason="Intern")
    body = anonymous().get("/api/v1/documents/", {"draft": draft.pk}).json()
    assert body["count"] == 1
    (listed,) = body["results"]
    assert listed["sha256"] == document.sha256
    assert listed["draft"] == draft.pk
    assert listed["download_url"].endswith(document.get_absolute_url())
    assert anonymous().get("/api/v1/documents/", {"kind": "nonsense"}).status_code == 400


def test_a_records_detail_carries_its_documents_and_staff_see_internal_ones(
    draft, add, api_as, users
):
    public = add("draft", draft)
    internal = add("draft", draft, kind="annex", internal_reason="Intern")
    seen = anonymous().get(f"/api/v1/drafts/{draft.pk}/").json()["documents"]
    assert [d["id"] for d in seen] == [public.pk]
    staff = api_as(users["secretariat"]).get(f"/api/v1/drafts/{draft.pk}/").json()["documents"]
    flags = {d["id"]: d["public"] for d in staff}
    assert flags == {public.pk: True, internal.pk: False}
    assert [d["internal_reason"] for d in staff if not d["public"]] == ["Intern"]


def test_the_api_takes_a_multipart_upload(draft, api_as, users):
    content = pdf_bytes()
    response = api_as(users["secretariat"]).post(
        f"/api/v1/drafts/{draft.pk}/documents/",
        {"file": upload(content), "kind": "statement", "title": "Referat de aprobare"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert response.json()["public"] is True


def test_the_api_names_the_field_of_a_bad_upload(draft, api_as, users):
    client = api_as(users["secretariat"])
    bad_type = client.post(
        f"/api/v1/drafts/{draft.pk}/documents/",
        {"file": upload(b"not a document", "x.pdf"), "kind": "statement"},
        format="multipart",
    )
    assert bad_type.status_code == 400
    assert "file" in bad_type.json()["errors"]
    bad_kind = client.post(
        f"/api/v1/drafts/{draft.pk}/documents/",
        {"file": upload(pdf_bytes()), "kind": "convocation"},
        format="multipart",
    )
    assert bad_kind.status_code == 400
    assert "kind" in bad_kind.json()["errors"]


def test_the_api_refuses_an_upload_from_another_department(draft, api_as, users, api):
    response = api_as(users["buget"]).post(
        f"/api/v1/drafts/{draft.pk}/documents/",
        {"file": upload(pdf_bytes()), "kind": "report"},
        format="multipart",
    )
    assert response.status_code == 403
    assert api.post(f"/api/v1/drafts/{draft.pk}/documents/", {}).status_code in (401, 403)
    assert not Document.objects.exists()


def test_the_staff_page_uploads_a_document(draft, users):
    client = Client()
    client.force_login(users["secretariat"])
    url = reverse("staff:documents", args=["draft", draft.pk])
    response = client.post(
        url, {"file": upload(pdf_bytes(), "Referat semnat.pdf"), "kind": "statement"}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.filename == "referat-semnat.pdf"
    page = client.get(reverse("staff:council-draft", args=[draft.pk])).content.decode()
    assert document.get_absolute_url() in page


def test_the_staff_page_says_why_a_file_is_refused(draft, users):
    client = Client(HTTP_ACCEPT_LANGUAGE="ro")
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("staff:documents", args=["draft", draft.pk]),
        {"file": upload(b"GIF89a....", "poza.pdf"), "kind": "annex"},
    )
    assert response.status_code == 400
    assert "PDF, DOCX" in response.content.decode()
    assert not Document.objects.exists()


def test_the_personal_data_box_keeps_the_original_internal(draft, users):
    client = Client()
    client.force_login(users["secretariat"])
    client.post(
        reverse("staff:documents", args=["draft", draft.pk]),
        {"file": upload(pdf_bytes()), "kind": "annex", "personal_data": "on"},
    )
    document = Document.objects.get()
    assert document.internal_reason
    assert anonymous().get(document.get_absolute_url()).status_code == 404


def test_search_finds_words_inside_public_documents_whatever_the_diacritics(draft, add):
    add("draft", draft, content=pdf_bytes("Regulamentul de funcționare al grădinițelor"))
    add("draft", draft, kind="annex", content=docx_bytes("Lista școlilor partenere"))
    add("draft", draft, kind="annex", content=pdf_bytes("Cartierul Băneasa"), internal_reason="x")
    page = anonymous().get("/search/", {"q": "gradinitelor"}).content.decode()
    assert "proiect-de-hotarare.pdf" in page
    assert (
        "proiect-de-hotarare.docx"
        in anonymous().get("/search/", {"q": "școlilor"}).content.decode()
    )
    hidden = anonymous().get("/search/", {"q": "Baneasa"}).content.decode()
    assert "/documents/" not in hidden


def test_a_documents_search_line_gives_its_kind_version_and_removed_personal_data(draft, add):
    title = 'Anexa <1> & "2"'
    first = add("draft", draft, kind="annex", title=title, content=pdf_bytes("Iluminatul parcului"))
    add("draft", draft, kind="annex", title=title, previous=first.pk,
        content=pdf_bytes("Iluminatul parcului, revizuit"))  # fmt: skip
    original = add("draft", draft, kind="statement", content=pdf_bytes("Iluminatul străzii Ion"),
                   internal_reason="Date personale.")  # fmt: skip
    add("draft", draft, kind="statement", public_version_of=original.pk,
        content=pdf_bytes("Iluminatul străzii"))  # fmt: skip
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get("/search/", {"q": "iluminatul"}).content.decode()
    assert "Anexa &lt;1&gt; &amp; &quot;2&quot;</a>" in page
    assert "— annex, version 2; PDF, " in page
    assert "— initiator&#x27;s statement (referat de aprobare), personal data removed; PDF" in page
    assert page.count('<li>\n    <a href="/documents/') == 3  # the original stays internal


def test_the_short_document_lines_written_in_python_match_the_template(draft, add):
    """The search and the sitting page write the compact list themselves; the program page still
    includes public/_documents.html: both must say the same."""
    first = add("draft", draft, kind="annex", title='Anexa <1> & "2"')
    add("draft", draft, kind="annex", title="Anexa 1", previous=first.pk)
    original = add("draft", draft, kind="statement", internal_reason="Date personale.")
    add("draft", draft, kind="statement", public_version_of=original.pk)
    documents = list(listed(Document.objects.public()))
    for language in ("ro", "en"):
        with translation.override(language):
            template = render_to_string(
                "public/_documents.html", {"documents": documents, "compact": True}
            )
            assert document_lines_html(documents) == template
            assert document_lines_html([]) == render_to_string(
                "public/_documents.html", {"documents": [], "compact": True}
            )


def test_the_decision_page_lists_its_text_and_the_drafts_file(adopted_decision, add, users):
    services.decision_record(
        decision_id=adopted_decision.pk,
        user=users["secretariat"],
        signed_on=adopted_decision.adopted_on,
    )
    text = add("decision", adopted_decision, kind="decision_text")
    statement = add("draft", adopted_decision.draft, kind="statement")
    page = (
        anonymous()
        .get(reverse("decision", args=[adopted_decision.year, adopted_decision.number]))
        .content.decode()
    )
    assert text.get_absolute_url() in page
    assert statement.get_absolute_url() in page
    assert text.sha256 in page


def test_the_calendar_attaches_the_sittings_documents(adopted_decision, add):
    document = add("draft", adopted_decision.draft, kind="statement")
    body = anonymous().get("/calendar.ics").content.decode().replace("\r\n ", "")
    attach = f"ATTACH;FMTTYPE=application/pdf:{settings.SITE_URL.rstrip('/')}"
    assert attach + document.get_absolute_url() in body


def test_a_records_documents_cost_the_same_queries_however_many(draft, add):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("draft", args=[draft.pk])
    add("draft", draft)
    with CaptureQueriesContext(connection) as one:
        assert anonymous().get(url).status_code == 200
    for kind in ("statement", "report", "annex", "annex", "other"):
        add("draft", draft, kind=kind)
    with CaptureQueriesContext(connection) as six:
        page = anonymous().get(url).content.decode()
    assert page.count("/documents/") == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_a_programs_documents_are_public_once_it_is_published(approved_program, add, users):
    from program.services import program_publish

    document = add("program", approved_program, kind="program")
    assert anonymous().get(document.get_absolute_url()).status_code == 404
    program_publish(year=approved_program.year, user=users["secretariat"])
    assert anonymous().get(document.get_absolute_url()).status_code == 200
    page = anonymous().get(reverse("program-page", args=[approved_program.year]))
    assert document.get_absolute_url() in page.content.decode()
