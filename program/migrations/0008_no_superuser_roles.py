"""No role is a superuser any more (issue: the `admin` role was one). Accounts with a role lose
the flag; a superuser without a role (break-glass, from `createsuperuser`) keeps it."""

from django.db import migrations

ROLES = ("department", "secretariat", "admin")


def forwards(apps, schema_editor):
    User = apps.get_model("auth", "User")
    User.objects.filter(is_superuser=True, groups__name__in=ROLES).update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [
        ("program", "0007_program_approval"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
