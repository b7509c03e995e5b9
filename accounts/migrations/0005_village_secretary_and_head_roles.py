# Issue 22.2: the village secretary checks letters and the village head signs them (roles of their own).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_law'),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('village_operator', 'Operator desa'), ('village_secretary', 'Sekretaris desa'), ('village_head', 'Kepala desa'), ('community_volunteer', 'Relawan komunitas'), ('ngo_facilitator', 'Fasilitator LSM'), ('organisation_staff', 'Petugas lembaga rujukan'), ('district_officer', 'Petugas kabupaten/kota'), ('province_officer', 'Petugas provinsi'), ('national_officer', 'Petugas nasional'), ('system_admin', 'Administrator sistem')], max_length=30, verbose_name='peran'),
        ),
    ]
