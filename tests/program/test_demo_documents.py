"""The demo's documents: rendered PDFs in Romanian on every record that has them, public by the
law's rules. Rendering them takes a while, so this module is left out of the calendar sweep."""

import io

import pytest
from django.core.management import call_command

from council.models import Decision, Document, DocumentKind, DraftDecision

# The demo here has its documents (the rendered PDFs).
DEMO_DOCUMENTS = True
pytestmark = pytest.mark.slow


@pytest.fixture
def demo(demo_data, db):
    """The demo data with its documents, loaded once for this module."""


def test_every_signed_demo_decision_has_its_public_text(demo):

    signed = Decision.objects.filter(signed_on__isnull=False)
    assert signed.exists()
    texts = Document.objects.public().filter(kind=DocumentKind.DECISION_TEXT)
    assert set(texts.values_list("decision_id", flat=True)) == set(
        signed.values_list("pk", flat=True)
    )
    unsigned = Decision.objects.filter(signed_on__isnull=True)
    assert not Document.objects.public().filter(decision__in=unsigned).exists()


def test_every_demo_draft_has_its_text_and_referat(demo):

    for kind in (DocumentKind.DRAFT_TEXT, DocumentKind.STATEMENT):
        with_it = Document.objects.filter(kind=kind).values_list("draft_id", flat=True)
        assert set(with_it) == set(DraftDecision.objects.values_list("pk", flat=True))


def test_the_demo_documents_are_stored_exactly_as_hashed(demo):
    import hashlib

    for document in Document.objects.order_by("pk")[:25]:
        with document.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == document.sha256


def test_the_demo_texts_are_romanian_with_comma_below_diacritics(demo):

    document = Document.objects.filter(kind=DocumentKind.DECISION_TEXT).first()
    from pypdf import PdfReader

    with document.file.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(stored).pages)
    assert "HOTĂRĂȘTE" in text
    assert "Consiliul Local al Sectorului 1" in text
    assert not set("şţŞŢ") & set(text)


def test_the_demo_annex_with_personal_data_is_public_only_without_it(demo):

    annexes = Document.objects.filter(kind=DocumentKind.ANNEX, decision__isnull=False)
    original = annexes.get(public_version_of__isnull=True)
    public = annexes.get(public_version_of=original)
    assert original.internal_reason
    assert list(Document.objects.public().filter(pk__in=[original.pk, public.pk])) == [public]
    assert "2850312400123" in original.search_text
    assert "2850312400123" not in public.search_text


def test_seeding_the_documents_twice_adds_none(demo):
    before = list(Document.objects.order_by("pk").values_list("pk", "sha256"))
    call_command("seed_demo", stdout=io.StringIO())
    assert list(Document.objects.order_by("pk").values_list("pk", "sha256")) == before
