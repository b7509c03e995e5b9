from django.db import migrations

# Issue 19 point 3: 0004 and 0005 sealed the label, note and changes of the stored entries about the records whose
# models named a DATA_SUBJECT then. Models that named one later (community members and participants, program
# enrolments and enterprises, 3 December 10:36; messaging's consents, opt-outs, number languages, messages, inbound
# messages and conversations, "self" since 10:22; village services' requests and letters, own keys since this
# session) kept their older entries plain, and 0004 gave an entry about such a record that named no one then a label
# naming no one. The same sealing runs again for them (audit.sealing.seal_entries, the one code path): under the
# person's or the record's own data key; an erased subject's under a key destroyed at once; a record gone, a label
# naming no one. Values already ciphertext are left alone. Nothing on the way back: the entries stay sealed, as new
# entries about these records are.

LABELS = [
    "community.groupmember", "community.activityparticipant",
    "empowerment.enrolment", "empowerment.enterprise",
    "messaging.consent", "messaging.optout", "messaging.numberlanguage", "messaging.message",
    "messaging.inboundmessage", "messaging.conversation",
    "services.servicerequest", "services.letter",
]


def seal(apps, schema_editor):
    from audit.sealing import COLUMNS, seal_entries

    seal_entries(schema_editor.connection, COLUMNS, labels=LABELS)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_seal_changes'),
        # The records the entries name are read through today's models: their tables as these migrations leave them.
        ('community', '0002_seal_member_and_participant_names'),
        ('empowerment', '0003_seal_stored_rows'),
        ('messaging', '0004_seal_texts'),
        ('services', '0007_seal_stored_requests_and_letters'),
        ('people', '0008_dusun_search_index'),
        ('cases', '0013_recruiter_index_gin'),
        ('migrants', '0012_seal_collector_name'),
    ]

    operations = [
        migrations.RunPython(seal, migrations.RunPython.noop, elidable=False),
    ]
