"""Deterministic synthetic programs at scale, for benchmarks (`generate_load_data`).

Rows are written with bulk inserts, not through the services: a benchmark needs 100,000 items in
seconds. The data still obeys the rules the services enforce (references, states, the log
replaying to each item's state, inputs given before forwarding).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from program.demo import seed_reference_data
from program.demo_items import ITEMS, format_title
from program.models import (
    AnnualProgram,
    Department,
    DepartmentalInput,
    ItemStatus,
    Objective,
    Opinion,
    ProgramItem,
    ProgramStatus,
    ProgramVersion,
)
from program.services import reference_for
from workflows import audit, clock
from workflows.models import TransitionLog

S = ItemStatus
# The path every item walks, and the share of items left at each point.
PATH = [
    ("create", "", S.DRAFT),
    ("submit", S.DRAFT, S.DEPARTMENTAL_INPUT),
    ("forward_to_secretariat", S.DEPARTMENTAL_INPUT, S.SECRETARIAT_REVIEW),
    ("submit_to_council", S.SECRETARIAT_REVIEW, S.SUBMITTED_TO_COUNCIL),
    ("approve", S.SUBMITTED_TO_COUNCIL, S.APPROVED),
    ("publish", S.APPROVED, S.PUBLISHED),
]
FINAL_STATES = [
    (S.PUBLISHED, 80),
    (S.DRAFT, 4),
    (S.DEPARTMENTAL_INPUT, 4),
    (S.SECRETARIAT_REVIEW, 3),
    (S.SUBMITTED_TO_COUNCIL, 3),
    (S.APPROVED, 2),
    (S.REJECTED, 2),
    (S.WITHDRAWN, 2),
]
BATCH = 5000


@dataclass
class LoadResult:
    programs: int
    items: int
    log_rows: int


def _steps_to(final: str) -> list[tuple[str, str, str]]:
    if final == S.WITHDRAWN:
        return [PATH[0], ("withdraw", S.DRAFT, S.WITHDRAWN)]
    if final == S.REJECTED:
        return [*PATH[:4], ("reject", S.SUBMITTED_TO_COUNCIL, S.REJECTED)]
    index = next(i for i, (_, _, target) in enumerate(PATH) if target == final)
    return PATH[: index + 1]


@transaction.atomic
def generate_load_data(*, years: int, items_per_year: int, seed: int = 1) -> LoadResult:
    """Bulk inserts, not the services (they would take hours at scale): the door is opened as
    a service opens it, and the log rows are sealed into the chain like theirs."""
    with audit.writing():
        return _generate(years=years, items_per_year=items_per_year, seed=seed)


def _generate(*, years: int, items_per_year: int, seed: int) -> LoadResult:
    rng = random.Random(seed)
    seed_reference_data()
    departments = list(Department.objects.order_by("slug"))
    objectives = list(Objective.objects.order_by("code").values_list("pk", flat=True))
    actor, _ = get_user_model().objects.get_or_create(
        username="load-data", defaults={"is_active": False}
    )
    item_type = ContentType.objects.get_for_model(ProgramItem)
    this_year = clock.today().year
    Objectives = ProgramItem.objectives.through
    Consulted = ProgramItem.consulted_departments.through
    weights = [w for _, w in FINAL_STATES]
    finals = [state for state, _ in FINAL_STATES]
    total_items = total_logs = 0

    for year in range(this_year - years + 1, this_year + 1):
        program, _ = AnnualProgram.objects.get_or_create(year=year)
        decided = timezone.make_aware(dt.datetime(year - 1, 12, 15, 12))
        version = program.versions.order_by("-number").first()
        if version is None:
            version = ProgramVersion.objects.create(
                program=program,
                number=1,
                decision_number=200,
                decision_date=decided.date(),
                approved_at=decided,
                published_at=decided + dt.timedelta(days=2),
            )
        first = program.last_item_number + 1
        last = program.last_item_number + items_per_year
        start = timezone.make_aware(dt.datetime(year - 1, 10, 1, 9))
        new_items = []
        plan = []
        for sequence in range(first, last + 1):
            template = ITEMS[sequence % len(ITEMS)]
            final = rng.choices(finals, weights)[0]
            created = start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 60))
            new_items.append(
                ProgramItem(
                    program=program,
                    sequence=sequence,
                    reference=reference_for(year, sequence),
                    title=f"{format_title(template[1], year)} (#{sequence})",
                    description="Synthetic item for load tests.",
                    kind=template[3],
                    majority=template[4],
                    legal_character=template[5],
                    department=rng.choice(departments),
                    planned_month=rng.randint(1, 12),
                    status=final,
                    submission_round=0 if final in (S.DRAFT, S.WITHDRAWN) else 1,
                    approved_in=version if final in (S.APPROVED, S.PUBLISHED) else None,
                    published_at=decided if final == S.PUBLISHED else None,
                    created_at=created,
                    created_by=actor,
                )
            )
            plan.append((final, created))
        ProgramItem.objects.bulk_create(new_items, batch_size=BATCH)
        program.last_item_number = last
        program.version = max(program.version, 1)
        program.status = ProgramStatus.PUBLISHED
        program.published_at = program.published_at or version.published_at
        program.save()

        saved = list(
            ProgramItem.objects.filter(program=program, sequence__gte=first)
            .order_by("sequence")
            .values_list("pk", "department_id")
        )
        links, consulted, inputs, logs = [], [], [], []
        for (pk, department_id), (final, created) in zip(saved, plan, strict=True):
            for objective in rng.sample(objectives, rng.randint(1, 3)):
                links.append(Objectives(programitem_id=pk, objective_id=objective))
            other = rng.choice(departments).pk
            asked = [department_id]
            if other != department_id:
                consulted.append(Consulted(programitem_id=pk, department_id=other))
                asked.append(other)
            steps = _steps_to(final)
            moment = created
            for name, source, target in steps:
                logs.append(
                    TransitionLog(
                        content_type=item_type,
                        object_id=pk,
                        transition=name,
                        source=source,
                        target=target,
                        actor=actor,
                        at=moment,
                    )
                )
                if name == "submit":
                    given = final != S.DEPARTMENTAL_INPUT
                    for dep in asked:
                        inputs.append(
                            DepartmentalInput(
                                item_id=pk,
                                department_id=dep,
                                round=1,
                                requested_at=moment,
                                opinion=Opinion.FAVOURABLE if given else "",
                                text="Aviz favorabil." if given else "",
                                given_by=actor if given else None,
                                given_at=moment + dt.timedelta(days=2) if given else None,
                            )
                        )
                moment += dt.timedelta(days=rng.randint(1, 6))
        Objectives.objects.bulk_create(links, batch_size=BATCH)
        Consulted.objects.bulk_create(consulted, batch_size=BATCH)
        DepartmentalInput.objects.bulk_create(inputs, batch_size=BATCH)
        audit.seal(logs)
        TransitionLog.objects.bulk_create(logs, batch_size=BATCH)
        total_items += len(new_items)
        total_logs += len(logs)
    return LoadResult(programs=years, items=total_items, log_rows=total_logs)
