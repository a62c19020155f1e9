"""Documents on the council's record: upload (a new document, a new version of one, or the public
version of one with the personal data removed) and withholding, each validated and logged.

A file is stored before its row is written; if anything fails after that, the stored file is
removed again, so nothing is ever half-stored. What is stored is hashed again from the storage,
so the SHA-256 on record is the hash of exactly the bytes that will be served.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from council import files
from council.models import (
    KINDS_OF,
    Decision,
    Document,
    DocumentKind,
    DraftDecision,
    Sitting,
)
from program import roles
from program.models import AnnualProgram
from workflows import audit, clock
from workflows.errors import Invalid, NotAllowed
from workflows.services import lock_for_update, record_change, snapshot

RECORD_MODELS: dict[str, type] = {
    "draft": DraftDecision,
    "decision": Decision,
    "sitting": Sitting,
    "program": AnnualProgram,
}
PERSONAL_DATA_REASON = "personal_data"


def personal_data_reason() -> str:
    return _("It contains personal data; its version with the personal data removed is public.")


def may_upload(user: Any, record: Any) -> bool:
    """The secretariat keeps every record's file; a department adds to its own drafts."""
    if roles.is_secretariat(user):
        return True
    if isinstance(record, DraftDecision):
        department = roles.user_department(user)
        return department is not None and department.pk == record.department_id
    return False


def require_upload(user: Any, record: Any) -> None:
    if not may_upload(user, record):
        if isinstance(record, DraftDecision):
            raise NotAllowed(
                _(
                    "Only the secretariat and the department responsible for the draft add "
                    "documents to it."
                )
            )
        raise NotAllowed(_("Only the secretariat adds documents to the council's registers."))


def safe_filename(name: str, extension: str) -> str:
    """A file name that is safe in a URL and on any disk, with the extension of what the file
    really is: "Referat de aprobare (semnat).PDF" → "referat-de-aprobare-semnat.pdf"."""
    stem = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = slugify(files.fold(stem))[:80].strip("-") or "document"
    return f"{stem}.{extension}"


def check_file(file: IO[bytes]) -> tuple[tuple[str, str], str, int]:
    """The file's (media type, extension), SHA-256 and size, or Invalid naming the `file` field."""
    sha256, size = files.digest(file)
    if size == 0:
        raise Invalid(_("The file is empty."), field="file")
    limit = settings.DOCUMENT_MAX_BYTES
    if size > limit:
        shown, most = filesizeformat(size), filesizeformat(limit)
        if shown == most:  # rounded alike: say it in bytes
            shown, most = (_("%(count)s bytes") % {"count": f"{n:,}".replace(",", " ")}
                           for n in (size, limit))  # fmt: skip
        raise Invalid(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": shown, "limit": most},
            field="file",
        )
    kind = files.sniff(file)
    if kind is None:
        raise Invalid(
            _(
                "This file is not a document the register accepts (by its content, whatever its "
                "name): %(types)s."
            )
            % {"types": files.EXTENSIONS},
            field="file",
        )
    return kind, sha256, size


