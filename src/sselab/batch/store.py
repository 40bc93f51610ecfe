"""The campaign results store: one SQLite file (stdlib :mod:`sqlite3`).

Tables (append-only: sselab never issues DELETE or DROP on them)

* ``runs``         — one row per ``sselab batch`` run: sselab version, plan, started/finished (UTC);
* ``samples``      — name (unique), composition, x, y, treatment, facts as JSON (SI units);
* ``measurements`` — input files: path, sha256, size, reader, format (unique on path + sha256);
* ``parameters``   — parameters hash → canonical JSON (analysis, options, sample facts);
* ``analyses``     — one analysed input: measurement, sample, parameters, run, time, details;
                     **unique on (sha256, analysis, parameters_hash)** — the skip key;
* ``results``      — name, value, unit, stderr per analysis;
* ``errors``       — inputs that failed: path, sha256, analysis, error type and message.

Each analysed input is written in ONE transaction (measurement, sample, analysis and its
results together), so an interrupted run never leaves half a record and resumes by
skipping what is stored.  Only the client process writes (single writer).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sselab.errors import DataError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  sselab_version TEXT NOT NULL,
  plan_path TEXT, plan_sha256 TEXT, campaign TEXT,
  executor TEXT,
  started_utc TEXT NOT NULL, finished_utc TEXT,
  n_inputs INTEGER, n_analysed INTEGER, n_skipped INTEGER, n_failed INTEGER,
  status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE IF NOT EXISTS samples (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  composition TEXT, x REAL, y REAL, treatment TEXT,
  facts_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS measurements (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER,
  reader TEXT, format TEXT,
  first_run_id INTEGER REFERENCES runs(id),
  UNIQUE (path, sha256)
);
CREATE TABLE IF NOT EXISTS parameters (
  hash TEXT PRIMARY KEY, analysis TEXT NOT NULL, json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS analyses (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL, analysis TEXT NOT NULL,
  parameters_hash TEXT NOT NULL REFERENCES parameters(hash),
  measurement_id INTEGER NOT NULL REFERENCES measurements(id),
  sample_id INTEGER REFERENCES samples(id),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  grp TEXT, seconds REAL, created_utc TEXT NOT NULL,
  warnings_json TEXT, details_json TEXT,
  UNIQUE (sha256, analysis, parameters_hash)
);
CREATE TABLE IF NOT EXISTS results (
  id INTEGER PRIMARY KEY,
  analysis_id INTEGER NOT NULL REFERENCES analyses(id),
  name TEXT NOT NULL, value REAL, unit TEXT NOT NULL, stderr REAL,
  UNIQUE (analysis_id, name)
);
CREATE TABLE IF NOT EXISTS errors (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  path TEXT NOT NULL, sha256 TEXT, analysis TEXT, parameters_hash TEXT, grp TEXT,
  error_type TEXT NOT NULL, message TEXT NOT NULL, created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS errors_key ON errors (sha256, analysis, parameters_hash);
CREATE VIEW IF NOT EXISTS results_flat AS
  SELECT r.id AS result_id, a.id AS analysis_id, a.analysis, a.grp AS "group",
         s.name AS sample, s.composition, s.x, s.y, s.treatment,
         m.path, m.sha256, m.format, r.name, r.value, r.unit, r.stderr,
         a.parameters_hash, a.run_id, a.created_utc
  FROM results r JOIN analyses a ON r.analysis_id = a.id
  JOIN measurements m ON a.measurement_id = m.id
  LEFT JOIN samples s ON a.sample_id = s.id;
"""

