"""PostgreSQL's unaccent, for searching without diacritics ("sedinta" finds "ședință")."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("program", "0002_execution")]

    operations = [UnaccentExtension()]
