import time

from django.core.management.base import BaseCommand, CommandError

from program.load_data import generate_load_data


class Command(BaseCommand):
    help = "Generate deterministic synthetic programs at scale (bulk inserts), for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, required=True, help="how many years, up to this one"
        )
        parser.add_argument("--items-per-year", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")

    def handle(self, *args, **options):
        years, per_year = options["years"], options["items_per_year"]
        if not 1 <= years <= 200:
            raise CommandError("--years must be between 1 and 200.")
        if not 1 <= per_year <= 999_999:
            raise CommandError("--items-per-year must be between 1 and 999999.")
        started = time.perf_counter()
        result = generate_load_data(years=years, items_per_year=per_year, seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.items} items over {result.programs} years "
                f"({result.log_rows} log rows) in {time.perf_counter() - started:.1f} s."
            )
        )
