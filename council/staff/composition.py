"""The secretariat keeps the council's composition: mandates validated and ended (with their
substitutes), committee memberships joined and left. Each form calls council.composition."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from council import composition
from council.models import (
    Committee,
    CommitteeMembership,
    CommitteeRole,
    Councillor,
    MandateEnd,
)
from council.staff.decorators import staff_required
from council.staff.forms import add_refusal
from program import roles
from workflows import clock
from workflows.errors import WorkflowError
from workflows.text import CleanTextForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ValidateForm(CleanTextForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    party = forms.CharField(label=gettext_lazy("Party"), max_length=100, required=False)
    party_group = forms.CharField(label=gettext_lazy("Party group"), max_length=100, required=False)
    validated_on = forms.DateField(label=gettext_lazy("Mandate validated on"), widget=DATE)
    replaces = forms.ModelChoiceField(
        label=gettext_lazy("In place of (a substitute)"),
        queryset=Councillor.objects.filter(mandate_end__isnull=False, replaced_by__isnull=True),
        required=False,
    )


class EndForm(CleanTextForm):
    councillor = forms.ModelChoiceField(
        label=gettext_lazy("Councillor"), queryset=Councillor.objects.none()
    )
    last_day = forms.DateField(label=gettext_lazy("Last day in office"), widget=DATE)
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=MandateEnd.choices)
    comment = forms.CharField(label=gettext_lazy("Comment"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = Councillor.objects.in_office().order_by("name")


class JoinForm(CleanTextForm):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Committee"), queryset=Committee.objects.order_by("name")
    )
    councillor = forms.ModelChoiceField(
        label=gettext_lazy("Councillor"), queryset=Councillor.objects.none()
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=CommitteeRole.choices)
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = Councillor.objects.in_office().order_by("name")


def page(request, *, status: int = 200, **forms_given):
    today = clock.today()
    councillors = list(
        Councillor.objects.select_related("replaces")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CommitteeMembership.objects.select_related("committee").order_by(
                    "committee__name"
                ),
            )
        )
        .order_by("name")
    )
    return render(
        request,
        "council/composition.html",
        {
            "current": [c for c in councillors if c.in_office_on(today)],
            "former": [c for c in councillors if not c.in_office_on(today)],
            "is_secretariat": roles.is_secretariat(request.user),
            "validate_form": forms_given.get("validate_form") or ValidateForm(),
            "end_form": forms_given.get("end_form") or EndForm(),
            "join_form": forms_given.get("join_form") or JoinForm(),
            "today": today,
        },
        status=status,
    )


@staff_required
def councillors(request):
    return page(request)


def _submit(request, form, name: str, action, done: str):
    if not form.is_valid():
        return page(request, status=400, **{name: form})
    try:
        action(form.cleaned_data)
    except WorkflowError as error:
        add_refusal(form, error)
        return page(request, status=error.status_code, **{name: form})
    messages.success(request, done)
    return redirect("staff:council-councillors")


@staff_required
@require_POST
def validate(request):
    return _submit(
        request, ValidateForm(request.POST), "validate_form",
        lambda data: composition.councillor_validate(user=request.user, **data),
        _("The mandate is validated."),
    )  # fmt: skip


@staff_required
@require_POST
def end(request):
    def action(data):
        composition.councillor_mandate_end(
            councillor_id=data["councillor"].pk, user=request.user, last_day=data["last_day"],
            reason=data["reason"], comment=data["comment"],
        )  # fmt: skip

    return _submit(request, EndForm(request.POST), "end_form", action, _("The mandate ended."))


@staff_required
@require_POST
def join(request):
    return _submit(
        request, JoinForm(request.POST), "join_form",
        lambda data: composition.committee_join(user=request.user, **data),
        _("The membership is recorded."),
    )  # fmt: skip


@staff_required
@require_POST
def leave(request, pk: int):
    membership = get_object_or_404(CommitteeMembership, pk=pk)
    try:
        composition.committee_leave(
            membership_id=membership.pk, user=request.user, last_day=clock.today()
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The membership ended today."))
    return redirect("staff:council-councillors")
