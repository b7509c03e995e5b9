"""The Gammu backend against the real `gammu-smsd` daemon (Debian package, installed by .ci/run) with its dummy
phone driver and the SQLite SQL backend: our outbox rows are sent by the daemon, SMS the dummy modem receives
reach our inbox handling. Waiting for the daemon is polling with a generous deadline, never a timing assertion."""

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from messaging.models import Conversation, Message, Status, number_hash
from messaging.services import outbound
from messaging.services.consent import give_consent
from messaging.services.polling import poll

SCHEMA = Path("/usr/share/doc/gammu-smsd/examples/sqlite.sql")
FAMILY = "+6281234567890"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("gammu-smsd") and not os.environ.get("REQUIRE_BROWSER_TESTS"),
                       reason="gammu-smsd is not installed (.ci/run installs it)"),
]


def wait_for(check, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("gammu-smsd did not get there within the deadline")


@pytest.fixture
def smsd(tmp_path, settings, regions):
    device = tmp_path / "modem"
    device.mkdir()
    database = tmp_path / "smsd.db"
    with sqlite3.connect(database) as db:
        db.executescript(SCHEMA.read_text())
    (tmp_path / "gammurc").write_text(f"[gammu]\nmodel = dummy\ndevice = {device}\nconnection = none\n")
    (tmp_path / "smsdrc").write_text(
        f"[gammu]\nmodel = dummy\ndevice = {device}\nconnection = none\n\n"
        f"[smsd]\nservice = sql\ndriver = sqlite3\ndatabase = smsd.db\ndbdir = {tmp_path}\n"
        f"logfile = {tmp_path / 'smsd.log'}\ndebuglevel = 0\ncommtimeout = 1\nsendtimeout = 5\nloopsleep = 1\n"
        "receivefrequency = 1\ncheckbattery = 0\ncheckSignal = 0\ncheckSecurity = 0\nphoneid = payung\n")
    daemon = subprocess.Popen(["gammu-smsd", "-c", str(tmp_path / "smsdrc")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    settings.MESSAGING_SMS_GATEWAY = "gammu"
    settings.MESSAGING_GAMMU_DATABASE = f"sqlite:///{database}"
    yield tmp_path, database
    daemon.terminate()
    daemon.wait(timeout=10)


def rows(database, sql, *params):
    with sqlite3.connect(database) as db:
        return db.execute(sql, params).fetchall()


def test_the_daemon_sends_what_we_put_in_its_outbox_once(smsd):
    _tmp, database = smsd
    give_consent(None, phone=FAMILY, purpose="complaint", given_by="Sutrisno", how="uji", channel="sms")
    message = outbound.queue_event("complaint_received", to=FAMILY, values={"kode": "ABCD-EFGH-JKLM",
                                                                             "tautan": "https://x/l/"})
    assert outbound.deliver(message.pk) == Status.SENT
    sent = wait_for(lambda: rows(database, "SELECT DestinationNumber, TextDecoded, Status FROM sentitems "
                                           "WHERE CreatorID = ?", f"payung:{message.key}"))
    assert sent == [(FAMILY, message.body, "SendingOKNoReport")]
    # A second attempt with the same key (a worker that died before marking it sent) adds nothing.
    Message.objects.filter(pk=message.pk).update(status=Status.QUEUED)
    assert outbound.deliver(message.pk) == Status.SENT
    assert rows(database, "SELECT COUNT(*) FROM outbox")[0][0] + rows(database, "SELECT COUNT(*) FROM sentitems")[
        0][0] == 1
    message.refresh_from_db()
    assert poll() == {"inbox": 0, "reports": 0}
    assert message.status == Status.SENT
    # Sent without a report to wait for: the daemon is done with it, so its number and text are blanked there.
    assert rows(database, "SELECT DestinationNumber, TextDecoded, Text, Status FROM sentitems") == [
        ("", "", "", "SendingOKNoReport")]


def test_an_sms_the_modem_receives_reaches_the_lapor_exchange(smsd):
    tmp, database = smsd
    backup = tmp / "in.smsbackup"
    backup.write_text('[SMSBackup000]\nSMSC = "+6281100000"\nState = UnRead\nNumber = "+6281234567890"\n'
                      "Coding = Default\nFolder = 1\nSent = 20261202T100000\nText00 = 004C00410050004F0052\n")
    subprocess.run(["gammu", "-c", str(tmp / "gammurc"), "restoresms", str(backup), "-yes"], check=True,
                   capture_output=True)
    wait_for(lambda: rows(database, "SELECT ID FROM inbox WHERE SenderNumber = ?", FAMILY))
    assert poll() == {"inbox": 1, "reports": 0}
    assert Conversation.objects.get(phone_hash=number_hash(FAMILY)).step == "village"
    # Taken: the sender's number and the text leave the daemon's table.
    assert rows(database, "SELECT Processed, SenderNumber, TextDecoded, Text FROM inbox") == [("true", "", "", "")]
    # Read once: the next poll finds nothing new.
    assert poll()["inbox"] == 0
