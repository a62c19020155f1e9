"""Forms of the council's staff pages: they validate input; council.services does the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from council.models import (
    AnswerKind,
    Channel,
    Committee,
    ConvenedAtRequestOf,
    Councillor,
    Decision,
    Initiative,
    Kind,
    OpinionKind,
    Sitting,
    SittingStatus,
)
from program.models import AnnualProgram, Department, LegalCharacter, Majority
from workflows.text import CleanTextForm

# Browsers read and write ISO dates in date inputs, whatever the language of the page.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftRegisterForm(CleanTextForm):
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.TextInput(attrs={"size": 80})
    )
    initiator = forms.CharField(
        label=_("Initiator"), max_length=200, initial="Primarul Sectorului 1"
    )
    department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.order_by("name")
    )
    legal_character = forms.ChoiceField(label=_("Legal character"), choices=LegalCharacter.choices)
    majority = forms.ChoiceField(label=_("Required majority"), choices=Majority.choices)
    committees = forms.ModelMultipleChoiceField(
        label=_("Committees asked for an opinion"),
        queryset=Committee.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    statement = forms.CharField(
        label=_("Initiator's statement (referat de aprobare)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    initiative = forms.ChoiceField(
        label=_("Initiative"), choices=Initiative.choices, initial=Initiative.MAYOR,
        required=False,
    )  # fmt: skip
    councillors = forms.ModelMultipleChoiceField(
        label=_("Initiating councillors (a councillors' initiative)"),
        queryset=Councillor.objects.in_office().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signatures = forms.IntegerField(
        label=_("Valid signatures checked (a citizens' initiative)"),
        min_value=0,
        required=False,
    )
    program = forms.ModelChoiceField(
        label=_("Approves or amends the annual program of"),
        queryset=AnnualProgram.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label=_("— (not about the annual program)"),
        help_text=_("The decision adopted from this draft will approve that program's version."),
    )

    def clean_initiative(self) -> str:
        return self.cleaned_data.get("initiative") or Initiative.MAYOR

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In office today, not on the day the form's module was loaded.
        self.fields["councillors"].queryset = Councillor.objects.in_office().order_by("name")


class FromItemForm(CleanTextForm):
    statement = forms.CharField(
        label=_("Initiator's statement (referat de aprobare)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    program = DraftRegisterForm.base_fields["program"]


class ConsultationForm(CleanTextForm):
    announced_on = forms.DateField(label=_("Announced on"), required=False, widget=DATE)
    recommendations_until = forms.DateField(
        label=_("Recommendations accepted until"), required=False, widget=DATE
    )
    debate_requested = forms.BooleanField(label=_("A public debate was requested"), required=False)
    debate_held_on = forms.DateField(label=_("Public debate held on"), required=False, widget=DATE)
    debate_place = forms.CharField(label=_("Public debate held at"), required=False, max_length=300)
    recommendations_count = forms.IntegerField(
        label=_("Recommendations received"), min_value=0, required=False
    )
    recommendations_text = forms.CharField(
        label=_("Recommendations received (published with the file)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency_reason = forms.CharField(
        label=_("Urgency procedure: the reason (Legea 52/2003, art. 7(13))"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for exceptional circumstances that call for an immediate solution; the 30 "
            "working days and the 10 days for recommendations then do not apply. The reason is "
            "published with the draft."
        ),
    )


class OpinionForm(CleanTextForm):
    kind = forms.ChoiceField(label=_("Opinion"), choices=OpinionKind.choices)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.order_by("name"), required=False
    )
    favourable = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("1", _("favourable")), ("0", _("unfavourable"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    votes_for = forms.IntegerField(label=_("Committee votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        counts = [data.get("votes_for"), data.get("votes_against"), data.get("abstentions")]
        if any(c is not None for c in counts) and not all(c is not None for c in counts):
            raise forms.ValidationError(_("Give all three vote counts, or none."))
        data["votes"] = tuple(counts) if all(c is not None for c in counts) else None
        return data


class AgendaForm(CleanTextForm):
    sitting = forms.ModelChoiceField(
        label=_("Sitting"),
        queryset=Sitting.objects.filter(
            status__in=[SittingStatus.PLANNED, SittingStatus.CONVENED]
        ).order_by("starts_at"),
        help_text=_(
            "A convened sitting's agenda takes only an urgent supplement, with its reason."
        ),
    )
    supplement_reason = forms.CharField(
        label=_("Urgent supplement: why it cannot wait for the next sitting (art. 135(7))"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgendaVoteForm(CleanTextForm):
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0)


class SittingPlanForm(CleanTextForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        initial="Sala de consiliu a Primăriei Sectorului 1, Bd. Banu Manta nr. 9",
    )
    chair = forms.ModelChoiceField(
        label=_("Chair"), queryset=Councillor.objects.in_office(), required=False
    )


class ConveneForm(CleanTextForm):
    disposition = forms.CharField(
        label=_("The mayor's convening disposition (number/date)"),
        max_length=100,
        required=False,
        help_text=_("For example: 1234/10.12.2026."),
    )
    requested_by = forms.ChoiceField(
        label=_("Convened at the request of"),
        choices=[("", _("the mayor (own initiative)")), *ConvenedAtRequestOf.choices],
        required=False,
    )
    delivered_on = forms.DateField(
        label=_("The convocation reached the councillors on"), required=False, widget=DATE
    )


class TotalsForm(CleanTextForm):
    """The totals of a vote: a secret ballot, or a council that records totals only. `present`
    is left out when the attendance is recorded (it follows from it)."""

    present = forms.IntegerField(label=_("Present"), min_value=0, max_value=999, required=False)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(
        label=_("Against"), min_value=0, max_value=999, required=False
    )
    abstentions = forms.IntegerField(
        label=_("Abstentions"), min_value=0, max_value=999, required=False
    )
    not_voting = forms.IntegerField(
        label=_("Interest declared"), min_value=0, max_value=999, required=False
    )

    def figures(self) -> dict:
        values = {name: value for name, value in self.cleaned_data.items() if value is not None}
        values.setdefault("not_voting", 0)
        return values


class RescheduleForm(CleanTextForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    chair = forms.ModelChoiceField(
        label=_("Chair"), queryset=Councillor.objects.in_office(), required=False
    )
    reason = forms.CharField(label=_("Why"), max_length=500)


class NoVoteForm(CleanTextForm):
    outcome = forms.ChoiceField(
        choices=[("postponed", _("postponed")), ("withdrawn", _("withdrawn"))]
    )
    comment = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionLinkForm(CleanTextForm):
    """A later decision amends or repeals an earlier one."""

    relation = forms.ChoiceField(
        label=_("This decision"),
        choices=[("amends", _("amends")), ("repeals", _("repeals"))],
    )
    target = forms.ModelChoiceField(label=_("Decision"), queryset=Decision.objects.none())

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Decision.objects.filter(adopted_on__lte=decision.adopted_on)
            .exclude(pk=decision.pk)
            .exclude(status__in=["annulled", "repealed"])
            .order_by("-adopted_on", "-number")
        )


class DecisionDatesForm(CleanTextForm):
    signed_on = forms.DateField(label=_("Signed by the chair on"), required=False, widget=DATE)
    countersigned_on = forms.DateField(label=_("Countersigned on"), required=False, widget=DATE)
    secretary_objection = forms.CharField(
        label=_("Or: the secretar general's written objection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    communicated_on = forms.DateField(
        label=_("Communicated to the prefect and the mayor on"), required=False, widget=DATE
    )
    published_on = forms.DateField(
        label=_("Published in the Monitorul Oficial Local on"), required=False, widget=DATE
    )
    notified_on = forms.DateField(
        label=_("Notified to its addressee on"), required=False, widget=DATE
    )
    in_force_on = forms.DateField(label=_("In force from"), required=False, widget=DATE)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        # What is recorded stays as it is: the register is not rewritten.
        for name, field in self.fields.items():
            value = getattr(decision, name)
            if value:
                field.initial = value
                field.disabled = True

    def changes(self) -> dict:
        """Only what is newly given."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled and value not in (None, "")
        }


class RecommendationRegisterForm(CleanTextForm):
    """A recommendation that came on paper or by e-mail, registered by the secretariat."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.EMAIL, Channel.EMAIL.label)],
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class RecommendationAnswerForm(CleanTextForm):
    answer_kind = forms.ChoiceField(label=_("Answer"), choices=AnswerKind.choices)
    answer = forms.CharField(
        label=_("Written reason (published)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    publish = forms.BooleanField(
        label=_("Publish the recommendation with its answer"), required=False, initial=True
    )
