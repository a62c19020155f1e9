"""Recompute the audit log's hash chain and report the first broken link (exit status 1)."""

from django.core.management.base import BaseCommand, CommandError

from workflows import audit
from workflows.models import TransitionLog


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain from its first row: every row's hash must match its "
        "content and the row before it. Reports the first broken link and exits with status 1."
    )

    def handle(self, *args, **options):
        result = audit.verify()
        if result.intact:
            self.stdout.write(
                f"The audit log is intact: {result.rows} rows, chain head {result.head}."
            )
            return
        broken = result.first_break
        row = TransitionLog.objects.filter(pk=broken.row_id).first()
        described = f"row {broken.row_id}"
        if row is not None:
            described += f" ({row.at:%Y-%m-%d %H:%M:%S %Z}, {row.transition}: {row})"
        raise CommandError(
            f"The audit log's chain is broken at {described}: {broken.reason}. "
            f"{result.rows - 1} rows before it are intact; the last good hash is {result.head}."
        )
