"""The item workflow as a Mermaid state diagram, generated from the transitions declared in code."""

from __future__ import annotations

from django.utils import translation

from program.models import ItemStatus, ProgramItem

HEADER = """# The program item workflow

Generated from the state machine declared on `program.models.ProgramItem` by
`make docs` (`manage.py workflow_diagram --output docs/workflow.md`); a test fails when this file
and the code disagree. Who may fire each transition and under which conditions: `DOMAIN.md` and the
transition table test (`tests/workflows/test_transition_table.py`).
"""


def _who(transition) -> str:
    return transition.permission.__name__ if transition.permission else "anyone"


def _conditions(transition) -> str:
    names = [c.__name__ for c in transition.conditions]
    if transition.custom.get("comment_required"):
        names.append("comment")
    return ", ".join(names)


def item_workflow_markdown() -> str:
    with translation.override("en"):
        rows, edges = [], []
        for transition in sorted(
            ProgramItem._meta.get_field("status").get_all_transitions(ProgramItem),
            key=lambda t: (list(ItemStatus.values).index(t.source), t.name),
        ):
            edges.append(f"    {transition.source} --> {transition.target}: {transition.name}")
            rows.append(
                f"| `{transition.name}` | `{transition.source}` | `{transition.target}` "
                f"| {_who(transition)} | {_conditions(transition) or '—'} |"
            )
        lines = [
            HEADER,
            "```mermaid",
            "stateDiagram-v2",
            f"    [*] --> {ItemStatus.DRAFT}",
            *edges,
            f"    {ItemStatus.PUBLISHED} --> [*]",
            "```",
            "",
            "| transition | from | to | who (permission) | conditions |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
        ]
    return "\n".join(lines)
