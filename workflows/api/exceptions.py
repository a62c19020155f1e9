"""Every API error is JSON with a `detail` a person can read (CONTRACT.md, "Errors")."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workflows.errors import WorkflowError


def _first_messages(errors, prefix=""):
    """Flatten DRF's nested validation errors into "field: message" lines."""
    if isinstance(errors, dict):
        for name, value in errors.items():
            label = f"{prefix}{name}" if name != "non_field_errors" else prefix.rstrip(".")
            yield from _first_messages(value, f"{label}." if label else "")
    elif isinstance(errors, list):
        for value in errors:
            yield from _first_messages(value, prefix)
    else:
        yield f"{prefix.rstrip('.')}: {errors}" if prefix else str(errors)


def exception_handler(exc, context):
    if isinstance(exc, WorkflowError):
        body = {"detail": exc.message}
        if exc.problems:
            body["problems"] = exc.problems
        if exc.current_state:
            body["current_state"] = exc.current_state
        if exc.fields:
            body["errors"] = {name: [text] for name, text in exc.fields.items()}
        elif exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=exc.status_code)
    if isinstance(exc, ObjectDoesNotExist | Http404 | NotFound):
        # Never "No ProgramItem matches the given query.": a person's words, no internal names.
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data
        messages = list(_first_messages(errors))
        response.data = {
            "detail": " ".join(messages) or _("Invalid input."),
            "errors": errors if isinstance(errors, dict) else {"non_field_errors": errors},
        }
    return response
