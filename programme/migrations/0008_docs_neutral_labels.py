"""Status labels that fit every participant: «программа завершена», «выбытие из программы»."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0007_outcome_mentor_labour_basis"),
    ]

    operations = [
        migrations.AlterField(
            model_name='menteeprofile',
            name='category',
            field=models.CharField(blank=True, choices=[('young', 'молодой специалист (стаж до 3 лет)'), ('newcomer', 'новый сотрудник'), ('changed_position', 'смена должности'), ('attestation', 'готовится к аттестации'), ('difficulties', 'испытывает затруднения'), ('other', 'другое')], max_length=30, verbose_name='категория'),
        ),
        migrations.AlterField(
            model_name='menteeprofile',
            name='status',
            field=models.CharField(choices=[('candidate', 'кандидат'), ('included', 'включён в базу'), ('paired', 'в паре'), ('completed', 'программа завершена'), ('dropped', 'выбытие из программы')], default='candidate', max_length=20, verbose_name='статус'),
        ),
    ]
