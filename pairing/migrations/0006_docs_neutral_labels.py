"""Labels that fit every participant: «дата выхода из пары», «включение: приказ»."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("pairing", "0005_outcome_pairing_outcome_complete_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='fixed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='fixed_memberships', to='pairing.order', verbose_name='включение: приказ'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='left_on',
            field=models.DateField(blank=True, null=True, verbose_name='дата выхода из пары'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='released_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='released_memberships', to='pairing.order', verbose_name='исключение: приказ'),
        ),
    ]
