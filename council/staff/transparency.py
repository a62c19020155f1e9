"""The secretariat's page for the annual transparency report: the computed figures and the one
it records, the court actions under Legea 52/2003."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from council.staff.decorators import staff_required
from council.staff.forms import add_refusal
from council.transparency import court_actions_record, report_for, years_reported
from program import roles
from workflows.errors import WorkflowError


class CourtActionsForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("Court actions under Legea 52/2003"), min_value=0)
    note = forms.CharField(
        label=gettext_lazy("What they were about (public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@staff_required
def transparency(request, year: int | None = None):
    years = years_reported()
    year = year if year in years else (years[1] if len(years) > 1 else years[0])
    report = report_for(year)
    form = CourtActionsForm(
        initial={"count": report.court_actions, "note": report.court_actions_note}
    )
    return render(
        request,
        "council/transparency.html",
        {"report": report, "years": years, "form": form,
         "is_secretariat": roles.is_secretariat(request.user)},
    )  # fmt: skip


@staff_required
@require_POST
def court_actions(request, year: int):
    form = CourtActionsForm(request.POST)
    if form.is_valid():
        try:
            court_actions_record(year=year, user=request.user, **form.cleaned_data)
        except WorkflowError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("staff:council-transparency", year=year)
    report = report_for(year)
    return render(
        request,
        "council/transparency.html",
        {"report": report, "years": years_reported(), "form": form,
         "is_secretariat": roles.is_secretariat(request.user)},
        status=400,
    )  # fmt: skip
