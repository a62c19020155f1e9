"""Publication PDFs: the annual program and the sittings' agendas, with WeasyPrint.

A PDF is rendered when its content changes (after the publication or amendment commits, after a
sitting is convened) and stored; requests serve the stored file. A missing or stale file is
rendered once, under a lock, not by every concurrent request. Archival PDF/A-3b, tagged for
screen readers, in a font shipped with the project; the program's data (the same JSON as the API)
is embedded, and its SHA-256 is published through the API.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from council.documents import documents_prefetch
from council.models import Document, Sitting
from program.models import AnnualProgram, PdfDocument, Progress
from workflows import clock
from workflows.services import live_changes

logger = logging.getLogger(__name__)

FONTS = settings.BASE_DIR / "static" / "fonts"


class PdfUnavailable(Exception):
    """The PDF could not be rendered; the page says so with a 503."""


class PdfPending(PdfUnavailable):
    """The PDF is being rendered by the worker; the page says so with a 503 and Retry-After."""


@dataclass(frozen=True)
class Rendered:
    document: PdfDocument
    path: Path


def render_pdf(html: str, *, attachments: list | None = None, identifier: str) -> bytes:
    """HTML to archival, tagged PDF bytes."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/a-3b",
        pdf_tags=True,
        pdf_identifier=identifier.encode(),
        attachments=attachments or [],
        custom_metadata=True,
    )


def published_version(program: AnnualProgram) -> int:
    latest = program.versions.filter(published_at__isnull=False).order_by("-number").first()
    return latest.number if latest else program.version


def program_source_version(program: AnnualProgram) -> str:
    """Changes whenever what the program's PDF shows can change: its published versions and
    published items, nothing that is not public (a draft added, an amendment approved but not
    yet published)."""
    items = program.items.filter(status="published").aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    versions = program.versions.filter(published_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("published_at")
    )
    key = (program.pk, versions["n"], versions["last"], items["n"], items["last"])
    return hashlib.sha256(repr(key).encode()).hexdigest()


def program_data(program: AnnualProgram) -> bytes:
    """The program as the API shows it (program and items), as canonical JSON."""
    from council.api.planning_serializers import ItemSerializer, ProgramSerializer
    from council.selectors import public_items

    with translation.override("ro"):
        items = list(
            public_items().filter(program=program).order_by("program__year", "sequence", "pk")
        )
        program_body = ProgramSerializer(
            AnnualProgram.objects.annotate(items_count=Count("items", filter=_published())).get(
                pk=program.pk
            ),
            context={"staff": False},
        ).data
        data = {
            "program": {
                k: v
                for k, v in program_body.items()
                if not k.startswith("pdf_") and k != "data_sha256"
            },
            "items": ItemSerializer(items, many=True).data,
        }
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def _published() -> Q:
    return Q(items__status="published")


def program_html(program: AnnualProgram) -> str:
    from council.selectors import program_history, public_items

    items = list(public_items().filter(program=program).order_by("planned_month", "sequence"))
    by_month = defaultdict(list)
    by_objective = defaultdict(list)
    for item in items:
        by_month[item.planned_month].append(item)
        for objective in item.objectives.all():
            by_objective[objective].append(item)
    versions = list(
        program.versions.filter(published_at__isnull=False)
        .select_related("decision")
        .order_by("number")
    )
    from program.models import MONTHS

    with translation.override("ro"):
        return render_to_string(
            "program/program_pdf.html",
            {
                "program": program,
                "months": [
                    (str(MONTHS[m - 1]), by_month[m]) for m in range(1, 13) if by_month.get(m)
                ],
                "index": sorted(by_objective.items(), key=lambda pair: pair[0].code),
                "versions": versions,
                "history": program_history(program),
                "latest": versions[-1] if versions else None,
                # An approved amendment not yet published is not part of the published program.
                "version": versions[-1].number if versions else program.version,
                "fonts": FONTS.as_uri(),
                "count": len(items),
                "generated": timezone.localtime(),
                "progress_labels": dict(Progress.choices),
            },
        )


