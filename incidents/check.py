"""Check a store and, when asked, repair it: ``python -m incidents check [--repair]``.

The store is data: nothing here rebuilds it or drops a row without a copy.

- :func:`check_store` runs SQLite's ``integrity_check`` and reads every row back as the
  dashboard does, listing what cannot be read (:class:`~incidents.store.RowProblem`).
- :func:`repair_store` first copies the file (with its WAL) to
  ``<name>.backup-<UTC time>``; then, if SQLite finds the file damaged, it copies every row it
  can still read into a new file that takes the old one's place; rows that cannot be read back
  as incidents or corrections move to a ``quarantine`` table (with the reason), out of the
  way of the page and the exports, but kept.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from incidents.errors import StoreCorruptError, StoreUnavailableError
from incidents.store import _SCHEMA, IncidentStore, RowProblem, _apply, _incident

log = logging.getLogger(__name__)

TABLES = ("articles", "incidents", "corrections", "coded_events")
_QUARANTINE = """
CREATE TABLE IF NOT EXISTS quarantine (
    table_name TEXT NOT NULL,
    key TEXT NOT NULL,
    source TEXT,
    data TEXT,
    reason TEXT NOT NULL,
    moved_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check_store` found."""

    path: Path
    integrity: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.problems

    def lines(self) -> list[str]:
        """The report as lines for a terminal."""
        if self.ok:
            counts = ", ".join(f"{n} {table}" for table, n in self.counts.items())
            return [f"{self.path}: ok ({counts})"]
        found = [f"{self.path}: SQLite integrity check: {line}" for line in self.integrity]
        found += [f"{self.path}: {problem}" for problem in self.problems]
        return found


@dataclass(frozen=True)
class RepairReport:
    """What :func:`repair_store` did."""

    backup: Path
    salvaged: dict[str, int]
    quarantined: list[RowProblem]
    rebuilt: bool

    def lines(self) -> list[str]:
        done = [f"backup: {self.backup}"]
        if self.rebuilt:
            kept = ", ".join(f"{n} {table}" for table, n in self.salvaged.items())
            done.append(f"damaged file replaced by a copy of every readable row ({kept})")
        done += [f"moved to the quarantine table: {problem}" for problem in self.quarantined]
        if len(done) == 1:
            done.append("nothing to repair")
        return done


def check_store(path: str | Path) -> CheckReport:
    """Run SQLite's integrity check on the store and read every row back.

    Raises
    ------
    StoreUnavailableError
        When the file does not exist or cannot be opened.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreUnavailableError(f"{path}: no such store")
    store = IncidentStore(path, check=False)
    integrity = store.integrity_problems()
    if integrity:
        return CheckReport(path, integrity=integrity)
    try:
        read = store.read_incidents()
        counts = store.counts()
    except StoreCorruptError as err:
        return CheckReport(path, integrity=[str(err)])
    return CheckReport(path, problems=read.problems, counts=counts)


def backup_store(path: str | Path, *, now: datetime | None = None) -> Path:
    """Copy the store (and its WAL) to ``<name>.backup-<UTC time>``; return the copy's path."""
    path = Path(path)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.name}.backup-{stamp}")
    try:
        shutil.copy2(path, backup)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file():
            shutil.copy2(wal, backup.with_name(backup.name + "-wal"))
    except OSError as err:
        raise StoreUnavailableError(f"cannot back up {path} to {backup}: {err}") from err
    log.info("backed up %s to %s", path, backup)
    return backup


def repair_store(path: str | Path) -> RepairReport:
    """Back the store up, rebuild it from its readable rows if damaged, quarantine bad rows.

    Raises
    ------
    StoreUnavailableError
        When the file cannot be read or the backup cannot be written.
    """
    path = Path(path)
    backup = backup_store(path)
    rebuilt = bool(IncidentStore(path, check=False).integrity_problems())
    salvaged: dict[str, int] = {}
    if rebuilt:
        salvaged = _salvage(backup, path)
    quarantined = _quarantine_unreadable(path)
    return RepairReport(backup, salvaged, quarantined, rebuilt)


def _salvage(damaged: Path, path: Path) -> dict[str, int]:
    """Write every row of ``damaged`` that SQLite can still read into a new store at ``path``."""
    fresh = path.with_name(path.name + ".repairing")
    fresh.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    target = sqlite3.connect(fresh)
    counts = {}
    try:
        target.executescript(_SCHEMA)
        for table in TABLES:
            counts[table] = _copy_rows(source, target, table)
        target.commit()
    finally:
        source.close()
        target.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    fresh.replace(path)
    return counts


def _copy_rows(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> int:
    """Copy ``table`` row by row, skipping the rows a damaged page hides."""
    try:
        cursor = source.execute(f"SELECT * FROM {table}")
        return _insert(target, table, cursor.fetchall(), [d[0] for d in cursor.description])
    except sqlite3.DatabaseError as err:
        log.warning("%s: reading it whole failed (%s); row by row", table, err)
    try:
        (last,) = source.execute(f"SELECT max(rowid) FROM {table}").fetchone()
    except sqlite3.DatabaseError:
        return 0
    copied = 0
    for rowid in range(1, (last or 0) + 1):
        try:
            cursor = source.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,))
            rows = cursor.fetchall()
        except sqlite3.DatabaseError:
            continue
        copied += _insert(target, table, rows, [d[0] for d in cursor.description])
    return copied


def _insert(target: sqlite3.Connection, table: str, rows: list[tuple], names: list[str]) -> int:
    """Insert by column name: a store made before a column was added has fewer columns."""
    if not rows:
        return 0
    marks = ", ".join("?" * len(rows[0]))
    before = target.total_changes
    columns = ", ".join(f'"{name}"' for name in names)
    target.executemany(f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", rows)
    return target.total_changes - before


def _quarantine_unreadable(path: Path) -> list[RowProblem]:
    """Move incident and correction rows that cannot be read back to ``quarantine``."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    moved: list[RowProblem] = []
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute(_QUARANTINE)
        for key, source, data in con.execute("SELECT id, source, data FROM incidents").fetchall():
            try:
                _incident(data)
            except ValueError as err:
                moved.append(RowProblem("incidents", key, source, str(err)))
                con.execute(
                    "INSERT INTO quarantine VALUES ('incidents', ?, ?, ?, ?, ?)",
                    (key, source, data, str(err), now),
                )
                con.execute("DELETE FROM incidents WHERE id = ?", (key,))
        corrections = con.execute(
            "SELECT c.incident_id, i.source, c.place, i.data FROM corrections c "
            "LEFT JOIN incidents i ON i.id = c.incident_id"
        ).fetchall()
        for key, source, place, data in corrections:
            if data is None:
                continue  # its incident is in quarantine or gone; the correction waits for it
            try:
                _apply(_incident(data), place)
            except ValueError as err:
                moved.append(RowProblem("corrections", key, source, str(err)))
                con.execute(
                    "INSERT INTO quarantine VALUES ('corrections', ?, ?, ?, ?, ?)",
                    (key, source, json.dumps({"place": place}), str(err), now),
                )
                con.execute("DELETE FROM corrections WHERE incident_id = ?", (key,))
        con.execute("COMMIT")
    except sqlite3.Error as err:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise StoreUnavailableError(f"{path}: cannot quarantine unreadable rows: {err}") from err
    finally:
        con.close()
    return moved
