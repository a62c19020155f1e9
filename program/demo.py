"""The demo: Primăria Sectorului 1's structure and three annual programs around today's date.

Everything is created through the same services the staff use, so the demo's audit log, input
requests and program versions obey every rule a real council's would. Running it twice changes
nothing: each part is skipped when it is already there.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from program import roles
from program.accounts import staff_user_save
from program.demo_items import ITEMS, format_title
from program.models import (
    AnnualProgram,
    Department,
    ItemStatus,
    Objective,
    ObjectiveLevel,
    Opinion,
    ProgramItem,
    Strategy,
)
from program.reference_data import (
    DEPARTMENTS,
    STRATEGIES,
    objective_code,
)
from program.services import (
    item_create,
    item_input_give,
)
from workflows import clock
from workflows.services import transition_fire

DEMO_PASSWORD = "paacl-demo-2026"

# username, role, department, e-mail, first name, last name
DEMO_USERS = [
    ("secretariat", roles.SECRETARIAT, None, "secretariat@example.ro", "Maria", "Secretariat"),
    (
        "investitii",
        roles.DEPARTMENT,
        "directia-investitii",
        "investitii@example.ro",
        "Ion",
        "Investiții",
    ),
    ("juridic", roles.DEPARTMENT, "directia-juridica", "juridic@example.ro", "Ana", "Juridic"),
    ("buget", roles.DEPARTMENT, "serviciul-buget", "buget@example.ro", "Vlad", "Buget"),
    ("admin", roles.ADMIN, None, "it@example.ro", "Admin", "IT"),
]


def seed_reference_data() -> None:
    """Departments, strategies and objectives (update or create)."""
    for slug, name, parent_slug in DEPARTMENTS:
        parent = Department.objects.get(slug=parent_slug) if parent_slug else None
        Department.objects.update_or_create(slug=slug, defaults={"name": name, "parent": parent})

    for slug, code, title, start_year, end_year, tree in STRATEGIES:
        strategy, _ = Strategy.objects.update_or_create(
            slug=slug,
            defaults={"code": code, "title": title, "start_year": start_year, "end_year": end_year},
        )
        for g_position, (g_code, g_title, specifics) in enumerate(tree, start=1):
            general = _objective(
                strategy,
                None,
                ObjectiveLevel.GENERAL,
                objective_code(code, g_code),
                g_title,
                g_position,
            )
            for s_position, (s_code, s_title, measures) in enumerate(specifics, start=1):
                specific = _objective(
                    strategy,
                    general,
                    ObjectiveLevel.SPECIFIC,
                    objective_code(code, g_code, s_code),
                    s_title,
                    s_position,
                )
                for m_position, (m_code, m_title) in enumerate(measures, start=1):
                    _objective(
                        strategy,
                        specific,
                        ObjectiveLevel.MEASURE,
                        objective_code(code, g_code, s_code, m_code),
                        m_title,
                        m_position,
                    )


def _objective(strategy, parent, level, code, title, position) -> Objective:
    return Objective.objects.update_or_create(
        code=code,
        defaults={
            "strategy": strategy,
            "parent": parent,
            "level": level,
            "title": title,
            "position": position,
        },
    )[0]


def seed_users() -> dict[str, Any]:
    """The demo users; existing ones are left as they are (their password may have changed)."""
    User = get_user_model()
    existing = {u.username: u for u in User.objects.filter(username__in=[d[0] for d in DEMO_USERS])}
    return {
        username: existing.get(username)
        or staff_user_save(
            username=username,
            role=role,
            password=DEMO_PASSWORD,
            department_slug=department,
            email=email,
            first_name=first,
            last_name=last,
        )
        for username, role, department, email, first, last in DEMO_USERS
    }


class Timeline:
    """Moments in the past at which the demo's history happened, always before now."""

    def __init__(self, start: dt.datetime, end: dt.datetime, rng: random.Random):
        self.now = clock.now()
        self.start, self.end = start, min(end, self.now - dt.timedelta(hours=1))
        self.rng = rng

    def at(self, fraction: float) -> dt.datetime:
        moment = self.start + (self.end - self.start) * fraction
        return moment.replace(second=0, microsecond=0) + dt.timedelta(
            minutes=self.rng.randint(0, 50)
        )


