"""The council's registers in the staff workspace: what is due, drafts, sittings, decisions.

Everyone on the staff may read them; only the secretariat records anything (the services say so
when someone else tries)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import deadlines, participation, services
from council.models import (
    AgendaEntry,
    Decision,
    DraftDecision,
    DraftStatus,
    Sitting,
    SittingStatus,
    VoteChoice,
)
from council.staff import roll_call
from council.staff.decorators import staff_required
from council.staff.documents import documents_section
from council.staff.forms import TransitionForm, add_refusal, form_refusal
from council.staff.register_forms import (
    AgendaForm,
    AgendaVoteForm,
    ConsultationForm,
    ConveneForm,
    DecisionDatesForm,
    DecisionLinkForm,
    DraftRegisterForm,
    FromItemForm,
    NoVoteForm,
    OpinionForm,
    RecommendationAnswerForm,
    RecommendationRegisterForm,
    RescheduleForm,
    SittingPlanForm,
    TotalsForm,
)
from program import roles
from program.models import ItemStatus, ProgramItem
from workflows import clock
from workflows.errors import WorkflowError
from workflows.history import history_of
from workflows.services import permitted_transitions, transition_fire
from workflows.text import whole_number


@staff_required
def overview(request):
    """What is due and what is late, by the legal deadlines."""
    today = clock.today()
    to_register = (
        ProgramItem.objects.filter(
            status=ItemStatus.PUBLISHED, drafts__isnull=True, program__year__gte=today.year - 1
        )
        .select_related("program", "department")
        .order_by("program__year", "planned_month", "sequence")
    )
    in_consultation = DraftDecision.objects.filter(status=DraftStatus.IN_CONSULTATION).order_by(
        "consultation_announced_on"
    )
    planned = Sitting.objects.filter(status=SittingStatus.PLANNED).order_by("starts_at")
    sittings_to_convene = [
        (s, deadlines.latest_convocation(s.kind, timezone.localtime(s.starts_at).date()))
        for s in planned
    ]
    minutes = [
        (s, deadlines.minutes_due(timezone.localtime(s.starts_at).date()))
        for s in Sitting.objects.filter(status=SittingStatus.HELD).order_by("starts_at")
    ]
    open_decisions = (
        Decision.objects.select_related("draft")
        .filter(in_force_on__isnull=True)
        .order_by("year", "number")
    )
    decisions_due = []
    for decision in open_decisions:
        if not decision.communicated_on:
            decisions_due.append((decision, _("communication"), decision.communication_due))
        elif decision.is_normative and not decision.published_on:
            decisions_due.append((decision, _("publication in the MOL"), decision.publication_due))
        elif not decision.is_normative and not decision.notified_on:
            decisions_due.append((decision, _("notification"), None))
    return render(
        request,
        "council/overview.html",
        {
            "today": today,
            "to_register": to_register,
            "in_consultation": in_consultation,
            "sittings_to_convene": sittings_to_convene,
            "minutes": minutes,
            "decisions_due": decisions_due,
            "is_secretariat": roles.is_secretariat(request.user),
        },
    )


@staff_required
def drafts(request):
    register = DraftDecision.objects.select_related("department", "item").order_by(
        "-year", "-registration_number"
    )
    year = whole_number(request.GET.get("year"), digits=4)
    years = sorted(set(DraftDecision.objects.values_list("year", flat=True)), reverse=True)
    if year:
        register = register.filter(year=year)
    elif years:
        register = register.filter(year=years[0])
        year = years[0]
    return render(
        request,
        "council/drafts.html",
        {
            "drafts": register,
            "years": years,
            "year": year,
            "is_secretariat": roles.is_secretariat(request.user),
        },
    )


@staff_required
def draft_new(request):
    if not roles.is_secretariat(request.user):
        return render(
            request,
            "staff/error.html",
            {"message": _("Only the secretariat registers draft decisions.")},
            status=403,
        )
    item = None
    if item_id := request.GET.get("item") or request.POST.get("item"):
        item = get_object_or_404(
            ProgramItem, pk=whole_number(item_id) or 0, status=ItemStatus.PUBLISHED
        )
    form_class = FromItemForm if item else DraftRegisterForm
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if item:
                    draft = services.draft_from_item(
                        item=item, user=request.user, **form.cleaned_data
                    )
                else:
                    draft = services.draft_register(user=request.user, **form.cleaned_data)
            except WorkflowError as error:
                add_refusal(form, error)
                status = error.status_code
            else:
                messages.success(
                    request, _("Registered as PH %(reference)s.") % {"reference": draft.reference}
                )
                return redirect("staff:council-draft", pk=draft.pk)
        else:
            status = 400
    return render(request, "council/draft_form.html", {"form": form, "item": item}, status=status)


def draft_context(request, draft: DraftDecision, **extra) -> dict:
    opinions = list(draft.opinions.select_related("committee").order_by("kind", "committee__name"))
    entries = list(
        draft.agenda_entries.select_related("sitting", "draft").order_by("sitting__starts_at")
    )
    given = {o.committee_id for o in opinions if o.committee_id}
    return {
        "draft": draft,
        "opinions": opinions,
        "missing_committees": [c for c in draft.committees.all() if c.pk not in given],
        "entries": entries,
        "history": history_of(draft, *opinions, *entries),
        "transitions": [
            (t, problems)
            for t, problems in permitted_transitions(draft, request.user)
            if t.custom.get("admin", True)
        ],
        "consultation_form": extra.pop("consultation_form", None)
        or ConsultationForm(
            initial={
                "announced_on": draft.consultation_announced_on,
                "recommendations_until": draft.recommendations_until,
                "debate_requested": draft.debate_requested,
                "debate_held_on": draft.debate_held_on,
                "debate_place": draft.debate_place,
                "recommendations_count": draft.recommendations_count,
                "recommendations_text": draft.recommendations_text,
                "urgency_reason": draft.urgency_reason,
            }
        ),
        "opinion_form": extra.pop("opinion_form", None)
        or OpinionForm(initial={"given_on": clock.today()}),
        "agenda_form": extra.pop("agenda_form", None) or AgendaForm(),
        "recommendations": list(draft.recommendations.order_by("received_at", "pk"))
        if draft.legal_character == "normative"
        else [],
        "register_form": extra.pop("register_form", None)
        or RecommendationRegisterForm(initial={"received_on": clock.today()}),
        "answer_form": RecommendationAnswerForm(),
        "debate_requests": list(draft.debate_requests.order_by("requested_at")),
        "is_secretariat": roles.is_secretariat(request.user),
        "decision": getattr(draft, "decision", None),
        **documents_section(request, "draft", draft),
        **extra,
    }


def draft_or_404(pk: int) -> DraftDecision:
    return get_object_or_404(
        DraftDecision.objects.select_related("department", "item", "item__program"), pk=pk
    )


@staff_required
def draft_detail(request, pk: int):
    draft = draft_or_404(pk)
    return render(request, "council/draft_detail.html", draft_context(request, draft))


def draft_page(request, draft: DraftDecision, *, status: int = 200, **forms) -> HttpResponse:
    """The draft's page; after a refused form, with that form and the reason."""
    return render(
        request, "council/draft_detail.html", draft_context(request, draft, **forms), status=status
    )


