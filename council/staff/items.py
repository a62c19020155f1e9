"""The staff workspace: server-rendered pages for department clerks and the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import deadlines
from council.models import Kind, Sitting, SittingStatus
from council.services import program_approve
from council.staff.decorators import staff_required
from council.staff.documents import documents_section
from council.staff.forms import (
    InputForm,
    ItemChangeForm,
    ItemForm,
    ProgramApproveForm,
    ProgramOpenForm,
    TransitionForm,
    add_refusal,
    form_refusal,
)
from program import roles
from program.models import (
    AnnualProgram,
    ChangeStatus,
    DepartmentalInput,
    ItemChange,
    ItemStatus,
    Objective,
    ProgramItem,
    ProgramVersion,
)
from program.selectors import items_visible_to
from program.services import (
    can_edit_item,
    item_change_propose,
    item_change_withdraw,
    item_create,
    item_input_give,
    item_update,
    program_open,
    program_publish,
)
from workflows import clock
from workflows.errors import WorkflowError
from workflows.history import history_of
from workflows.services import permitted_transitions, transition_fire

STATE_ORDER = [
    ItemStatus.DRAFT,
    ItemStatus.DEPARTMENTAL_INPUT,
    ItemStatus.SECRETARIAT_REVIEW,
    ItemStatus.SUBMITTED_TO_COUNCIL,
    ItemStatus.APPROVED,
    ItemStatus.PUBLISHED,
    ItemStatus.REJECTED,
    ItemStatus.WITHDRAWN,
    ItemStatus.DROPPED,
]


def staff_items(user):
    return items_visible_to(user).select_related("program", "department")


def current_years() -> list[int]:
    """This year's program and the next: what the staff work on."""
    year = clock.today().year
    return [year, year + 1]


def months_without_sitting() -> list:
    """This year's months, up to the current one, with no ordinary sitting convened (Codul
    administrativ art. 133(1): at least one a month)."""
    today = clock.today()
    convened = Sitting.objects.filter(
        kind=Kind.ORDINARY,
        starts_at__year=today.year,
        status__in=[SittingStatus.CONVENED, SittingStatus.HELD, SittingStatus.MINUTES_PUBLISHED],
    ).values_list("starts_at", flat=True)
    return deadlines.months_without_ordinary_sitting(
        today.year, today, [timezone.localtime(moment).date() for moment in convened]
    )


@staff_required
def dashboard(request):
    user = request.user
    department = roles.user_department(user)
    context = {"department": department, "is_secretariat": roles.is_secretariat(user)}
    years = current_years()
    active = staff_items(user).filter(program__year__in=years).order_by("program__year", "sequence")
    if department is not None:
        mine = active.filter(department=department)
        context["my_items"] = [
            (ItemStatus(state), [i for i in mine if i.status == state]) for state in STATE_ORDER
        ]
        context["inputs_asked"] = (
            DepartmentalInput.objects.filter(
                department=department,
                opinion="",
                item__status=ItemStatus.DEPARTMENTAL_INPUT,
            )
            # Only the current round's requests: older rounds were superseded by a resubmission.
            .filter(item__submission_round=F("round"))
            .select_related("item", "item__department", "item__program")
            .order_by("requested_at")
        )
    if roles.is_secretariat(user) or roles.is_admin(user):
        queue = active.filter(
            status__in=[
                ItemStatus.SECRETARIAT_REVIEW,
                ItemStatus.SUBMITTED_TO_COUNCIL,
                ItemStatus.APPROVED,
            ]
        )
        sections = [
            (_("To review and put before the council"), ItemStatus.SECRETARIAT_REVIEW),
            (_("Before the council: record its vote"), ItemStatus.SUBMITTED_TO_COUNCIL),
            (_("Approved: to publish"), ItemStatus.APPROVED),
        ]
        context["queue"] = [
            (title, [item for item in queue if item.status == state]) for title, state in sections
        ]
        context["months_without_sitting"] = months_without_sitting()
    context["programs"] = AnnualProgram.objects.annotate(
        total=Count("items"),
        published=Count("items", filter=Q(items__status=ItemStatus.PUBLISHED)),
    ).order_by("-year")
    if roles.is_secretariat(user):
        existing = {program.year for program in context["programs"]}
        context["to_open"] = [year for year in years if year not in existing]
    context["can_propose"] = department is not None or roles.is_secretariat(user)
    return render(request, "staff/dashboard.html", context)