TABLES = ("runs", "samples", "measurements", "parameters", "analyses", "results", "errors")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _real(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


class Store:
    """An open results database (the single writer).

    Parameters
    ----------
    path : str or Path
        SQLite file; created with the schema when absent.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            raise DataError(f"folder of the database {self.path} does not exist")
        try:
            self.con = sqlite3.connect(str(self.path), isolation_level=None, timeout=30.0)
            self.con.execute("PRAGMA journal_mode=WAL")
            self.con.execute("PRAGMA synchronous=NORMAL")
            self.con.execute("PRAGMA foreign_keys=ON")
            self.con.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{self.path} is not a usable sselab results database: {exc}") from None
        row = self.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise DataError(f"{self.path} has schema version {row[0]}, newer than this sselab "
                            f"({SCHEMA_VERSION}); upgrade sselab")

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ runs

    def start_run(self, *, version: str, plan_path: str = "", plan_sha256: str = "",
                  campaign: str = "", executor: str = "sequential", n_inputs: int = 0) -> int:
        """Insert a ``runs`` row; returns its id."""
        cur = self.con.execute(
            "INSERT INTO runs (sselab_version, plan_path, plan_sha256, campaign, executor, "
            "started_utc, n_inputs) VALUES (?,?,?,?,?,?,?)",
            (version, plan_path, plan_sha256, campaign, executor, _now(), n_inputs))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, *, n_analysed: int, n_skipped: int, n_failed: int,
                   status: str = "finished") -> None:
        """Close a run with its counts."""
        self.con.execute(
            "UPDATE runs SET finished_utc=?, n_analysed=?, n_skipped=?, n_failed=?, status=? "
            "WHERE id=?", (_now(), n_analysed, n_skipped, n_failed, status, run_id))

    # ------------------------------------------------------------------ skip keys

    def done_keys(self) -> set[tuple[str, str, str]]:
        """(sha256, analysis, parameters_hash) of every stored analysis."""
        return set(self.con.execute("SELECT sha256, analysis, parameters_hash FROM analyses"))

    def failed_keys(self) -> set[tuple[str, str, str]]:
        """Keys of inputs that failed before (any run)."""
        return set(self.con.execute(
            "SELECT sha256, analysis, parameters_hash FROM errors WHERE sha256 IS NOT NULL"))

    # ------------------------------------------------------------------ writes

    def _sample_id(self, sample: dict[str, Any], name: str) -> int:
        facts = json.dumps(sample, sort_keys=True, ensure_ascii=False)
        row = self.con.execute("SELECT id, facts_json FROM samples WHERE name=?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self.con.execute(
            "INSERT INTO samples (name, composition, x, y, treatment, facts_json) "
            "VALUES (?,?,?,?,?,?)",
            (name, sample.get("composition"), _real(sample.get("x")), _real(sample.get("y")),
             sample.get("treatment"), facts))
        return int(cur.lastrowid)

    def _measurement_id(self, path: str, sha256: str, size: int | None, reader: str, fmt: str,
                        run_id: int) -> int:
        self.con.execute(
            "INSERT OR IGNORE INTO measurements (path, sha256, size_bytes, reader, format, "
            "first_run_id) VALUES (?,?,?,?,?,?)", (path, sha256, size, reader, fmt, run_id))
        self.con.execute(
            "UPDATE measurements SET reader=COALESCE(reader, ?), format=COALESCE(format, ?) "
            "WHERE path=? AND sha256=?", (reader, fmt, path, sha256))
        return int(self.con.execute("SELECT id FROM measurements WHERE path=? AND sha256=?",
                                    (path, sha256)).fetchone()[0])

    def record_result(self, *, run_id: int, path: str, sha256: str, size: int | None,
                      analysis: str, params_hash: str, params_json: str, group: str,
                      sample: dict[str, Any], sample_name: str, reader: str, fmt: str,
                      values: Iterable[Any], seconds: float, warnings: Iterable[str] = (),
                      details: dict[str, Any] | None = None) -> bool:
        """Store one analysed input in one transaction; False if its key was already stored."""
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("SELECT 1 FROM analyses WHERE sha256=? AND analysis=? AND "
                           "parameters_hash=?", (sha256, analysis, params_hash)).fetchone():
                con.execute("ROLLBACK")
                return False
            con.execute("INSERT OR IGNORE INTO parameters VALUES (?,?,?)",
                        (params_hash, analysis, params_json))
            sid = self._sample_id(sample, sample_name)
            mid = self._measurement_id(path, sha256, size, reader, fmt, run_id)
            cur = con.execute(
                "INSERT INTO analyses (sha256, analysis, parameters_hash, measurement_id, "
                "sample_id, run_id, grp, seconds, created_utc, warnings_json, details_json) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (sha256, analysis, params_hash, mid, sid, run_id, group, seconds, _now(),
                 json.dumps(list(warnings), ensure_ascii=False),
                 json.dumps(details or {}, ensure_ascii=False, default=str)))
            aid = cur.lastrowid
            con.executemany(
                "INSERT INTO results (analysis_id, name, value, unit, stderr) VALUES (?,?,?,?,?)",
                [(aid, v.name, _real(v.value), v.unit, _real(v.stderr)) for v in values])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return True

    def record_error(self, *, run_id: int, path: str, sha256: str | None, analysis: str,
                     params_hash: str, group: str, error_type: str, message: str) -> None:
        """Append one failure (its own transaction)."""
        self.con.execute("BEGIN IMMEDIATE")
        try:
            self.con.execute(
                "INSERT INTO errors (run_id, path, sha256, analysis, parameters_hash, grp, "
                "error_type, message, created_utc) VALUES (?,?,?,?,?,?,?,?,?)",
                (run_id, path, sha256, analysis, params_hash, group, error_type, message, _now()))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ reads

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        return {t: int(self.con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in TABLES}


def open_existing(path: str | Path) -> sqlite3.Connection:
    """Read-only connection to an existing database (for export, query and report)."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"no results database at {p}; create one with 'sselab batch PLAN.toml "
                        f"--db {p}'")
    try:
        con = sqlite3.connect(f"file:{p.resolve()}?mode=ro", uri=True)
        con.execute("SELECT COUNT(*) FROM analyses").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DataError(f"{p} is not an sselab results database: {exc}") from None
    return con
