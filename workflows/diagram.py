"""The state machines as Mermaid state diagrams, generated from the transitions declared in code."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils import translation

HEADER = """# The workflows

Generated from the state machines declared in the code (`program.models.ProgramItem`,
`council.models.DraftDecision`, `council.models.Sitting`) by `make docs`
(`manage.py workflow_diagram --output docs/workflow.md`); a test fails when this file and the code
disagree. Every transition runs through `workflows.services.transition_fire`, which locks the row,
checks the permission and the conditions, and writes the audit log. Who may fire each transition and
under which conditions: `DOMAIN.md` and the transition table test
(`tests/workflows/test_transition_table.py`).
"""


def _who(transition) -> str:
    return transition.permission.__name__ if transition.permission else "anyone"


def _conditions(transition) -> str:
    names = [c.__name__ for c in transition.conditions]
    if transition.custom.get("comment_required"):
        names.append("comment")
    return ", ".join(names)


def machine_markdown(model: type[models.Model], title: str) -> list[str]:
    field = model._meta.get_field("status")
    states = [value for value, _label in field.choices]
    transitions = sorted(
        field.get_all_transitions(model), key=lambda t: (states.index(t.source), t.name)
    )
    finals = [s for s in states if not any(t.source == s for t in transitions)]
    return [
        f"## {title}",
        "",
        "```mermaid",
        "stateDiagram-v2",
        f"    [*] --> {field.default}",
        *(f"    {t.source} --> {t.target}: {t.name}" for t in transitions),
        *(f"    {state} --> [*]" for state in finals),
        "```",
        "",
        "| transition | from | to | who (permission) | conditions |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| `{t.name}` | `{t.source}` | `{t.target}` | {_who(t)} | {_conditions(t) or '—'} |"
            for t in transitions
        ),
        "",
    ]


def machines() -> list[type]:
    """Every model with a state machine (a `status` field with django-fsm transitions), in the
    order of INSTALLED_APPS and of their definition."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "get_all_status_transitions") and not model._meta.proxy
    ]


def workflows_markdown() -> str:
    with translation.override("en"):
        lines = [HEADER]
        for model in machines():
            title = getattr(model, "diagram_title", None) or str(model._meta.verbose_name)
            lines += machine_markdown(model, str(title))
    return "\n".join(lines)