def item_context(request, item: ProgramItem, **extra) -> dict:
    user = request.user
    department = roles.user_department(user)
    inputs = list(
        item.inputs.select_related("department", "given_by").order_by("-round", "department__name")
    )
    open_request = next(
        (
            i
            for i in inputs
            if department is not None
            and i.department_id == department.pk
            and i.round == item.submission_round
            and not i.is_given
            and item.status == ItemStatus.DEPARTMENTAL_INPUT
        ),
        None,
    )
    return {
        "item": item,
        "objectives": item.objectives.select_related("strategy").order_by("code"),
        "inputs": inputs,
        "history": history_of(item, *inputs),
        "transitions": permitted_transitions(item, user),
        "transition_form": extra.pop("transition_form", None) or TransitionForm(),
        "input_request": open_request,
        "input_form": extra.pop("input_form", None) or InputForm(),
        "can_edit": can_edit_item(item, user),
        "drafts": item.drafts.order_by("registered_on", "pk"),
        "can_register_draft": item.is_public and roles.is_secretariat(user),
        **amendment_context(item, user, extra.pop("change_form", None)),
        **extra,
    }


def amendment_context(item: ProgramItem, user, form: ItemChangeForm | None) -> dict:
    """The change to this published item before the council, or the form to propose one (the
    secretariat prepares the program's amendments)."""
    if item.status != ItemStatus.PUBLISHED or not roles.is_secretariat(user):
        return {}
    pending = (
        item.changes.filter(status__in=[ChangeStatus.PROPOSED, ChangeStatus.APPROVED])
        .select_related("version")
        .first()
    )
    return {
        "pending_change": pending,
        "change_form": None if pending else form or ItemChangeForm(item=item),
    }


@staff_required
@require_POST
def item_change(request, pk: int):
    """Propose a change to a published item for the program's next amendment."""
    item = visible_item_or_404(request, pk)
    form = ItemChangeForm(request.POST, item=item)
    if not form.is_valid():
        return render(
            request, "staff/item_detail.html",
            item_context(request, item, change_form=form), status=400,
        )  # fmt: skip
    data = form.cleaned_data
    try:
        if data["drop"]:
            item_change_propose(
                item_id=item.pk, user=request.user, drop=True, reason=data["reason"]
            )
        else:
            item_change_propose(
                item_id=item.pk, user=request.user, reason=data["reason"], title=data["title"],
                planned_month=data["planned_month"], objectives=data["objectives"],
            )  # fmt: skip
    except WorkflowError as error:
        add_refusal(form, error)
        return render(
            request, "staff/item_detail.html",
            item_context(request, item, change_form=form), status=error.status_code,
        )  # fmt: skip
    messages.success(
        request, _("The change is proposed: it goes before the council with the next amendment.")
    )
    return redirect("staff:item", pk=item.pk)


