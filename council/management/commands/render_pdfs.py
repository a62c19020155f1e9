import time

from django.core.management.base import BaseCommand, CommandError

from council.selectors import public_sittings
from council.web.pdf import PdfUnavailable, ensure_agenda_pdf, ensure_program_pdf
from program.models import AnnualProgram, ProgramStatus


class Command(BaseCommand):
    help = "Render every publication PDF that is missing or stale (all of them with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="render even the current ones")

    def handle(self, *args, **options):
        failures = 0
        started = time.perf_counter()
        documents = [
            (
                f"program {p.year}",
                lambda p=p: ensure_program_pdf(p, force=options["force"], render_here=True),
            )
            for p in AnnualProgram.objects.filter(status=ProgramStatus.PUBLISHED).order_by("year")
        ] + [
            (
                f"agenda of {s}",
                lambda s=s: ensure_agenda_pdf(s, force=options["force"], render_here=True),
            )
            for s in public_sittings().order_by("starts_at")
        ]
        for name, render in documents:
            try:
                rendered = render()
            except PdfUnavailable as error:
                failures += 1
                self.stderr.write(f"{name}: could not be rendered ({error})")
                continue
            self.stdout.write(
                f"{name}: {rendered.document.filename} ({rendered.document.size} bytes)"
            )
        elapsed = time.perf_counter() - started
        if failures:
            raise CommandError(f"{failures} of {len(documents)} PDFs could not be rendered.")
        self.stdout.write(self.style.SUCCESS(f"{len(documents)} PDFs ready in {elapsed:.1f} s."))
