import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_project_documents_without_entry_point'),
        ('events', '0004_documents'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EventLibraryDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='event_links', to='documents.document', verbose_name='document')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='library_links', to='events.event')),
            ],
            options={
                'verbose_name': 'library document of an event',
                'verbose_name_plural': 'library documents of events',
                'ordering': ['created_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('event', 'document'), name='events_one_link_per_document')],
            },
        ),
    ]
