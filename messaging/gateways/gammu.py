"""Gammu SMSD (Debian `gammu-smsd`, a USB modem in the village office) through its SQL backend.

Payung writes to the daemon's `outbox` table and reads `sentitems` (what happened) and `inbox` (what came
in); the daemon does the rest. MESSAGING_GAMMU_DATABASE names the daemon's database: `sqlite:///path` or
`postgres://...` (the schemas of /usr/share/doc/gammu-smsd/examples). CreatorID carries our message key, so
a message already in the outbox or sent items is never inserted twice.
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
            cursor.execute(_sql(f'UPDATE inbox SET "Processed" = {done} WHERE "ID" = %s', ph), [row_id])
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
        for creator_id, state in cursor.fetchall():
            if state in SENT_STATES:
                states[creator_id.split(":", 1)[1]] = (SENT_STATES[state], state if state not in
                                                       ("SendingOK", "SendingOKNoReport", "DeliveryOK") else "")
    return states
