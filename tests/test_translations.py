"""The English catalogue is complete: a new Indonesian msgid without its translation shows Indonesian to an
English reader, and a fuzzy one shows the old text."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries():
    """(msgid, msgstr texts, flags) per entry, the header left out."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        part, texts = None, {}
        for line in lines:
            if line.startswith("#"):
                continue
            key = line.split(" ", 1)[0] if not line.startswith('"') else part
            if key != part:
                part = key
                texts.setdefault(part, "")
            texts[part] += "".join(QUOTED.findall(line))
        if texts.get("msgid"):
            yield texts["msgid"], [v for k, v in texts.items() if k.startswith("msgstr")], flags


def test_every_english_translation_is_present_and_not_fuzzy():
    missing = [msgid for msgid, strs, _flags in entries() if not strs or not all(strs)]
    fuzzy = [msgid for msgid, _strs, flags in entries() if "fuzzy" in flags]
    assert missing == []
    assert fuzzy == []


def test_the_catalogue_check_reads_entries():
    # Guards the check above against a parser that silently reads nothing.
    found = dict((msgid, strs) for msgid, strs, _flags in entries())
    assert found["Saringan tidak valid — %(errors)s"] == ["Invalid filter — %(errors)s"]
    assert len(found) > 1000
