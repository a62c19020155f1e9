"""What can go wrong when somebody asks for a change of state, in words a person understands.

Each error carries the HTTP status the API answers with, so every entry point reports the same.
"""

from collections.abc import Sequence


class WorkflowError(Exception):
    status_code = 400

    def __init__(
        self,
        message: str,
        *,
        problems: Sequence[str] = (),
        current_state: str = "",
        field: str = "",
        fields: dict[str, str] | None = None,
    ):
        message = str(message)  # lazy translations are rendered in the active language
        super().__init__(message)
        self.message = message
        # The input the error is about, when it is one (a form shows the message beside it).
        self.field = field
        # Several inputs wrong at once: {field: message}.
        self.fields = {name: str(text) for name, text in (fields or {}).items()}
        self.problems = [str(problem) for problem in problems]
        self.current_state = current_state

    def __str__(self) -> str:
        return " ".join([self.message, *self.problems]) if self.problems else self.message


class NotAllowed(WorkflowError):
    """The user's role or department may not do this."""

    status_code = 403


class UnknownTransition(WorkflowError):
    status_code = 404


class Conflict(WorkflowError):
    """The state does not allow it, or somebody else changed the record meanwhile."""

    status_code = 409


class Invalid(WorkflowError):
    """A condition is not met or something the change needs is missing."""

    status_code = 400
