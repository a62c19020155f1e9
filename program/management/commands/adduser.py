import sys

from django.core.management.base import BaseCommand, CommandError

from program.accounts import AccountError, staff_user_save
from program.roles import ROLES


class Command(BaseCommand):
    help = "Create or update a staff user with one role; the password is read from standard input."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(ROLES)}")
        parser.add_argument(
            "--department", help="department slug (required for the department role)"
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    def handle(self, *args, **options):
        if not options["password_stdin"]:
            raise CommandError("Give the password on standard input with --password-stdin.")
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            user = staff_user_save(
                username=options["username"],
                role=options["role"],
                password=password,
                department_slug=options["department"],
                email=options["email"],
            )
        except AccountError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"User “{user.username}” saved with role {options['role']}.")
        )