@staff_required
@require_POST
def item_change_withdraw_view(request, pk: int, change: int):
    item = visible_item_or_404(request, pk)
    try:
        item_change_withdraw(
            change_id=get_object_or_404(item.changes, pk=change).pk,
            user=request.user,
            comment=request.POST.get("comment", ""),
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proposed change is withdrawn."))
    return redirect("staff:item", pk=item.pk)


def visible_item_or_404(request, pk: int) -> ProgramItem:
    queryset = staff_items(request.user).select_related("approved_in").prefetch_related(
        "consulted_departments", "committees",
        Prefetch("objectives", queryset=Objective.objects.select_related("strategy")),
    )  # fmt: skip
    return get_object_or_404(queryset, pk=pk)


@staff_required
def item_detail(request, pk: int):
    item = visible_item_or_404(request, pk)
    return render(request, "staff/item_detail.html", item_context(request, item))


@staff_required
@require_POST
def item_transition(request, pk: int):
    item = visible_item_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return render(
            request, "staff/item_detail.html",
            item_context(request, item, transition_form=form, error=form_refusal(form)),
            status=400,
        )  # fmt: skip
    try:
        transition_fire(
            model=ProgramItem,
            pk=item.pk,
            name=form.cleaned_data["transition"],
            user=request.user,
            comment=form.cleaned_data["comment"],
            expected_state=form.cleaned_data["expected_state"],
        )
    except WorkflowError as error:
        item = visible_item_or_404(request, pk)
        return render(
            request, "staff/item_detail.html",
            item_context(request, item, transition_form=form, error=error),
            status=error.status_code,
        )  # fmt: skip
    try:
        item = visible_item_or_404(request, pk)
    except Http404:
        messages.success(request, _("Done."))
        return redirect("staff:dashboard")
    messages.success(
        request, _("Done: the item is now “%(state)s”.") % {"state": item.get_status_display()}
    )
    return redirect("staff:item", pk=pk)


@staff_required
@require_POST
def item_input(request, pk: int):
    item = visible_item_or_404(request, pk)
    form = InputForm(request.POST)
    if form.is_valid():
        try:
            item_input_give(item_id=item.pk, user=request.user, **form.cleaned_data)
        except WorkflowError as error:
            return render(
                request, "staff/item_detail.html",
                item_context(request, item, input_form=form, error=error),
                status=error.status_code,
            )  # fmt: skip
        messages.success(request, _("Your department's input is recorded."))
        return redirect("staff:item", pk=pk)
    return render(
        request, "staff/item_detail.html", item_context(request, item, input_form=form), status=400
    )


@staff_required
def item_new(request):
    show_department = roles.is_secretariat(request.user)
    if roles.user_department(request.user) is None and not show_department:
        return render(
            request,
            "staff/error.html",
            {"message": _("Only department staff and the secretariat propose items.")},
            status=403,
        )
    form = ItemForm(request.POST or None, show_department=show_department)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = item_create(user=request.user, **form.service_arguments())
            except WorkflowError as error:
                add_refusal(form, error)
                status = error.status_code
            else:
                messages.success(
                    request, _("Draft %(reference)s created.") % {"reference": item.reference}
                )
                return redirect("staff:item", pk=item.pk)
        else:
            status = 400
    return render(request, "staff/item_form.html", {"form": form, "item": None}, status=status)


@staff_required
def item_edit(request, pk: int):
    item = visible_item_or_404(request, pk)
    if not can_edit_item(item, request.user):
        return render(
            request,
            "staff/error.html",
            {"message": _("Only a draft can be edited, by its department or the secretariat.")},
            status=409 if item.status != ItemStatus.DRAFT else 403,
        )
    form = ItemForm(request.POST or None, initial=ItemForm.initial_for(item))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            arguments = form.service_arguments()
            year = arguments.pop("year")
            if year != item.program.year:
                form.add_error("planned_month", _("An item stays in the program of its year."))
                status = 400
            else:
                try:
                    item_update(item_id=item.pk, user=request.user, **arguments)
                except WorkflowError as error:
                    add_refusal(form, error)
                    status = error.status_code
                else:
                    messages.success(request, _("Saved."))
                    return redirect("staff:item", pk=item.pk)
        else:
            status = 400
    return render(request, "staff/item_form.html", {"form": form, "item": item}, status=status)


@staff_required
def program_detail(request, year: int):
    program = get_object_or_404(AnnualProgram, year=year)
    items = staff_items(request.user).filter(program=program).order_by("planned_month", "sequence")
    by_state = {state: 0 for state in STATE_ORDER}
    for item in items:
        by_state[item.status] += 1
    versions = list(
        ProgramVersion.objects.filter(program=program).select_related("decision").order_by("number")
    )
    return render(
        request,
        "staff/program.html",
        {
            "program": program,
            "items": items,
            "counts": [(ItemStatus(state), n) for state, n in by_state.items()],
            "versions": versions,
            "open_version": program.open_version(),
            "changes": roles.is_secretariat(request.user)
            and ItemChange.objects.filter(
                item__program=program,
                status__in=[ChangeStatus.PROPOSED, ChangeStatus.APPROVED],
            )
            .select_related("item", "version")
            .order_by("item__sequence"),
            "approve_form": ProgramApproveForm(program=program),
            "history": history_of(program, *versions),
            "is_secretariat": roles.is_secretariat(request.user),
            **documents_section(request, "program", program),
        },
    )


@staff_required
@require_POST
def program_open_view(request):
    form = ProgramOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which year's program to open."))
        return redirect("staff:dashboard")
    try:
        program = program_open(year=form.cleaned_data["year"], user=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("staff:dashboard")
    messages.success(
        request,
        _("The program of %(year)s is open: departments may propose items for it.")
        % {"year": program.year},
    )
    return redirect("staff:program", year=program.year)


@staff_required
@require_POST
def program_approve_view(request, year: int):
    program = get_object_or_404(AnnualProgram, year=year)
    form = ProgramApproveForm(request.POST, program=program)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("staff:program", year=year)

    try:
        version = program_approve(year=year, user=request.user, **form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("staff:program", year=year)
    messages.success(
        request,
        _("Version %(number)s approved by HCL %(decision)s.")
        % {"number": version.number, "decision": version.decision_reference},
    )
    return redirect("staff:program", year=year)


@staff_required
@require_POST
def program_publish_view(request, year: int):
    get_object_or_404(AnnualProgram, year=year)
    try:
        program_publish(year=year, user=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("staff:program", year=year)
    messages.success(request, _("The program is published."))
    return redirect("staff:program", year=year)
