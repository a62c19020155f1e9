"""Transition conditions that can say why they fail.

django-fsm-2 asks a condition only "yes or no". The people using this service need to know *why*
a button is missing or a request was refused ("the input of Direcția Juridică is missing"), so each
condition here is written as a function returning the list of problems, and wrapped so that
django-fsm sees a plain predicate while the transition service can still ask for the reasons.
"""

from collections.abc import Callable
from typing import Any, Protocol


class ExplainedCondition(Protocol):
    __name__: str

    def __call__(self, instance: Any) -> bool: ...

    def explain(self, instance: Any) -> list[str]: ...


def explained(problems: Callable[[Any], list[str]]) -> ExplainedCondition:
    """Make a django-fsm condition out of a function that lists what stands in the way."""

    def condition(instance: Any) -> bool:
        return not problems(instance)

    condition.explain = problems  # type: ignore[attr-defined]
    condition.__name__ = problems.__name__
    condition.__doc__ = problems.__doc__
    return condition  # type: ignore[return-value]


def unmet(condition: Any, instance: Any) -> list[str]:
    """The reasons a condition fails (empty when it holds)."""
    explain = getattr(condition, "explain", None)
    if explain is not None:
        return list(explain(instance))
    return (
        [] if condition(instance) else [getattr(condition, "__doc__", None) or condition.__name__]
    )


def allowed_to(describe: Callable[[Any], str]) -> Callable[[Callable], Callable]:
    """Attach to a django-fsm permission callable who it lets act, in words ("the secretariat",
    "Direcția Investiții"): refusals then say who may do it (`who_may`)."""

    def attach(permission: Callable) -> Callable:
        permission.describe = describe  # type: ignore[attr-defined]
        return permission

    return attach


def who_may(permission: Any, instance: Any) -> str | None:
    describe = getattr(permission, "describe", None)
    return str(describe(instance)) if describe is not None else None
