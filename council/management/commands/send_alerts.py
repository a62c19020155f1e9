"""Queue the daily alert digest for the task worker (run it once a day, e.g. from cron)."""

from django.core.management.base import BaseCommand

from council.alerts import send_alert_digests


class Command(BaseCommand):
    help = "Queue the daily e-mail digest of what became public, for the task worker to send."

    def handle(self, *args, **options):
        result = send_alert_digests.enqueue()
        self.stdout.write(f"Queued the alert digest ({result.id}).")
