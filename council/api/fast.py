"""The public items list without model instances or nested serializers: a few `values()` reads
and plain dicts, byte for byte what ItemSerializer gives (a test holds them equal). It is the hot
list of the transparency API; docs/performance.md has the figures."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from rest_framework import serializers

from program.models import OUTCOMES, ItemStatus, ProgramItem, Progress
from workflows import clock

ROW_FIELDS = (
    "id",
    "reference",
    "title",
    "description",
    "kind",
    "initiator",
    "department__slug",
    "department__name",
    "program__year",
    "planned_month",
    "status",
    "updated_at",
    "draft_status",
    "sitting_id",
    "decision_id",
)

_datetime = serializers.DateTimeField()


def public_item_dicts(rows: list[dict]) -> list[dict]:
    """Rows of `with_execution(ProgramItem.objects...).values(*ROW_FIELDS)`, as the API shows."""
    ids = [row["id"] for row in rows]
    objectives: dict[int, list[dict]] = defaultdict(list)
    links = ProgramItem.objectives.through.objects.filter(programitem_id__in=ids).order_by(
        "objective__code"
    )
    for item_id, code, title, slug, strategy_title in links.values_list(
        "programitem_id",
        "objective__code",
        "objective__title",
        "objective__strategy__slug",
        "objective__strategy__title",
    ):
        objectives[item_id].append(
            {"code": code, "title": title, "strategy": {"slug": slug, "title": strategy_title}}
        )
    consulted: dict[int, list[dict]] = defaultdict(list)
    asked = ProgramItem.consulted_departments.through.objects.filter(programitem_id__in=ids)
    for item_id, slug, name in asked.order_by("department__name").values_list(
        "programitem_id", "department__slug", "department__name"
    ):
        consulted[item_id].append({"slug": slug, "name": name})
    today = clock.today()
    site = settings.SITE_URL.rstrip("/")
    result = []
    for row in rows:
        progress = row["draft_status"] or Progress.NOT_STARTED.value
        overdue = (
            row["status"] == ItemStatus.PUBLISHED
            and progress not in OUTCOMES
            and (row["program__year"], row["planned_month"]) < (today.year, today.month)
        )
        result.append(
            {
                "id": row["id"],
                "reference": row["reference"],
                "title": row["title"],
                "description": row["description"],
                "kind": row["kind"],
                "initiator": row["initiator"],
                "department": {"slug": row["department__slug"], "name": row["department__name"]},
                "consulted_departments": consulted.get(row["id"], []),
                "program_year": row["program__year"],
                "planned_month": f"{row['program__year']:04d}-{row['planned_month']:02d}",
                "status": row["status"],
                "progress": progress,
                "overdue": overdue,
                "objectives": objectives.get(row["id"], []),
                "sitting": row["sitting_id"],
                "decision": row["decision_id"],
                "updated_at": _datetime.to_representation(row["updated_at"]),
                "url": f"{site}/items/{row['id']}/",
            }
        )
    return result
