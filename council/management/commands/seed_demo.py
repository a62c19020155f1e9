from django.core.management.base import BaseCommand

from council.demo import seed_demo
from council.models import Committee, Councillor, Document
from program.demo import DEMO_PASSWORD, DEMO_USERS
from program.models import AnnualProgram, Department, Objective, ProgramItem, Strategy
from workflows import version


class Command(BaseCommand):
    help = (
        "Load the demo: Primăria Sectorului 1's departments, committees and councillors, the three "
        "strategies, programs for last, this and next year, and one user per role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-documents",
            action="store_true",
            help="Leave out the documents (rendering them takes a while).",
        )

    def handle(self, *args, **options):
        with version.deferred():
            seed_demo(documents=not options["without_documents"])
        counts = {
            "departments": Department.objects.count(),
            "committees": Committee.objects.count(),
            "councillors": Councillor.objects.count(),
            "strategies": Strategy.objects.count(),
            "objectives": Objective.objects.count(),
            "programs": AnnualProgram.objects.count(),
            "items": ProgramItem.objects.count(),
            "documents": Document.objects.count(),
        }
        self.stdout.write(
            self.style.SUCCESS("Demo data ready: ")
            + ", ".join(f"{n} {name}" for name, n in counts.items())
        )
        users = ", ".join(username for username, *_ in DEMO_USERS)
        self.stdout.write(f"Demo users ({users}) have the password “{DEMO_PASSWORD}”.")
