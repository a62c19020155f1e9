"""The drafts in consultation, the first to close first (the home page), and those with a
public debate, by its day (the transparency report)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0019_mol_indexes'),
        ('program', '0012_latest_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='draftdecision',
            index=models.Index(condition=models.Q(('status', 'in_consultation')), fields=['recommendations_until', 'id'], name='draft_in_consultation'),
        ),
        migrations.AddIndex(
            model_name='draftdecision',
            index=models.Index(condition=models.Q(('debate_held_on__isnull', False)), fields=['debate_held_on'], name='draft_debate_held'),
        ),
    ]
