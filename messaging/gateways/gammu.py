"""Gammu SMSD (Debian `gammu-smsd`, a USB modem in the village office) through its SQL backend.

Payung writes to the daemon's `outbox` table and reads `sentitems` (what happened) and `inbox` (what came
in); the daemon does the rest. MESSAGING_GAMMU_DATABASE names the daemon's database: `sqlite:///path` or
`postgres://...` (the schemas of /usr/share/doc/gammu-smsd/examples). CreatorID carries our message key, so
a message already in the outbox or sent items is never inserted twice.

Numbers are personal data (issue 19 point 3) and the daemon's tables are not Payung's: they hold a number in clear
only while the daemon needs it. The outbox row must carry it (the daemon dials it) and the daemon moves it to
`sentitems`, where it must stay until the delivery report comes back (the daemon matches a report to its row by
TPMR and DestinationNumber). So a sent item's number and text are blanked as soon as its state is final
(delivered, failed, or sent without a report expected), and any of ours older than MESSAGING_GAMMU_KEEP_HOURS
(no report ever came) are blanked too; an inbox row's sender and text are blanked when we take it. What Payung
keeps of a message is in its own tables, encrypted.
"""

import sqlite3
from contextlib import contextmanager
from urllib.parse import urlparse

from django.conf import settings

from . import Temporary

GSM_CHARS = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
SENT_STATES = {"SendingOK": "sent", "SendingOKNoReport": "sent", "DeliveryOK": "delivered",
               "SendingError": "failed", "DeliveryFailed": "failed", "Error": "failed"}
# States after which the daemon never touches a sent item again: its number and text are blanked.
FINAL_STATES = ("SendingOKNoReport", "DeliveryOK", "SendingError", "DeliveryFailed", "Error")
BLANK_SENT = """UPDATE sentitems SET "DestinationNumber" = '', "TextDecoded" = '', "Text" = '' """


@contextmanager
def connect(url=None):
    """(connection, placeholder, is_sqlite) for the daemon's database."""
    url = url or settings.MESSAGING_GAMMU_DATABASE
    parsed = urlparse(url)
    try:
        if parsed.scheme == "sqlite":
            connection = sqlite3.connect(parsed.path if not parsed.path.startswith("//") else parsed.path[1:],
                                         timeout=20)
            placeholder, sqlite = "?", True
        else:
            import psycopg

            connection = psycopg.connect(url, connect_timeout=settings.MESSAGING_HTTP_TIMEOUT)
            placeholder, sqlite = "%s", False
    except Exception as error:  # the daemon's database is down: the message stays queued
        raise Temporary(f"Gammu database: {error}")
    try:
        yield connection, placeholder, sqlite
        connection.commit()
    finally:
        connection.close()


def _sql(text, placeholder):
    return text.replace("%s", placeholder)


def creator(message):
    return f"payung:{message.key}"


class GammuGateway:
    idempotent = True

    def send(self, message):
        coding = "Default_No_Compression" if set(message.body) <= GSM_CHARS else "Unicode_No_Compression"
        with connect() as (db, ph, _sqlite):
            cursor = db.cursor()
            for table in ("outbox", "sentitems"):
                cursor.execute(_sql(f'SELECT "ID" FROM {table} WHERE "CreatorID" = %s', ph), [creator(message)])
                row = cursor.fetchone()
                if row:
                    return f"gammu-{row[0]}"
            cursor.execute(_sql('INSERT INTO outbox ("DestinationNumber", "TextDecoded", "CreatorID", "Coding") '
                                'VALUES (%s, %s, %s, %s)', ph), [message.to, message.body, creator(message), coding])
            cursor.execute(_sql('SELECT "ID" FROM outbox WHERE "CreatorID" = %s', ph), [creator(message)])
            return f"gammu-{cursor.fetchone()[0]}"


def fetch_inbox(limit=100):
    """[(key, sender, text)] of messages the daemon received and nobody processed; marks them processed."""
    found = []
    with connect() as (db, ph, sqlite):
        cursor = db.cursor()
        unprocessed = "'false'" if sqlite else "false"
        cursor.execute(f'SELECT "ID", "SenderNumber", "TextDecoded" FROM inbox WHERE "Processed" = {unprocessed} '
                       f'ORDER BY "ID" LIMIT {int(limit)}')
        for row_id, sender, text in cursor.fetchall():
            found.append((f"gammu-inbox-{row_id}", sender, text))
            done = "'true'" if sqlite else "true"
            # Taken: the daemon is done with it, so the sender's number and the text leave its table.
            cursor.execute(_sql(f'UPDATE inbox SET "Processed" = {done}, "SenderNumber" = \'\', "TextDecoded" = \'\', '
                                f'"Text" = \'\' WHERE "ID" = %s', ph), [row_id])
    return found


def fetch_sent_states(keys):
    """{message key: (status, reason)} from the daemon's sent items for the given message keys."""
    if not keys:
        return {}
    states = {}
    with connect() as (db, ph, _sqlite):
        cursor = db.cursor()
        marks = ", ".join([ph] * len(keys))
        cursor.execute(f'SELECT "CreatorID", "Status" FROM sentitems WHERE "CreatorID" IN ({marks})',
                       [f"payung:{k}" for k in keys])
        final = []
        for creator_id, state in cursor.fetchall():
            if state in SENT_STATES:
                states[creator_id.split(":", 1)[1]] = (SENT_STATES[state], state if state not in
                                                       ("SendingOK", "SendingOKNoReport", "DeliveryOK") else "")
            if state in FINAL_STATES:
                final.append(creator_id)
        if final:
            cursor.execute(_sql(BLANK_SENT + f'WHERE "CreatorID" IN ({", ".join([ph] * len(final))})', ph), final)
        scrub_stale(cursor, ph)
    return states


def scrub_stale(cursor, ph):
    """Blank our sent items older than MESSAGING_GAMMU_KEEP_HOURS whatever their state (a report that never came)."""
    from datetime import timedelta

    from django.utils import timezone

    before = timezone.localtime() - timedelta(hours=getattr(settings, "MESSAGING_GAMMU_KEEP_HOURS", 72))
    cursor.execute(_sql(BLANK_SENT + """WHERE "CreatorID" LIKE 'payung:%%' AND "DestinationNumber" <> '' """
                                     'AND "SendingDateTime" < %s', ph), [before.strftime("%Y-%m-%d %H:%M:%S")])
