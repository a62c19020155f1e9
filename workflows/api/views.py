"""The audit log's chain head: published so that anyone can record it and later check that the
history has not been rewritten (workflows/audit.py)."""

from django.db.models import Count, Max
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows import audit
from workflows.models import TransitionLog


class AuditHeadSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Rows in the audit log.")
    head = serializers.CharField(
        help_text="SHA-256 hash of the last row, which covers every row before it "
        "(64 zeros when the log is empty)."
    )
    last_at = serializers.DateTimeField(
        allow_null=True, help_text="When the last recorded change happened."
    )


class AuditHeadView(APIView):
    """The head of the audit log's hash chain. Record it; if a recorded head later stops being
    part of the chain (`manage.py verify_audit_log` on the server), history was rewritten."""

    @extend_schema(responses=AuditHeadSerializer, tags=["audit"])
    def get(self, request):
        totals = TransitionLog.objects.aggregate(rows=Count("pk"), last_at=Max("at"))
        data = {"rows": totals["rows"], "head": audit.head(), "last_at": totals["last_at"]}
        response = Response(AuditHeadSerializer(data).data)
        response["Cache-Control"] = "no-cache"
        return response
