"""Every API error is JSON `{"detail": ...}`; workflow errors keep their own status codes."""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workflows.errors import WorkflowError


def exception_handler(exc, context):
    if isinstance(exc, WorkflowError):
        body = {"detail": exc.message}
        if exc.problems:
            body["problems"] = exc.problems
        if exc.current_state:
            body["current_state"] = exc.current_state
        return Response(body, status=exc.status_code)
    if isinstance(exc, ObjectDoesNotExist):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)
