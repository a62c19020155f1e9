"""Forms of the staff workspace. They validate input; the services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from council.models import Committee
from program.models import (
    MONTHS,
    AnnualProgram,
    Department,
    InitiatorType,
    ItemKind,
    LegalCharacter,
    Majority,
    Objective,
    Opinion,
    ProgramItem,
)
from workflows import clock
from workflows.errors import Invalid
from workflows.text import CleanTextForm


def objective_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Objectives grouped by strategy, measures indented under their specific objective."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for objective in Objective.objects.select_related("strategy").order_by(
        "strategy__title", "code"
    ):
        indent = "\u00a0\u00a0\u00a0" * objective.depth
        groups.setdefault(objective.strategy.title, []).append(
            (objective.code, f"{indent}{objective.code} — {objective.title}")
        )
    return list(groups.items())


def open_month_choices(keep: str | None = None) -> list[tuple[str, str]]:
    """The months still ahead in every program whose year is not over (and the item's own)."""
    today = clock.today()
    years = AnnualProgram.objects.filter(year__gte=today.year).values_list("year", flat=True)
    choices = [
        (f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}")
        for year in sorted(years)
        for month in range(1, 13)
        if (year, month) >= (today.year, today.month) or f"{year}-{month:02d}" == keep
    ]
    return choices


def form_refusal(form: forms.Form) -> Invalid:
    """A form that cannot be taken, as a refusal shown at the top of the page: what is wrong
    with each field, named by its label (hidden fields included: a stale or forged post)."""
    problems = [
        f"{form.fields[name].label or name}: {' '.join(errors)}" if name in form.fields else
        " ".join(errors)
        for name, errors in form.errors.items()
    ]  # fmt: skip
    return Invalid(
        _("The form could not be taken: reload the page and try again."), problems=problems
    )


def add_refusal(form: forms.Form, error) -> None:
    """A service's refusal on the form: its message, then each problem once."""
    form.add_error(None, error.message)
    for problem in error.problems:
        form.add_error(None, problem)


class ItemForm(CleanTextForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        help_text=_("For a draft decision: “Proiect de hotărâre privind …”."),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    planned_month = forms.ChoiceField(label=_("Planned month"))
    department = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        help_text=_("The secretariat chooses it; department staff propose for their own."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    initiator_type = forms.ChoiceField(label=_("Initiator"), choices=InitiatorType.choices)
    initiator = forms.CharField(label=_("Initiator's name"), required=False, max_length=200)
    legal_character = forms.ChoiceField(
        label=_("Legal character"),
        choices=LegalCharacter.choices,
        help_text=_("Normative drafts go to public consultation (Legea 52/2003)."),
    )
    majority = forms.ChoiceField(label=_("Required majority"), choices=Majority.choices)
    needs_cgmb_mandate = forms.BooleanField(
        label=_("Needs a mandate from the General Council (CGMB)"), required=False
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objectives = forms.MultipleChoiceField(
        label=_("Strategy objectives"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one, before the item is submitted."),
    )
    consulted_departments = forms.ModelMultipleChoiceField(
        label=_("Consulted departments"),
        queryset=Department.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    committees = forms.ModelMultipleChoiceField(
        label=_("Committees asked for an opinion"),
        queryset=Committee.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never published."),
    )

    def __init__(self, *args, show_department: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_month"].choices = open_month_choices(
            keep=self.initial.get("planned_month")
        )
        self.fields["objectives"].choices = objective_choices()
        if not show_department:
            del self.fields["department"]

    @classmethod
    def initial_for(cls, item: ProgramItem) -> dict:
        return {
            "title": item.title,
            "planned_month": item.planned_month_iso,
            "kind": item.kind,
            "description": item.description,
            "initiator_type": item.initiator_type,
            "initiator": item.initiator,
            "legal_character": item.legal_character,
            "majority": item.majority,
            "needs_cgmb_mandate": item.needs_cgmb_mandate,
            "legal_basis": item.legal_basis,
            "objectives": [o.code for o in item.objectives.all()],
            "consulted_departments": list(item.consulted_departments.all()),
            "committees": list(item.committees.all()),
            "notes": item.notes,
        }

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        year, month = (int(part) for part in data.pop("planned_month").split("-"))
        data["year"], data["planned_month"] = year, month
        data["consulted_departments"] = [d.slug for d in data["consulted_departments"]]
        data["committees"] = list(data["committees"])
        return data


class TransitionForm(CleanTextForm):
    transition = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning, rejecting or withdrawing: say why."),
    )


class InputForm(CleanTextForm):
    opinion = forms.ChoiceField(
        label=_("Opinion"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Text of the opinion"), widget=forms.Textarea(attrs={"rows": 4}))


class ProgramApproveForm(CleanTextForm):
    """The decision approving the program or an amendment: one of the register, adopted from a
    draft that approves this program; or, for history older than the register, its number and
    date (program.services.program_approve checks which may be cited)."""

    decision = forms.ModelChoiceField(
        label=_("Decision (HCL) of the council's register"),
        queryset=None,
        required=False,
        empty_label=_("Choose the decision"),
    )
    decision_number = forms.IntegerField(
        label=_("Number of a decision older than the register"), min_value=1, required=False
    )
    decision_date = forms.DateField(
        label=_("Its date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, program: AnnualProgram, **kwargs):
        super().__init__(*args, **kwargs)
        from council.models import Decision

        self.fields["decision"].queryset = (
            Decision.objects.filter(draft__program=program, program_versions__isnull=True)
            .select_related("draft")
            .order_by("-adopted_on", "-number")
        )
        self.fields["decision"].label_from_instance = lambda d: f"HCL {d.reference} — {d.title}"

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        number, day = data.get("decision_number"), data.get("decision_date")
        if decision is not None and (number or day):
            raise forms.ValidationError(
                _("Choose a decision of the register, or give an older one's number and date.")
            )
        if decision is None and not (number and day):
            raise forms.ValidationError(
                _("Choose the decision of the register that approves the program.")
            )
        if decision is not None:
            data.pop("decision_number", None), data.pop("decision_date", None)
        else:
            data.pop("decision", None)
        return data


class ProgramOpenForm(CleanTextForm):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1990, max_value=2100)


class ItemChangeForm(CleanTextForm):
    """A change to a published item, for the program's next amendment: prefilled with the
    item's values; what differs is the change."""

    title = forms.CharField(label=_("Title"), max_length=500, widget=forms.TextInput())
    planned_month = forms.TypedChoiceField(label=_("Planned month"), coerce=int)
    objectives = forms.MultipleChoiceField(
        label=_("Strategy objectives"), widget=forms.CheckboxSelectMultiple
    )
    drop = forms.BooleanField(
        label=_("Drop the item from the program"),
        required=False,
        help_text=_("The other fields are then left as they are."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It goes before the council with the amendment and is published with it."),
    )

    def __init__(self, *args, item: ProgramItem, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": item.title,
                "planned_month": item.planned_month,
                "objectives": [o.code for o in item.objectives.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["planned_month"].choices = [
            (month, f"{MONTHS[month - 1]} {item.program.year}") for month in range(1, 13)
        ]
        self.fields["objectives"].choices = objective_choices()