def document_add(
    *,
    user: Any,
    record: str,
    record_id: int,
    kind: str,
    file: IO[bytes],
    filename: str = "",
    title: str = "",
    internal_reason: str = "",
    previous: int | None = None,
    public_version_of: int | None = None,
    language: str = "ro",
    at: dt.datetime | None = None,
) -> Document:
    """Attach a file to a draft, decision, sitting or program. `previous` makes it the next
    version of that document; `public_version_of` makes it the public version of an original that
    holds personal data (which then stays internal)."""
    at = at or clock.now()
    if record not in RECORD_MODELS:
        raise Invalid(_("Unknown record."), field="record")
    model = RECORD_MODELS[record]
    target = model._default_manager.filter(pk=record_id).first()
    if target is None:
        raise Invalid(_("Not found."), field="record")
    require_upload(user, target)
    if kind not in KINDS_OF[record]:
        raise Invalid(
            _("A %(record)s holds documents of these kinds: %(kinds)s.")
            % {
                "record": model._meta.verbose_name,
                "kinds": ", ".join(str(DocumentKind(k).label) for k in KINDS_OF[record]),
            },
            field="kind",
        )
    title = " ".join((title or "").split())[:300]
    internal_reason = " ".join((internal_reason or "").split())[:300]
    if previous is not None and public_version_of is not None:
        raise Invalid(
            _("A file is either a new version or a public version, not both."),
            field="public_version_of",
        )
    (media_type, extension), sha256, size = check_file(file)
    search_text = files.fold(files.extract_text(file, media_type))
    document = Document(
        kind=kind,
        title=title or default_title(kind, language),
        filename=safe_filename(filename or getattr(file, "name", ""), extension),
        media_type=media_type,
        size=size,
        sha256=sha256,
        sha512=files.sha512(file),
        internal_reason=internal_reason,
        language=language,
        search_text=search_text,
        uploaded_at=at,
        uploaded_by=user,
        **{record: target},
    )
    file.seek(0)
    stored = document.file.storage.save(document_path_for(document), file)
    try:
        with document.file.storage.open(stored, "rb") as check:
            if files.digest(check) != (sha256, size):
                raise Invalid(_("The file changed while it was stored. Please upload it again."))
        document.file.name = stored
        with transaction.atomic(), audit.writing():
            lock_for_update(model, record_id)
            if previous is not None:
                prior = _related(previous, document, "previous")
                if Document.objects.filter(previous=prior).exists():
                    raise Invalid(
                        _("This version was replaced already; add to the latest version."),
                        field="previous",
                    )
                document.previous = prior
                document.version = prior.version + 1
                document.public_version_of = prior.public_version_of
                if not title:
                    document.title = prior.title
                if prior.internal_reason and not internal_reason and not prior.public_version_of:
                    document.internal_reason = prior.internal_reason
            if public_version_of is not None:
                original = _related(public_version_of, document, "public_version_of")
                if original.public_version_of_id:
                    raise Invalid(
                        _("That is a public version already; name the original."),
                        field="public_version_of",
                    )
                if internal_reason:
                    raise Invalid(
                        _("The public version of a document cannot be internal."),
                        field="internal_reason",
                    )
                document.public_version_of = original
                if not title:
                    document.title = original.title
                original_was_public = is_public(original)
            document.full_clean(exclude=["file", "uploaded_by", "search_text"])
            document.save()
            record_change(obj=document, action="add_document", actor=user, before=None, at=at)
            if public_version_of is not None and original_was_public:
                # The public version takes the original's place: the original is withdrawn.
                before = snapshot(original)
                original.withdrawn_at = at
                original.save(update_fields=["withdrawn_at", "updated_at"])
                record_change(obj=original, action="withdraw_document", actor=user,
                              before=before, at=at)  # fmt: skip
            touch(document)
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


def default_title(kind: str, language: str) -> str:
    """The kind's name in the document's language (the record's language, not the uploader's)."""
    code = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(code):
        return str(DocumentKind(kind).label).capitalize()


def document_path_for(document: Document) -> str:
    return Document._meta.get_field("file").generate_filename(document, document.filename)


def _related(pk: Any, document: Document, field: str) -> Document:
    """Another document of the same record and kind (the one a version follows or replaces)."""
    try:
        other = Document.objects.select_for_update().get(pk=int(pk))
    except (Document.DoesNotExist, TypeError, ValueError):
        raise Invalid(_("There is no such document."), field=field) from None
    if other.record_kind != document.record_kind or other.record != document.record:
        raise Invalid(_("That document belongs to another record."), field=field)
    if other.kind != document.kind:
        raise Invalid(_("That document is of another kind."), field=field)
    return other


def document_withhold(*, user: Any, document_id: int, reason: str) -> Document:
    """Mark a document internal (with the reason) or, with an empty reason, public again (then
    it is public when its record is)."""
    with transaction.atomic(), audit.writing():
        document = lock_for_update(Document, document_id)
        require_upload(user, document.record)
        reason = " ".join((reason or "").split())[:300]
        if reason and document.public_version_of_id:
            raise Invalid(
                _("The public version of a document cannot be internal."), field="internal_reason"
            )
        before = snapshot(document)
        was_public = is_public(document)
        document.internal_reason = reason
        if reason and was_public:
            document.withdrawn_at = clock.now()
        elif not reason:
            document.withdrawn_at = None
        document.save(update_fields=["internal_reason", "withdrawn_at", "updated_at"])
        record_change(
            obj=document,
            action="withhold_document" if reason else "release_document",
            actor=user,
            before=before,
        )
        touch(document)
    return document


def is_public(document: Document) -> bool:
    return Document.objects.public().filter(pk=document.pk).exists()


def touch(document: Document) -> None:
    """The record changed with its documents: its `updated_at` moves (conditional requests,
    incremental sync, caches)."""
    model = RECORD_MODELS[document.record_kind]
    model._default_manager.filter(pk=getattr(document, f"{document.record_kind}_id")).update(
        updated_at=clock.now()
    )


# Lists show the main text first, then the file in the order the procedure makes it.
KIND_ORDER = Case(
    *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(DocumentKind.values)),
    default=Value(len(DocumentKind.values)),
    output_field=IntegerField(),
)


def listed(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """Documents as lists show them, with what their links and dates need, in one query."""
    return queryset.select_related("draft", "decision", "sitting", "program").order_by(
        KIND_ORDER, "uploaded_at", "id"
    )


def documents_prefetch(lookup: str, *, public: bool) -> Prefetch:
    """Prefetch a record's documents (public ones only unless `public` is False)."""
    queryset = Document.objects.all() if not public else Document.objects.public()
    return Prefetch(lookup, queryset=listed(queryset), to_attr="listed_documents")
