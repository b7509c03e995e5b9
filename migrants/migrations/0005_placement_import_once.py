"""Import once: PlacementImport (the claim on a checked file) and one placement per SISKOP2MI ID and person.

Existing duplicates (the same person and SISKOP2MI ID on several placements, left by double-pressed imports)
must not stop the migration, and none may be deleted here: a copy may since have gained documents, costs,
contacts, cases or letters, and only a person can tell which record to keep. So the oldest placement keeps the
ID; each later one has its ID cleared, the ID and the kept placement written into its status note, and a
history row saying why, so operators can find and merge them ("ID SISKOP2MI ganda" in the note).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

REASON = "ID SISKOP2MI dibuat unik per warga (migrants 0005)"


def clear_duplicate_refs(apps, schema_editor):
    Placement = apps.get_model("migrants", "Placement")
    History = apps.get_model("migrants", "HistoricalPlacement")
    source = {f.attname for f in Placement._meta.concrete_fields}
    copied = [f.attname for f in History._meta.concrete_fields if f.attname in source]
    now = timezone.now()
    duplicated = (Placement.objects.exclude(national_id_ref="").values("person_id", "national_id_ref")
                  .annotate(n=Count("id")).filter(n__gt=1))
    cleared = 0
    for group in duplicated.iterator():
        placements = list(Placement.objects.filter(person_id=group["person_id"],
                                                   national_id_ref=group["national_id_ref"]).order_by("id"))
        kept = placements[0]
        for placement in placements[1:]:
            note = (f"ID SISKOP2MI ganda: {placement.national_id_ref} juga tercatat pada penempatan #{kept.pk}; "
                    f"ID dikosongkan di sini. Periksa lalu gabungkan bila penempatan ini salinan.")
            placement.status_note = f"{note}\n{placement.status_note}".strip()
            placement.national_id_ref = ""
            placement.updated_at = now
            placement.save(update_fields=["status_note", "national_id_ref", "updated_at"])
            History.objects.create(**{n: getattr(placement, n) for n in copied}, history_date=now,
                                   history_type="~", history_change_reason=REASON, history_user=None)
            cleared += 1
    if cleared:
        print(f"\n  migrants 0005: {cleared} duplicate SISKOP2MI IDs cleared (see 'ID SISKOP2MI ganda' in notes)")


class Migration(migrations.Migration):

    dependencies = [
        ('migrants', '0004_document_lapsing_index'),
        ('people', '0003_birth_date_not_in_future'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PlacementImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=32, unique=True)),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='berkas')),
                ('status', models.CharField(choices=[('ready', 'siap disimpan'), ('running', 'sedang disimpan'), ('done', 'selesai')], default='ready', max_length=10, verbose_name='status')),
                ('claim', models.CharField(blank=True, max_length=32)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='diunggah')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='selesai')),
                ('total_rows', models.PositiveIntegerField(default=0)),
                ('people_create', models.PositiveIntegerField(default=0)),
                ('people_update', models.PositiveIntegerField(default=0)),
                ('placements_create', models.PositiveIntegerField(default=0)),
                ('placements_update', models.PositiveIntegerField(default=0)),
                ('recruiters_create', models.PositiveIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'verbose_name': 'impor penempatan',
                'verbose_name_plural': 'impor penempatan',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.RunPython(clear_duplicate_refs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='placement',
            constraint=models.UniqueConstraint(condition=models.Q(('national_id_ref', ''), _negated=True), fields=('person', 'national_id_ref'), name='placement_unique_national_ref_per_person'),
        ),
        migrations.AddField(
            model_name='placementimport',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
