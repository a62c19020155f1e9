from pathlib import Path

from django.core.management.base import BaseCommand

from workflows.diagram import workflows_markdown


class Command(BaseCommand):
    help = "Write the item workflow's state diagram (Mermaid, generated from the code)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write; standard output when omitted")

    def handle(self, *args, **options):
        text = workflows_markdown()
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}."))
        else:
            self.stdout.write(text, ending="")
