"""A document's file, served as stored: `ETag` is its SHA-256, ranges are honoured, and the bytes
are streamed from the storage in chunks (or handed to nginx with X-Accel-Redirect), never loaded
into memory whole. Anonymous readers get public documents only; the staff also get the others,
never cached by anybody on the way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape as html_escape
from typing import IO

from django.conf import settings
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from council.models import Document, DocumentKind
from program import roles

CHUNK = 256 * 1024
# Shown in the browser; everything else (office files) is downloaded.
INLINE = {"application/pdf", "image/png", "image/jpeg"}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def visible_documents(user) -> QuerySet[Document]:
    if user.is_authenticated and roles.user_roles(user):
        return Document.objects.all()
    return Document.objects.public()


@require_safe
def document_file(request, pk: int, filename: str):
    document = visible_documents(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    if filename != document.filename:
        return HttpResponsePermanentRedirect(document.get_absolute_url())
    public = Document.objects.public().filter(pk=pk).exists()
    etag = f'"{document.sha256}"'
    headers = {
        "ETag": etag,
        "Content-Disposition": content_disposition_header(
            document.media_type not in INLINE, document.filename
        ),
        "X-Content-Type-Options": "nosniff",
        "Accept-Ranges": "bytes",
    }
    if etag in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified(headers={"ETag": etag})
        return _cached(response, public)
    accel = settings.DOCUMENTS_X_ACCEL_PREFIX
    if accel:
        response = HttpResponse(content_type=document.media_type, headers=headers)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + document.file.name
        return _cached(response, public)
    try:
        stream = document.file.storage.open(document.file.name, "rb")
    except OSError:
        raise Http404 from None
    wanted = _range(request.headers.get("Range", ""), document.size)
    if request.headers.get("If-Range") not in (None, etag):
        wanted = None  # the reader's copy is another file: send the whole of this one
    if wanted == "unsatisfiable":
        stream.close()
        response = HttpResponse(status=416, headers={"Content-Range": f"bytes */{document.size}"})
        return _cached(response, public)
    if wanted is None:
        response = FileResponse(stream, content_type=document.media_type, headers=headers)
        response["Content-Length"] = str(document.size)
        return _cached(response, public)
    start, end = wanted
    response = StreamingHttpResponse(
        _slice(stream, start, end - start + 1),
        status=206,
        content_type=document.media_type,
        headers={
            **headers,
            "Content-Range": f"bytes {start}-{end}/{document.size}",
            "Content-Length": str(end - start + 1),
        },
    )
    return _cached(response, public)


def _cached(response: HttpResponse, public: bool) -> HttpResponse:
    if public:
        # A public file's bytes never change (a new upload is a new document); its publication
        # could be withdrawn, so caches keep it a day, not forever.
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _range(header: str, size: int) -> tuple[int, int] | str | None:
    """One byte range (start, end inclusive) from a Range header; None for the whole file
    (no header, or one this server does not split, such as several ranges)."""
    match = RANGE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return "unsatisfiable"
    return start, end


def _slice(stream: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        stream.seek(start)
        while length > 0:
            chunk = stream.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        stream.close()


def document_lines_html(documents: list[Document]) -> SafeString:
    """A short list of documents (the search's 50, a sitting's entry's few): the HTML of
    public/_documents.html in its compact form, as its include writes it (an empty list: its
    final line break), written here with html.escape on every value from the database."""
    if not documents:
        return mark_safe("\n")
    kinds = {value: str(label) for value, label in DocumentKind.choices}
    removed = _("personal data removed")
    lines = []
    for document in documents:
        notes = kinds.get(document.kind, document.kind)
        if document.version > 1:
            notes += ", " + _("version %(number)s") % {"number": document.version}
        if document.public_version_of_id:
            notes += ", " + removed
        lines.append(
            f'<li>\n    <a href="{html_escape(document.get_absolute_url())}" '
            f'type="{html_escape(document.media_type)}">{html_escape(document.title)}</a>\n'
            f'    <span class="muted">— {html_escape(notes)}; {html_escape(document.file_type)}, '
            f"{html_escape(filesizeformat(document.size))}</span>\n    \n  </li>"
        )
    return mark_safe('<ul class="documents">\n  ' + "".join(lines) + "\n</ul>\n")