def fire_from_form(obj, data, user) -> None:
    transition_fire(
        model=type(obj),
        pk=obj.pk,
        name=data["transition"],
        user=user,
        comment=data["comment"],
        expected_state=data["expected_state"],
    )


@staff_required
@require_POST
def draft_transition(request, pk: int):
    draft = draft_or_404(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return draft_page(
            request, draft, transition_form=form, error=form_refusal(form), status=400
        )
    try:
        fire_from_form(draft, form.cleaned_data, request.user)
    except WorkflowError as error:
        return draft_page(
            request, draft_or_404(pk), transition_form=form, error=error, status=error.status_code
        )
    messages.success(request, _("Done."))
    return redirect("staff:council-draft", pk=pk)


@staff_required
@require_POST
def draft_consultation(request, pk: int):
    draft = draft_or_404(pk)
    form = ConsultationForm(request.POST)
    if not form.is_valid():
        return draft_page(request, draft, consultation_form=form, status=400)
    given = {
        name: value
        for name, value in form.cleaned_data.items()
        if value not in (None, "") or name == "debate_requested"
    }
    try:
        services.draft_consultation_update(draft_id=draft.pk, user=request.user, **given)
    except WorkflowError as error:
        return draft_page(
            request, draft, consultation_form=form, error=error, status=error.status_code
        )
    messages.success(request, _("Saved."))
    return redirect("staff:council-draft", pk=pk)


@staff_required
@require_POST
def draft_recommendation_register(request, pk: int):
    """Register a recommendation that came on paper or by e-mail."""
    draft = draft_or_404(pk)
    form = RecommendationRegisterForm(request.POST)
    if not form.is_valid():
        return draft_page(request, draft, register_form=form, status=400)
    try:
        recommendation = participation.recommendation_register(
            draft_id=draft.pk, user=request.user, **form.cleaned_data
        )
    except WorkflowError as error:
        return draft_page(request, draft, register_form=form, error=error, status=error.status_code)
    messages.success(
        request,
        _("Recommendation %(reference)s registered.") % {"reference": recommendation.reference},
    )
    return redirect(f"{reverse('staff:council-draft', args=[pk])}#recommendations")


@staff_required
@require_POST
def recommendation_answer(request, pk: int, recommendation_id: int):
    """Answer a recommendation (and publish it with its answer)."""
    draft = draft_or_404(pk)
    recommendation = get_object_or_404(draft.recommendations, pk=recommendation_id)
    form = RecommendationAnswerForm(request.POST)
    if not form.is_valid():
        return draft_page(request, draft, error=form_refusal(form), status=400)
    try:
        participation.recommendation_answer(
            recommendation_id=recommendation.pk, user=request.user, **form.cleaned_data
        )
    except WorkflowError as error:
        return draft_page(request, draft, error=error, status=error.status_code)
    messages.success(request, _("The answer is recorded."))
    return redirect(f"{reverse('staff:council-draft', args=[pk])}#recommendations")


@staff_required
@require_POST
def draft_opinion(request, pk: int):
    draft = draft_or_404(pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return draft_page(request, draft, opinion_form=form, status=400)
    data = form.cleaned_data
    try:
        services.draft_opinion_record(
            draft_id=draft.pk,
            user=request.user,
            kind=data["kind"],
            favourable=data["favourable"],
            given_on=data["given_on"],
            committee=data["committee"],
            text=data["text"],
            votes=data["votes"],
        )
    except WorkflowError as error:
        return draft_page(request, draft, opinion_form=form, error=error, status=error.status_code)
    messages.success(request, _("The opinion is recorded."))
    return redirect("staff:council-draft", pk=pk)


@staff_required
@require_POST
def draft_agenda(request, pk: int):
    draft = draft_or_404(pk)
    form = AgendaForm(request.POST)
    if not form.is_valid():
        return draft_page(request, draft, agenda_form=form, status=400)
    try:
        services.draft_put_on_agenda(
            draft_id=draft.pk,
            sitting_id=form.cleaned_data["sitting"].pk,
            user=request.user,
            supplement_reason=form.cleaned_data["supplement_reason"],
        )
    except WorkflowError as error:
        return draft_page(request, draft, agenda_form=form, error=error, status=error.status_code)
    messages.success(request, _("On the agenda."))
    return redirect("staff:council-draft", pk=pk)


@staff_required
def sittings(request):
    form = SittingPlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sitting = services.sitting_plan(user=request.user, **form.cleaned_data)
            except WorkflowError as error:
                add_refusal(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Sitting planned."))
                return redirect("staff:council-sitting", pk=sitting.pk)
        else:
            status = 400
    today = clock.today()
    listed = Sitting.objects.filter(starts_at__year__gte=today.year - 1).order_by("-starts_at")
    return render(
        request,
        "council/sittings.html",
        {"sittings": listed, "form": form, "is_secretariat": roles.is_secretariat(request.user)},
        status=status,
    )


def sitting_context(request, sitting: Sitting, **extra) -> dict:
    day = timezone.localtime(sitting.starts_at).date()
    entries = list(
        sitting.entries.select_related("draft", "draft__item")
        .prefetch_related("roll_call")
        .order_by("position")
    )
    councillors = roll_call.roster(sitting)
    attendance = {row.councillor_id: row for row in sitting.attendance.all()}
    transitions = permitted_transitions(sitting, request.user)
    now = clock.now()
    for entry in entries:
        entry.grid = roll_call.grid(councillors, attendance, entry, entry.voted_at or now)
    return {
        "councillors": councillors,
        "attendance_rows": roll_call.attendance_rows(councillors, attendance),
        "attendance_recorded": bool(attendance),
        "next_entry_id": next((e.pk for e in entries if not e.outcome), None),
        "present_count": sum(1 for row in attendance.values() if row.present),
        "vote_choices": VoteChoice.choices,
        "total_fields": [(name, field.label) for name, field in TotalsForm.base_fields.items()],
        "sitting": sitting,
        "entries": entries,
        "history": history_of(sitting, *entries),
        "transitions": [t for t in transitions if t[0].name != "convene"],
        "convene": next((t for t in transitions if t[0].name == "convene"), None),
        "convene_form": extra.pop("convene_form", None) or ConveneForm(),
        "latest_convocation": deadlines.latest_convocation(sitting.kind, day),
        "minutes_due": deadlines.minutes_due(day),
        "no_vote_form": NoVoteForm(),
        "agenda_vote_form": extra.pop("agenda_vote_form", None) or AgendaVoteForm(),
        "reschedule_form": extra.pop("reschedule_form", None)
        or RescheduleForm(
            initial={
                "starts_at": timezone.localtime(sitting.starts_at),
                "place": sitting.place,
                "chair": sitting.chair_id,
            }
        ),
        "is_secretariat": roles.is_secretariat(request.user),
        "started": sitting.starts_at <= clock.now(),
        "in_office": len(councillors),
        **documents_section(request, "sitting", sitting),
        **extra,
    }


def sitting_or_404(pk: int) -> Sitting:
    return get_object_or_404(Sitting.objects.select_related("chair"), pk=pk)


@staff_required
def sitting_detail(request, pk: int):
    return render(
        request, "council/sitting_detail.html", sitting_context(request, sitting_or_404(pk))
    )


def sitting_page(request, sitting: Sitting, *, status: int = 200, **extra) -> HttpResponse:
    """The sitting's page; after a refused form, with that form and the reason."""
    return render(
        request,
        "council/sitting_detail.html",
        sitting_context(request, sitting, **extra),
        status=status,
    )


@staff_required
@require_POST
def sitting_transition(request, pk: int):
    sitting = sitting_or_404(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return sitting_page(request, sitting, error=form_refusal(form), status=400)
    try:
        fire_from_form(sitting, form.cleaned_data, request.user)
    except WorkflowError as error:
        return sitting_page(request, sitting_or_404(pk), error=error, status=error.status_code)
    messages.success(request, _("Done."))
    return redirect("staff:council-sitting", pk=pk)


@staff_required
@require_POST
def sitting_convene(request, pk: int):
    """Convene with the record of who convened and when the councillors received it."""
    sitting = sitting_or_404(pk)
    form = ConveneForm(request.POST)
    if not form.is_valid():
        return sitting_page(
            request, sitting, convene_form=form, error=form_refusal(form), status=400
        )
    try:
        transition_fire(
            model=Sitting, pk=sitting.pk, name="convene", user=request.user,
            expected_state=SittingStatus.PLANNED, **form.cleaned_data,
        )  # fmt: skip
    except WorkflowError as error:
        return sitting_page(
            request, sitting_or_404(pk), convene_form=form, error=error, status=error.status_code
        )
    messages.success(request, _("The sitting is convened: its agenda is public."))
    return redirect("staff:council-sitting", pk=pk)


@staff_required
@require_POST
def sitting_agenda_vote(request, pk: int):
    """The council's vote approving the agenda, at the start of the sitting."""
    sitting = sitting_or_404(pk)
    form = AgendaVoteForm(request.POST)
    if not form.is_valid():
        return sitting_page(
            request, sitting, agenda_vote_form=form, error=form_refusal(form), status=400
        )
    try:
        services.sitting_agenda_vote(sitting_id=sitting.pk, user=request.user, **form.cleaned_data)
    except WorkflowError as error:
        return sitting_page(
            request, sitting, agenda_vote_form=form, error=error, status=error.status_code
        )
    sitting = sitting_or_404(pk)
    if sitting.agenda_approved:
        messages.success(request, _("The agenda is approved."))
    else:
        messages.warning(
            request, _("The agenda is not approved: its urgent supplements cannot be debated.")
        )
    return redirect("staff:council-sitting", pk=pk)


@staff_required
@require_POST
def sitting_reschedule(request, pk: int):
    sitting = sitting_or_404(pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return sitting_page(
            request, sitting, reschedule_form=form, error=form_refusal(form), status=400
        )
    try:
        services.sitting_reschedule(sitting_id=sitting.pk, user=request.user, **form.cleaned_data)
    except WorkflowError as error:
        return sitting_page(
            request, sitting, reschedule_form=form, error=error, status=error.status_code
        )
    messages.success(request, _("The sitting is moved."))
    return redirect("staff:council-sitting", pk=pk)


def entry_of(sitting: Sitting, entry_id: int) -> AgendaEntry:
    return get_object_or_404(AgendaEntry, pk=entry_id, sitting=sitting)


@staff_required
@require_POST
def entry_without_vote(request, pk: int, entry_id: int):
    sitting = sitting_or_404(pk)
    entry = entry_of(sitting, entry_id)
    form = NoVoteForm(request.POST)
    if not form.is_valid():
        return sitting_page(request, sitting, error=form_refusal(form), status=400)
    try:
        services.agenda_entry_close_without_vote(
            entry_id=entry.pk, user=request.user, **form.cleaned_data
        )
    except WorkflowError as error:
        return sitting_page(request, sitting, error=error, status=error.status_code)
    messages.success(request, _("The outcome is recorded."))
    return redirect("staff:council-sitting", pk=pk)


@staff_required
def decisions(request):
    years = sorted(set(Decision.objects.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year")
    year = whole_number(year, digits=4) or (years[0] if years else clock.today().year)
    listed = Decision.objects.filter(year=year).select_related("draft").order_by("-number")
    today = clock.today()
    rows = [(d, _late(d, today)) for d in listed]
    return render(request, "council/decisions.html", {"rows": rows, "years": years, "year": year})


def _late(decision: Decision, today: dt.date) -> list[str]:
    late = []
    if not decision.communicated_on and today > decision.communication_due:
        late.append(_("communication late"))
    if decision.publication_due and not decision.published_on and today > decision.publication_due:
        late.append(_("publication late"))
    return late


@staff_required
def decision_detail(request, pk: int):
    decision = get_object_or_404(Decision.objects.select_related("draft", "sitting", "item"), pk=pk)
    form = DecisionDatesForm(request.POST or None, decision=decision)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.decision_record(
                    decision_id=decision.pk, user=request.user, **form.changes()
                )
            except WorkflowError as error:
                add_refusal(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Saved."))
                return redirect("staff:council-decision", pk=pk)
        else:
            status = 400
    return decision_page(request, decision, form=form, status=status)


def decision_page(request, decision: Decision, *, status: int = 200, **extra) -> HttpResponse:
    return render(
        request,
        "council/decision_detail.html",
        {
            "decision": decision,
            "form": extra.pop("form", None) or DecisionDatesForm(decision=decision),
            "history": history_of(decision),
            "late": _late(decision, clock.today()),
            "is_secretariat": roles.is_secretariat(request.user),
            "transitions": permitted_transitions(decision, request.user),
            "link_form": extra.pop("link_form", None) or DecisionLinkForm(decision=decision),
            "amends": list(decision.amends.all()),
            "repeals": list(decision.repeals.all()),
            "amended_by": list(decision.amended_by.all()),
            "repealed_by": list(decision.repealed_by.all()),
            **documents_section(request, "decision", decision),
            **extra,
        },
        status=status,
    )


def decision_or_404(pk: int) -> Decision:
    return get_object_or_404(Decision.objects.select_related("draft", "sitting", "item"), pk=pk)


@staff_required
@require_POST
def decision_transition(request, pk: int):
    decision = decision_or_404(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return decision_page(request, decision, error=form_refusal(form), status=400)
    try:
        fire_from_form(decision, form.cleaned_data, request.user)
    except WorkflowError as error:
        return decision_page(request, decision_or_404(pk), error=error, status=error.status_code)
    messages.success(request, _("Done."))
    return redirect("staff:council-decision", pk=pk)


@staff_required
@require_POST
def decision_link(request, pk: int):
    decision = decision_or_404(pk)
    form = DecisionLinkForm(request.POST, decision=decision)
    if not form.is_valid():
        return decision_page(request, decision, link_form=form, status=400)
    try:
        services.decision_link(
            decision_id=decision.pk, target_id=form.cleaned_data["target"].pk,
            relation=form.cleaned_data["relation"], user=request.user,
        )  # fmt: skip
    except WorkflowError as error:
        add_refusal(form, error)
        return decision_page(request, decision, link_form=form, status=error.status_code)
    messages.success(request, _("The link is recorded."))
    return redirect("staff:council-decision", pk=pk)


@staff_required
@require_POST
def entry_take_note(request, pk: int, entry_id: int):
    sitting = sitting_or_404(pk)
    entry = entry_of(sitting, entry_id)
    try:
        services.agenda_entry_take_note(entry_id=entry.pk, user=request.user)
    except WorkflowError as error:
        return sitting_page(request, sitting, error=error, status=error.status_code)
    messages.success(request, _("The council took note of it."))
    return redirect("staff:council-sitting", pk=pk)
