"""Load the rule files shipped with Payung (`lawbook/data/*.json`) into the database: the initial version.

Why data files loaded into the database (rather than constants or database rows only): the files are reviewed
with the code and carry the research (sources, notes, what could not be confirmed); the database copy is what
administrators change without a release. The loader is idempotent and never overwrites a local change:
- a source is created when its code is new, and left alone afterwards;
- a rule is found by its shipped id. New: created with the checksum of its shipped content. Known and still
  equal to what the loader last wrote (same checksum): updated when the shipped file changed. Changed here
  (an administrator ended it, switched its status, edited it): left alone.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).parent / "data"
SOURCES_FILE = "sources.json"


def _files(data_dir):
    names = sorted(p.name for p in Path(data_dir).glob("*.json") if p.name != SOURCES_FILE)
    return [Path(data_dir) / SOURCES_FILE] + [Path(data_dir) / n for n in names]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def content_of(rule):
    """What a checksum covers: every field an administrator may change, in a stable form."""
    return {
        "topic": rule.topic, "key": rule.key, "title": rule.title, "params": rule.params,
        "source": rule.source.code, "contra": sorted(s.code for s in rule.contra_sources.all()),
        "valid_from": rule.valid_from.isoformat(), "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "status": rule.status, "blocking_decided": rule.blocking_decided, "note": rule.note,
    }


def checksum(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _shipped_content(item):
    return {
        "topic": item["topic"], "key": item["key"], "title": item["title"], "params": item.get("params", {}),
        "source": item["source"], "contra": sorted(item.get("contra_sources", [])),
        "valid_from": item["valid_from"], "valid_to": item.get("valid_to"),
        "status": item.get("status", "in_force"), "blocking_decided": False, "note": item.get("note", ""),
    }


def _apply(rule, content, sources):
    rule.topic, rule.key, rule.title = content["topic"], content["key"], content["title"]
    rule.params = content["params"]
    rule.source = sources[content["source"]]
    rule.valid_from, rule.valid_to = _date(content["valid_from"]), _date(content["valid_to"])
    rule.status, rule.note = content["status"], content["note"]


def load_shipped(data_dir=DATA_DIR, using="default"):
    """Returns {"sources": created, "created": n, "updated": n, "kept_local": n, "unchanged": n}."""
    from .models import LegalSource, Origin, Rule

    counts = {"sources": 0, "created": 0, "updated": 0, "kept_local": 0, "unchanged": 0}
    with transaction.atomic(using=using):
        sources = {s.code: s for s in LegalSource.objects.using(using).all()}
        items = []
        for path in _files(data_dir):
            if not path.exists():
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
            for src in data.get("sources", []):
                if src["code"] not in sources:
                    sources[src["code"]] = LegalSource.objects.using(using).create(
                        code=src["code"], instrument=src["instrument"], article=src.get("article", ""),
                        url=src.get("url", ""), note=src.get("note", ""), confirmed=src.get("confirmed", True))
                    counts["sources"] += 1
            items += data.get("rules", [])
        existing = {r.shipped_id: r for r in Rule.objects.using(using).filter(origin=Origin.SHIPPED)
                    .select_related("source").prefetch_related("contra_sources")}
        for item in items:
            content = _shipped_content(item)
            wanted = checksum(content)
            rule = existing.get(item["id"])
            if rule is None:
                if Rule.objects.using(using).filter(topic=item["topic"], key=item["key"],
                                                    valid_from=_date(item["valid_from"])).exists():
                    counts["kept_local"] += 1  # a version made here already starts that day
                    continue
                rule = Rule(origin=Origin.SHIPPED, shipped_id=item["id"])
                _apply(rule, content, sources)
                rule.shipped_checksum = wanted
                rule.save(using=using)
                rule.contra_sources.set([sources[c] for c in content["contra"]])
                counts["created"] += 1
            elif checksum(content_of(rule)) != rule.shipped_checksum:
                counts["kept_local"] += 1
            elif rule.shipped_checksum != wanted:
                _apply(rule, content, sources)
                rule.shipped_checksum = wanted
                rule.save(using=using)
                rule.contra_sources.set([sources[c] for c in content["contra"]])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts
