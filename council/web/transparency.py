"""/transparency/<year>/: the annual report on decisional transparency (Legea 52/2003,
art. 13), as a page and as an archival PDF."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import quote_etag

from council.transparency import Report, report_for, years_reported
from council.web.http import conditional_page, not_modified
from council.web.pdf import FONTS, render_pdf
from workflows import clock

# The report's lines, in the order of art. 13(1), with the figure each shows.
LINES = [
    ("normative_decisions_adopted", "a"),
    ("drafts_consulted", "b"),
    ("recommendations_received", "c"),
    ("recommendations_accepted", "d"),
    ("debates_held", "e"),
    ("sittings_public", "f"),
    ("court_actions", "g"),
]


def report_or_404(year: int, years: list[int] | None = None) -> Report:
    if year not in (years if years is not None else years_reported()):
        raise Http404
    return report_for(year)


def transparency_latest(request):
    """The report of the last complete year (this year's, provisional, when none is)."""
    years = years_reported()
    complete = [year for year in years if year < clock.today().year]
    return redirect("transparency", (complete or years)[0])


@conditional_page
def transparency_page(request, year: int):
    """Kept in the page cache like every public page: its figures count public records whose
    changes move the public version (a recommendation's confirmation, registration and answer
    touch its draft; the court actions are in the public state)."""
    years = years_reported()
    report = report_or_404(year, years)
    return render(request, "public/transparency.html", {"report": report, "years": years})


def transparency_pdf(request, year: int):
    report = report_or_404(year)
    figures = json.dumps(report.as_dict(), sort_keys=True, ensure_ascii=False)
    etag = quote_etag(hashlib.sha256(figures.encode()).hexdigest())
    early = not_modified(request, etag=etag)
    if early is not None:
        return early
    key = f"transparency-pdf:{etag}"
    body = cache.get(key)
    if body is None:
        with translation.override("ro"):
            html = render_to_string(
                "council/transparency_pdf.html",
                {"report": report, "fonts": FONTS.as_uri(), "generated": timezone.localtime()},
            )
        body = render_pdf(
            html,
            identifier=f"transparency-{year}",
            attachments=[_attachment(figures)],
        )
        cache.set(key, body, timeout=24 * 3600)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="raport-transparenta-{year}.pdf"'
    response["ETag"] = etag
    return response


def _attachment(figures: str):
    from weasyprint import Attachment

    return Attachment(
        string=figures, name="raport.json", description="The report's figures (the API's JSON)",
        relationship="Data",
    )  # fmt: skip
