"""A streaming replica of this machine's PostgreSQL, on another port, for tests and bench/cluster.py.

    python bench/replica.py start [--port 5433]   # prints the replica's DATABASE_REPLICA_URL
    python bench/replica.py stop  [--port 5433]   # stops it and removes its files

`pg_basebackup -R -X stream` copies the primary (127.0.0.1:5432) into a fresh data directory and writes
standby.signal + primary_conninfo; the copy starts as a hot standby that replays the primary's WAL as it comes.
Run as root (the cluster runs as the postgres user through runuser) or as postgres. The primary must accept
replication connections from 127.0.0.1: a trust rule for the postgres user is appended to its pg_hba.conf
(and the configuration reloaded) when none is there.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PRIMARY = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
ROOT = Path(os.environ.get("PAYUNG_REPLICA_ROOT", "/tmp"))
# A hot standby must allow at least what the primary allows (PostgreSQL refuses to start otherwise).
MATCHED_SETTINGS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                    "max_locks_per_transaction")
HBA_RULE = "host replication postgres 127.0.0.1/32 trust"


def _bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found: install postgresql")
    return str(found[-1])


def _as_postgres(args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + list(args), check=True, text=True, capture_output=True, **kwargs)


def _psql(sql, port=PRIMARY["port"]):
    return subprocess.run(
        ["psql", "-h", PRIMARY["host"], "-p", str(port), "-U", PRIMARY["user"], "-d", "postgres", "-Atc", sql],
        check=True, text=True, capture_output=True).stdout.strip()


def data_dir(port):
    return ROOT / f"payung-replica-{port}"


def url(port, database="payung"):
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


def allow_replication():
    """Make sure the primary accepts replication connections from 127.0.0.1 (idempotent)."""
    hba = Path(_psql("SHOW hba_file"))
    lines = [line.split() for line in hba.read_text().splitlines() if line.strip() and not line.startswith("#")]
    if any(len(words) > 1 and words[1] == "replication" for words in lines):
        return False
    with hba.open("a") as fh:
        fh.write(f"\n# Payung bench/replica.py: streaming replicas on this machine.\n{HBA_RULE}\n")
    _psql("SELECT pg_reload_conf()")
    return True


def start(port=5433, timeout=300):
    """Create and start the replica; returns its URL (database `payung`; any database of the primary)."""
    target = data_dir(port)
    if target.exists():
        stop(port)
    allow_replication()
    matched = {name: _psql(f"SHOW {name}") for name in MATCHED_SETTINGS}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(target, "postgres", "postgres")
    began = time.monotonic()
    _as_postgres([_bin("pg_basebackup"), "-h", PRIMARY["host"], "-p", str(PRIMARY["port"]), "-U", PRIMARY["user"],
                  "-D", str(target), "-R", "-X", "stream", "-c", "fast"])
    # Debian keeps the primary's configuration in /etc: the copy gets its own.
    conf = [f"port = {port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{target}'",
            "hot_standby = on", "fsync = off", "logging_collector = off"]
    conf += [f"{name} = {value}" for name, value in matched.items()]
    (target / "postgresql.conf").write_text("\n".join(conf) + "\n")
    (target / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    if os.geteuid() == 0:
        for name in ("postgresql.conf", "pg_hba.conf"):
            shutil.chown(target / name, "postgres", "postgres")
    _as_postgres([_bin("pg_ctl"), "-D", str(target), "-l", str(target / "server.log"), "-w", "-t", str(timeout),
                  "start"])
    if _psql("SELECT pg_is_in_recovery()", port=port) != "t":
        raise SystemExit("the copy is not a standby")
    print(f"replica on port {port} ready in {time.monotonic() - began:.1f} s", file=sys.stderr)
    return url(port)


def stop(port=5433):
    """Stop the replica and remove its data directory (nothing else is touched)."""
    target = data_dir(port)
    if (target / "postmaster.pid").exists():
        try:
            _as_postgres([_bin("pg_ctl"), "-D", str(target), "-m", "immediate", "-w", "stop"])
        except subprocess.CalledProcessError:
            pass  # already stopped
    shutil.rmtree(target, ignore_errors=True)


def wait_replayed(port=5433, timeout=60):
    """Wait until the replica has replayed everything the primary has written so far; returns the seconds."""
    began = time.monotonic()
    lsn = _psql("SELECT pg_current_wal_lsn()")
    while time.monotonic() - began < timeout:
        if _psql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn", port=port) == "t":
            return time.monotonic() - began
        time.sleep(0.05)
    raise TimeoutError(f"replica on port {port} did not replay {lsn} within {timeout} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--port", type=int, default=5433)
    args = parser.parse_args()
    if args.action == "start":
        print(start(args.port))
    else:
        stop(args.port)


if __name__ == "__main__":
    main()