def _local(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def department_clerk(slug: str, cache: dict[str, Any]) -> Any:
    """A staff account of the department (created for the demo if the department has none)."""
    if slug not in cache:
        existing = {d: u for u, r, d, *_ in DEMO_USERS if d}
        username = existing.get(slug) or f"demo-{slug}"[:150]
        cache[slug] = get_user_model().objects.filter(username=username).first() or staff_user_save(
            username=username, role=roles.DEPARTMENT, password=DEMO_PASSWORD, department_slug=slug
        )
    return cache[slug]


OPINION_TEXT = {
    Opinion.FAVOURABLE: "Aviz favorabil. Proiectul respectă cadrul legal și procedurile interne.",
    Opinion.FAVOURABLE_WITH_REMARKS: (
        "Aviz favorabil cu observații: se va completa nota de fundamentare cu estimarea "
        "impactului bugetar."
    ),
    Opinion.UNFAVOURABLE: "Aviz nefavorabil: lipsesc documentele justificative.",
}


def carry_item(
    item: ProgramItem,
    *,
    until: str,
    clerks: dict[str, Any],
    secretariat: Any,
    timeline: Timeline,
    start: float,
) -> None:
    """Move an item along the planning lifecycle up to `until`, giving every input on the way."""
    step = 0.02
    moment = start

    def tick() -> dt.datetime:
        nonlocal moment
        moment += step
        return timeline.at(min(moment, 1.0))

    owner = department_clerk(item.department.slug, clerks)
    if until == ItemStatus.DRAFT:
        return
    if until == ItemStatus.WITHDRAWN:
        transition_fire(
            model=ProgramItem,
            pk=item.pk,
            name="withdraw",
            user=owner,
            at=tick(),
            comment="Proiectul se amână pentru anul următor, din lipsă de finanțare.",
        )
        return
    transition_fire(model=ProgramItem, pk=item.pk, name="submit", user=owner, at=tick())
    if until == ItemStatus.DEPARTMENTAL_INPUT:
        # Some of the inputs given, some still awaited.
        requests = list(item.inputs.select_related("department").order_by("department__slug"))
        for request in requests[: len(requests) // 2]:
            item_input_give(
                item_id=item.pk,
                user=department_clerk(request.department.slug, clerks),
                opinion=Opinion.FAVOURABLE,
                text=OPINION_TEXT[Opinion.FAVOURABLE],
                at=tick(),
            )
        return
    rng = timeline.rng
    for request in item.inputs.select_related("department").order_by("department__slug"):
        opinion = rng.choice(
            [Opinion.FAVOURABLE, Opinion.FAVOURABLE, Opinion.FAVOURABLE_WITH_REMARKS]
        )
        item_input_give(
            item_id=item.pk,
            user=department_clerk(request.department.slug, clerks),
            opinion=opinion,
            text=OPINION_TEXT[opinion],
            at=tick(),
        )
    transition_fire(
        model=ProgramItem, pk=item.pk, name="forward_to_secretariat", user=owner, at=tick()
    )
    if until == ItemStatus.SECRETARIAT_REVIEW:
        return
    transition_fire(
        model=ProgramItem, pk=item.pk, name="submit_to_council", user=secretariat, at=tick()
    )
    if until == ItemStatus.REJECTED:
        transition_fire(
            model=ProgramItem,
            pk=item.pk,
            name="reject",
            user=secretariat,
            at=tick(),
            comment="Consiliul local a respins includerea în program.",
        )


def create_items(
    program: AnnualProgram,
    entries: list[tuple],
    *,
    clerks: dict[str, Any],
    timeline: Timeline,
    start: float,
    committees: dict[str, Any],
) -> list[ProgramItem]:
    """The items of `entries` (demo_items.ITEMS), each asking the committees its entry names
    (`committees`: the council's committees by slug)."""
    departments = {d.slug: d for d in Department.objects.all()}
    items = []
    for n, (
        month,
        title,
        dept,
        kind,
        majority,
        character,
        objectives,
        consulted,
        comms,
    ) in enumerate(entries):
        department = departments[dept]
        items.append(
            item_create(
                user=department_clerk(dept, clerks),
                title=format_title(title, program.year),
                year=program.year,
                planned_month=month,
                department=department,
                objectives=objectives,
                consulted_departments=consulted,
                committees=[committees[c] for c in comms],
                kind=kind,
                majority=majority,
                legal_character=character,
                initiator="Primarul Sectorului 1",
                description=(
                    "Proiect inclus în programul anual la propunerea compartimentului de "
                    f"resort ({department.name}), în baza strategiilor Sectorului 1."
                ),
                legal_basis="Art. 129 și art. 139 din OUG nr. 57/2019 privind Codul administrativ",
                at=timeline.at(start + n * 0.002),
            )
        )
    return items


# The item its department withdraws while the program is drafted (for lack of funds).
WITHDRAWN_WHILE_DRAFTED = "calendarului manifestărilor culturale de vară"


def draft_program(
    year: int,
    entries: list[tuple],
    *,
    clerks: dict[str, Any],
    secretariat: Any,
    rng: random.Random,
    committees: dict[str, Any],
) -> AnnualProgram:
    """The program drafted in October-December of the previous year, put before the council."""
    program = AnnualProgram.objects.get(year=year)
    drafting = Timeline(_local(year - 1, 10, 1), _local(year - 1, 12, 8), rng)
    items = create_items(
        program, entries, clerks=clerks, timeline=drafting, start=0.0, committees=committees
    )
    for n, item in enumerate(items):
        carry_item(
            item,
            until=ItemStatus.WITHDRAWN
            if WITHDRAWN_WHILE_DRAFTED in item.title
            else ItemStatus.SUBMITTED_TO_COUNCIL,
            clerks=clerks,
            secretariat=secretariat,
            timeline=drafting,
            start=0.2 + n * 0.01,
        )
    return program


def seed_next_program(
    year: int,
    *,
    clerks: dict[str, Any],
    secretariat: Any,
    rng: random.Random,
    committees: dict[str, Any],
) -> None:
    """Next year's program, being drafted: items in every state before the council's vote."""
    program = AnnualProgram.objects.get(year=year)
    if program.items.exists():
        return
    now = clock.now()
    timeline = Timeline(now - dt.timedelta(days=45), now, rng)
    entries = ITEMS[:18]
    items = create_items(
        program, entries, clerks=clerks, timeline=timeline, start=0.0, committees=committees
    )
    states = [
        ItemStatus.DRAFT,
        ItemStatus.DEPARTMENTAL_INPUT,
        ItemStatus.SECRETARIAT_REVIEW,
        ItemStatus.SUBMITTED_TO_COUNCIL,
    ]
    for n, item in enumerate(items):
        until = ItemStatus.WITHDRAWN if n == len(items) - 1 else states[n % len(states)]
        carry_item(
            item,
            until=until,
            clerks=clerks,
            secretariat=secretariat,
            timeline=timeline,
            start=0.3 + n * 0.02,
        )
