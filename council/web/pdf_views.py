"""Serving the stored publication PDFs."""

from __future__ import annotations

from django.http import FileResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy

from council.selectors import public_sittings
from council.web.http import not_modified, with_validators
from council.web.pdf import (
    PdfPending,
    PdfUnavailable,
    Rendered,
    ensure_agenda_pdf,
    ensure_program_pdf,
)
from program.models import AnnualProgram, ProgramStatus

UNAVAILABLE = gettext_lazy(
    "The PDF cannot be produced right now. Please try again in a few minutes; the same content "
    "is on this site and in the open data."
)
PENDING = gettext_lazy(
    "The PDF is being prepared. Please try again in a minute; the same content is on this site "
    "and in the open data."
)


def serve(request, produce) -> FileResponse | HttpResponseNotModified:
    try:
        rendered: Rendered = produce()
    except PdfUnavailable as error:
        pending = isinstance(error, PdfPending)
        response = render(
            request,
            "public/pdf_unavailable.html",
            {"message": PENDING if pending else UNAVAILABLE},
            status=503,
        )
        response["Retry-After"] = "30" if pending else "300"
        return response
    etag = quote_etag(rendered.document.sha256)
    last_modified = rendered.document.rendered_at
    response = not_modified(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            rendered.path.open("rb"),
            content_type="application/pdf",
            filename=rendered.document.filename,
        )
        response["Content-Disposition"] = f'inline; filename="{rendered.document.filename}"'
        with_validators(response, etag=etag, last_modified=last_modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


def program_pdf(request, year: int):
    program = get_object_or_404(AnnualProgram, year=year, status=ProgramStatus.PUBLISHED)
    return serve(request, lambda: ensure_program_pdf(program))


def agenda_pdf(request, pk: int):
    sitting = get_object_or_404(public_sittings(), pk=pk)
    return serve(request, lambda: ensure_agenda_pdf(sitting))
