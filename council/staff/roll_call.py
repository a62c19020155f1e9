"""The secretariat at a sitting: who is present, how each councillor votes, the voting system's
export. The forms post here; the services check and record (council.services)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import services
from council.models import Attendance, Ballot, Councillor, Sitting, VoteChoice
from council.roll_call_import import roll_call_import
from council.staff.decorators import staff_required
from council.staff.forms import form_refusal
from council.staff.register_forms import TotalsForm
from workflows import clock
from workflows.errors import Invalid, WorkflowError

VOTE_PREFIX = "vote-"


def roster(sitting: Sitting) -> list[Councillor]:
    """The councillors in office on the sitting's day, by name."""
    day = timezone.localtime(sitting.starts_at).date()
    return list(Councillor.objects.in_office(day).order_by("name"))


def attendance_rows(councillors: list[Councillor], recorded: dict[int, Attendance]) -> list[dict]:
    """For the attendance form: each councillor with what is recorded (present by default);
    `recorded`: the sitting's attendance by councillor id."""
    rows = []
    for councillor in councillors:
        row = recorded.get(councillor.pk)
        rows.append(
            {
                "councillor": councillor,
                "present": row.present if row else True,
                "arrived": timezone.localtime(row.arrived_at).strftime("%H:%M")
                if row and row.arrived_at
                else "",
                "left": timezone.localtime(row.left_at).strftime("%H:%M")
                if row and row.left_at
                else "",
            }
        )
    return rows


def grid(
    councillors: list[Councillor], attendance: dict[int, Attendance], entry, moment: dt.datetime
) -> list:
    """The roll-call grid of an entry: each councillor with the vote to show checked: the one
    recorded, else `for` if present at that moment by the attendance, else `absent`."""
    recorded = {call.councillor_id: call.vote for call in entry.roll_call.all()}
    rows = []
    for councillor in councillors:
        if councillor.pk in recorded:
            vote = recorded[councillor.pk]
        else:
            row = attendance.get(councillor.pk)
            vote = "for" if row is None or row.present_at(moment) else "absent"
        rows.append((councillor, vote))
    return rows


def roll_call_from(post) -> dict[int, str] | None:
    """{councillor id: vote} from the grid's radio buttons (`vote-<id>`), or None without."""
    calls = {}
    for key, value in post.items():
        if not key.startswith(VOTE_PREFIX):
            continue
        pk = key[len(VOTE_PREFIX) :]
        if not pk.isdigit() or value not in VoteChoice.values:
            raise Invalid(_("The roll call was not sent as the form gives it: reload the page."))
        calls[int(pk)] = value
    return calls or None


def time_on(day: dt.date, value: str, label: str) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        clock_time = dt.time.fromisoformat(value)
    except ValueError as error:
        raise Invalid(
            _("%(label)s: give the time as HH:MM, not “%(value)s”.")
            % {"label": label, "value": value[:20]}
        ) from error
    return timezone.make_aware(dt.datetime.combine(day, clock_time))


@staff_required
@require_POST
def sitting_attendance(request, pk: int):
    from council.staff.registers import sitting_or_404, sitting_page

    sitting = sitting_or_404(pk)
    day = timezone.localtime(sitting.starts_at).date()
    try:
        present, arrived, left = [], {}, {}
        for councillor in roster(sitting):
            if request.POST.get(f"present-{councillor.pk}"):
                present.append(councillor.pk)
                came = time_on(day, request.POST.get(f"arrived-{councillor.pk}", ""), _("Arrived"))
                went = time_on(day, request.POST.get(f"left-{councillor.pk}", ""), _("Left"))
                if came:
                    arrived[councillor.pk] = came
                if went:
                    left[councillor.pk] = went
        services.sitting_attendance_record(
            sitting_id=sitting.pk, user=request.user, present=present, arrived=arrived,
            left=left, reason=request.POST.get("reason", "")[:500],
        )  # fmt: skip
    except WorkflowError as error:
        return sitting_page(request, sitting, error=error, status=error.status_code)
    messages.success(
        request,
        _("The attendance is recorded: %(present)s present.") % {"present": len(present)},
    )
    return redirect("staff:council-sitting", pk=pk)


@staff_required
@require_POST
def roll_call_upload(request, pk: int):
    from council.staff.registers import sitting_or_404, sitting_page

    sitting = sitting_or_404(pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise Invalid(_("Choose the CSV file the voting system exported."))
        recorded = roll_call_import(
            sitting_id=sitting.pk, user=request.user, data=upload.read(1_000_001)
        )
    except WorkflowError as error:
        return sitting_page(request, sitting, error=error, status=error.status_code)
    messages.success(
        request,
        _("Votes recorded for entries %(entries)s.")
        % {"entries": ", ".join(str(entry.position) for entry in recorded)},
    )
    return redirect("staff:council-sitting", pk=pk)


def vote_arguments(post) -> dict:
    """What the vote forms send: the roll call, or the totals (secret ballot or totals only)."""
    calls = roll_call_from(post)
    if calls is not None:
        return {"roll_call": calls}
    form = TotalsForm(post)
    if not form.is_valid():
        raise form_refusal(form)
    return form.figures()


@staff_required
@require_POST
def entry_roll_call(request, pk: int, entry_id: int):
    from council.staff.registers import entry_of, sitting_or_404, sitting_page

    sitting = sitting_or_404(pk)
    entry = entry_of(sitting, entry_id)
    ballot = request.POST.get("ballot") or Ballot.OPEN
    try:
        services.agenda_entry_vote(
            entry_id=entry.pk, user=request.user, ballot=ballot, **vote_arguments(request.POST)
        )
    except WorkflowError as error:
        return sitting_page(request, sitting, error=error, status=error.status_code)
    messages.success(request, _("The vote is recorded."))
    return redirect("staff:council-sitting", pk=pk)


@staff_required
@require_POST
def entry_roll_call_correct(request, pk: int, entry_id: int):
    from council.staff.registers import entry_of, sitting_or_404, sitting_page

    sitting = sitting_or_404(pk)
    entry = entry_of(sitting, entry_id)
    try:
        services.agenda_entry_vote_correct(
            entry_id=entry.pk, user=request.user, reason=request.POST.get("reason", "")[:500],
            at=clock.now(), **vote_arguments(request.POST),
        )  # fmt: skip
    except WorkflowError as error:
        return sitting_page(request, sitting, error=error, status=error.status_code)
    messages.success(request, _("The vote is corrected; the correction is in the history."))
    return redirect("staff:council-sitting", pk=pk)