def store(
    key: str, filename: str, content: bytes, *, source_version: str, data_sha256: str = ""
) -> PdfDocument:
    """Write the file atomically (a reader never sees half a PDF) and record it."""
    root = Path(settings.PDF_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"{key}.pdf"
    partial = root / f".{key}.{os.getpid()}.partial"
    partial.write_bytes(content)
    os.replace(partial, final)
    document, _ = PdfDocument.objects.update_or_create(
        key=key,
        defaults={
            "filename": filename,
            "source_version": source_version,
            "sha256": hashlib.sha256(content).hexdigest(),
            "data_sha256": data_sha256,
            "size": len(content),
            "rendered_at": clock.now(),
        },
    )
    return document


def _locked_document(key: str) -> PdfDocument:
    """The document's row, locked: the first request renders, the others wait and reuse."""
    PdfDocument.objects.get_or_create(key=key, defaults={"filename": f"{key}.pdf"})
    return PdfDocument.objects.select_for_update().get(key=key)


def ensure_pdf(
    key: str,
    version: str,
    produce,
    task: tuple[str, int],
    *,
    force: bool = False,
    render_here: bool | None = None,
) -> Rendered:
    """The stored PDF `key` if it shows `version`, else rendered now, once: the document's row
    is locked while rendering, so concurrent requests wait and reuse the result.
    `produce()` reads the database and returns (filename, a function that renders the PDF's
    bytes without the database, SHA-256 of the embedded data or "").
    Where web processes do not render (PDF_RENDER_IN_REQUEST off), a missing or stale PDF is
    queued for the worker (`task`: the name of a council.web.tasks task and its argument) and
    PdfPending is raised."""
    if render_here is None:
        render_here = settings.PDF_RENDER_IN_REQUEST
    path = Path(settings.PDF_ROOT) / f"{key}.pdf"
    document = PdfDocument.objects.filter(key=key).first()
    if not force and document and document.source_version == version and path.exists():
        return Rendered(document, path)
    if not render_here:
        _enqueue(*task)
        raise PdfPending(key)
    with transaction.atomic():
        document = _locked_document(key)
        if not force and document.source_version == version and path.exists():
            return Rendered(document, path)  # rendered by the request we waited for
        try:
            filename, render, data_sha256 = produce()
        except Exception as error:
            logger.exception("Could not prepare %s", key)
            raise PdfUnavailable(str(error)) from error
        pdf = render_within_time_limit(key, render)
        try:
            document = store(key, filename, pdf, source_version=version, data_sha256=data_sha256)
        except OSError as error:
            logger.exception("Could not store %s in %s", key, settings.PDF_ROOT)
            raise PdfUnavailable(f"{key}: {error}") from error
    return Rendered(document, path)


def render_within_time_limit(key: str, render) -> bytes:
    """Run `render()` (WeasyPrint, no database), giving up after PDF_RENDER_TIMEOUT seconds
    with PdfUnavailable. A render that overruns finishes in its thread and is discarded."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pdf-{key}")
    future = pool.submit(render)
    pool.shutdown(wait=False)
    try:
        return future.result(timeout=settings.PDF_RENDER_TIMEOUT)
    except FuturesTimeout as error:
        logger.error("Rendering %s took longer than %s s", key, settings.PDF_RENDER_TIMEOUT)
        raise PdfUnavailable(f"{key}: rendering timed out") from error
    except Exception as error:
        logger.exception("Could not render %s", key)
        raise PdfUnavailable(str(error)) from error


def ensure_program_pdf(
    program: AnnualProgram, *, force: bool = False, render_here: bool | None = None
) -> Rendered:
    def produce() -> tuple[str, Callable[[], bytes], str]:
        from weasyprint import Attachment

        data = program_data(program)
        attachment = Attachment(
            string=data.decode(),
            name="program.json",
            description="PAACL data (the API's JSON)",
            relationship="Data",
        )
        html = program_html(program)
        filename = f"PAACL-{program.year}-v{published_version(program)}.pdf"
        return (
            filename,
            lambda: render_pdf(html, identifier=key, attachments=[attachment]),
            hashlib.sha256(data).hexdigest(),
        )

    key = f"program-{program.year}"
    task = ("render_program_pdf", program.year)
    version = program_source_version(program)
    return ensure_pdf(key, version, produce, task, force=force, render_here=render_here)


def sitting_source_version(sitting: Sitting) -> str:
    """Changes whenever the agenda's PDF can change: the sitting, its entries, and the public
    documents of its drafts (the PDF lists them)."""
    entries = sitting.entries.aggregate(n=Count("pk"))
    documents = (
        Document.objects.public()
        .filter(draft__agenda_entries__sitting=sitting)
        .aggregate(n=Count("pk"), m=Max("updated_at"))
    )
    return hashlib.sha256(
        repr(
            (
                sitting.pk,
                sitting.status,
                sitting.updated_at,
                entries["n"],
                documents["n"],
                documents["m"],
            )
        ).encode()
    ).hexdigest()


def ensure_agenda_pdf(
    sitting: Sitting, *, force: bool = False, render_here: bool | None = None
) -> Rendered:
    def produce() -> tuple[str, Callable[[], bytes], str]:
        entries = list(
            sitting.entries.select_related("draft__item")
            .prefetch_related(documents_prefetch("draft__documents", public=True))
            .order_by("position")
        )
        with translation.override("ro"):
            html = render_to_string(
                "council/agenda_pdf.html",
                {
                    "sitting": sitting,
                    "entries": entries,
                    "site": settings.SITE_URL.rstrip("/"),
                    "fonts": FONTS.as_uri(),
                    "generated": timezone.localtime(),
                },
            )
        day = timezone.localtime(sitting.starts_at)
        return f"ordinea-de-zi-{day:%Y-%m-%d}.pdf", lambda: render_pdf(html, identifier=key), ""

    key = f"agenda-{sitting.pk}"
    task = ("render_agenda_pdf", sitting.pk)
    version = sitting_source_version(sitting)
    return ensure_pdf(key, version, produce, task, force=force, render_here=render_here)


def render_after_commit_program(year: int) -> None:
    """Queue the program's PDF once the publication has committed (see council/web/tasks.py)."""
    if live_changes():
        transaction.on_commit(lambda: _enqueue("render_program_pdf", year))


def render_after_commit_agenda(sitting_id: int) -> None:
    """Queue a sitting's agenda PDF once its convocation has committed."""
    if live_changes():
        transaction.on_commit(lambda: _enqueue("render_agenda_pdf", sitting_id))


def _enqueue(name: str, argument: int) -> None:
    """Queue a rendering task. Failures are logged, never raised: what asked for it (a commit,
    or a request that answers 503) stays done, and a later request or `render_pdfs` asks again."""
    from council.web import tasks

    try:
        getattr(tasks, name).enqueue(argument)
    except Exception:
        logger.exception("Could not queue %s(%s)", name, argument)


def connect_signals() -> None:
    """Render after a program's publication and a sitting's convocation (council/apps.py)."""
    from council.signals import sitting_convened
    from program.signals import program_published

    program_published.connect(
        lambda sender, program, **kwargs: render_after_commit_program(program.year),
        weak=False,
        dispatch_uid="pdf.program_published",
    )
    sitting_convened.connect(
        lambda sender, sitting, **kwargs: render_after_commit_agenda(sitting.pk),
        weak=False,
        dispatch_uid="pdf.sitting_convened",
    )
