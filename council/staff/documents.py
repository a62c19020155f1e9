"""The staff pages of a record's documents: the list with every version, internal ones
included, and the forms that add a document (or a new version, or a public version with the
personal data removed) and withhold or release one. council.documents does the work."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from council import documents as service
from council import files
from council.models import KINDS_OF, Document
from council.staff.decorators import staff_required
from council.staff.forms import add_refusal
from workflows.errors import WorkflowError
from workflows.text import CleanTextForm

STAFF_PAGE = {
    "draft": "staff:council-draft",
    "decision": "staff:council-decision",
    "sitting": "staff:council-sitting",
    "program": "staff:program",
}


class DocumentForm(CleanTextForm):
    file = forms.FileField(label=gettext_lazy("File"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Empty: the kind's name, or the title of the version it follows."),
    )
    previous = forms.TypedChoiceField(
        label=gettext_lazy("New version of"), coerce=int, required=False, empty_value=None
    )
    public_version_of = forms.TypedChoiceField(
        label=gettext_lazy("Public version, with the personal data removed, of"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    personal_data = forms.BooleanField(
        label=gettext_lazy(
            "It contains personal data: keep it internal (upload its public version beside it)"
        ),
        required=False,
    )
    internal_reason = forms.CharField(
        label=gettext_lazy("Not public, because"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Leave empty: public when the law makes the record's file public."),
    )

    def __init__(self, *args, record: str, documents: list[Document], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in KINDS_OF[record]]
        current = [d for d in documents if not getattr(d, "is_superseded", False)]
        originals = [d for d in current if not d.public_version_of_id]
        none = [("", "—")]
        self.fields["previous"].choices = none + [(d.pk, label(d)) for d in current]
        self.fields["public_version_of"].choices = none + [(d.pk, label(d)) for d in originals]
        self.fields["file"].help_text = _("%(types)s; at most %(size)s.") % {
            "types": files.EXTENSIONS,
            "size": filesizeformat(settings.DOCUMENT_MAX_BYTES),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for _, ext in files.ACCEPTED
        )

    def clean(self):
        data = super().clean()
        if data.get("personal_data") and not data.get("internal_reason"):
            data["internal_reason"] = service.personal_data_reason()
        return data


def label(document: Document) -> str:
    return f"{document.title} (v{document.version}, {document.get_kind_display()})"


class WithholdForm(CleanTextForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


def record_or_404(record: str, pk: int):
    model = service.RECORD_MODELS.get(record)
    if model is None:
        raise Http404
    lookup = {"year": pk} if record == "program" else {"pk": pk}
    return get_object_or_404(model, **lookup)


def record_documents(record: str, obj) -> list[Document]:
    """A record's documents, each version, with whether it is public, in two queries."""
    rows = list(service.listed(Document.objects.filter(**{record: obj})))
    public = set(Document.objects.public().filter(**{record: obj}).values_list("pk", flat=True))
    superseded = {d.previous_id for d in rows if d.previous_id}
    replaced = {d.public_version_of_id for d in rows if d.public_version_of_id}
    for document in rows:
        document.has_public_version = document.pk in replaced
        document.is_public = document.pk in public
        document.is_superseded = document.pk in superseded
    return rows


def documents_page(request, record: str, obj, *, form=None, status: int = 200):
    rows = record_documents(record, obj)
    may_upload = service.may_upload(request.user, obj)
    key = obj.year if record == "program" else obj.pk
    return render(
        request,
        "council/documents.html",
        {
            "record": record,
            "obj": obj,
            "record_url": reverse(STAFF_PAGE[record], args=[key]),
            "key": key,
            "documents": rows,
            "may_upload": may_upload,
            "form": form or (DocumentForm(record=record, documents=rows) if may_upload else None),
        },
        status=status,
    )


@staff_required
def documents(request, record: str, pk: int):
    obj = record_or_404(record, pk)
    if request.method != "POST":
        return documents_page(request, record, obj)
    rows = record_documents(record, obj)
    form = DocumentForm(request.POST, request.FILES, record=record, documents=rows)
    if not form.is_valid():
        return documents_page(request, record, obj, form=form, status=400)
    data = form.cleaned_data
    try:
        document = service.document_add(
            user=request.user,
            record=record,
            record_id=obj.pk,
            kind=data["kind"],
            file=data["file"],
            filename=data["file"].name,
            title=data["title"],
            internal_reason=data["internal_reason"],
            previous=data["previous"],
            public_version_of=data["public_version_of"],
        )
    except WorkflowError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            add_refusal(form, error)
        return documents_page(request, record, obj, form=form, status=error.status_code)
    messages.success(request, _("“%(title)s” is added.") % {"title": document.title})
    return redirect("staff:documents", record=record, pk=pk)


@staff_required
@require_POST
def withhold(request, record: str, pk: int, document_id: int):
    obj = record_or_404(record, pk)
    document = get_object_or_404(Document, pk=document_id, **{record: obj})
    form = WithholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
        return redirect("staff:documents", record=record, pk=pk)
    try:
        service.document_withhold(
            user=request.user, document_id=document.pk, reason=form.cleaned_data["reason"]
        )
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("staff:documents", record=record, pk=pk)
    messages.success(request, _("Saved."))
    return redirect("staff:documents", record=record, pk=pk)


def documents_section(request, record: str, obj) -> dict:
    """What a record's staff page needs to show its documents and link to their page."""
    key = obj.year if record == "program" else obj.pk
    return {
        "documents": record_documents(record, obj),
        "documents_url": reverse("staff:documents", args=[record, key]),
        "may_upload_documents": service.may_upload(request.user, obj),
    }
