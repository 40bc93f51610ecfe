"""Run a plan: hash inputs, skip what is stored, analyse the rest, stream results into the store.

The client process (this one) hashes every input, drops those whose key
(sha256, analysis, parameters hash) is already in the database, and hands the rest to
:func:`execute_task` — here, in order, or on Dask workers.  Each outcome is written as it
arrives, in its own transaction, by this process only.  A failing input is recorded in
``errors`` and the batch goes on; it is not retried on a later run unless asked
(``retry_failed``), so that a re-run of a finished campaign skips every input.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sselab.batch.analyses import ANALYSES, AnalysisOutput
from sselab.batch.plan import Plan, parameters_hash, parameters_json, sample_name
from sselab.batch.store import Store


@dataclass(frozen=True)
class Task:
    """One input to analyse (picklable: shipped to Dask workers)."""

    path: str
    sha256: str
    size: int
    group: str
    analysis: str
    options: dict[str, Any]
    sample: dict[str, Any]
    params_json: str
    params_hash: str
    timeout_s: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """The skip key (sha256, analysis, parameters hash)."""
        return (self.sha256, self.analysis, self.params_hash)


@dataclass(frozen=True)
class TaskOutcome:
    """What :func:`execute_task` returns: the output, or the error it met."""

    output: AnalysisOutput | None
    error_type: str = ""
    message: str = ""
    seconds: float = 0.0


@dataclass
class BatchSummary:
    """Counts of a batch run."""

    run_id: int
    n_inputs: int = 0
    n_analysed: int = 0
    n_skipped: int = 0
    n_failed: int = 0
    n_duplicate: int = 0
    seconds: float = 0.0
    db_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {"run_id": self.run_id, "inputs": self.n_inputs, "analysed": self.n_analysed,
                "skipped": self.n_skipped, "failed": self.n_failed,
                "already_stored": self.n_duplicate, "seconds": round(self.seconds, 3),
                "db_write_seconds": round(self.db_seconds, 4), "errors": self.errors}


def file_sha256(path: str | Path) -> tuple[str, int]:
    """sha256 (hex) and size in bytes of a file."""
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


def virtual_sha256(analysis: str, options: dict[str, Any], params_json: str) -> str:
    """Identity of an input without a file: its parameters and the files its options name."""
    h = hashlib.sha256(params_json.encode())
    for k in ANALYSES[analysis].path_options:
        v = options.get(k)
        if isinstance(v, str) and Path(v).is_file():
            h.update(file_sha256(v)[0].encode())
    return h.hexdigest()


def execute_task(task: Task) -> TaskOutcome:
    """Run one task's analysis; an analysis error becomes part of the outcome (not raised).

    With ``task.timeout_s`` the analysis is stopped after that many seconds and recorded as
    failed (``TaskTimeout``: "timed out after N s"); see :mod:`sselab.batch.timeout`.
    """
    from sselab.batch.timeout import TaskTimeout, call_with_timeout

    t0 = time.perf_counter()
    try:
        out = call_with_timeout(ANALYSES[task.analysis].func,
                                (task.path, task.options, task.sample), task.timeout_s)
    except (KeyboardInterrupt, SystemExit):
        raise
    except TaskTimeout as exc:
        return TaskOutcome(None, "TaskTimeout", f"{exc} (timeout_s of group {task.group!r})",
                           time.perf_counter() - t0)
    except Exception as exc:
        from sselab.errors import SselabError

        msg = str(exc) if isinstance(exc, SselabError) else (
            f"{exc}\n{''.join(traceback.format_exception(exc, limit=-3))}")
        return TaskOutcome(None, type(exc).__name__, msg, time.perf_counter() - t0)
    return TaskOutcome(out, seconds=time.perf_counter() - t0)


def plan_tasks(plan: Plan, store: Store, run_id: int, retry_failed: bool = False
               ) -> tuple[list[Task], int, int, list[str]]:
    """Tasks still to run, the number skipped, the number failed on hashing, their messages."""
    done = store.done_keys()
    failed = set() if retry_failed else store.failed_keys()
    tasks: list[Task] = []
    queued: set[tuple[str, str, str]] = set()
    skipped = n_bad = 0
    msgs: list[str] = []
    for g in plan.groups:
        timeout_s = plan.group_timeout_s(g)
        for inp in g.inputs:
            pj = parameters_json(g.analysis, g.options, inp.sample)
            ph = parameters_hash(pj)
            try:
                sha, size = ((virtual_sha256(g.analysis, g.options, pj), 0) if inp.virtual
                             else file_sha256(inp.path))
            except OSError as exc:
                store.record_error(run_id=run_id, path=str(inp.path), sha256=None,
                                   analysis=g.analysis, params_hash=ph, group=g.name,
                                   error_type="OSError", message=f"cannot read: {exc.strerror}")
                n_bad += 1
                msgs.append(f"{inp.path}: cannot read: {exc.strerror}")
                continue
            key = (sha, g.analysis, ph)
            if key in done or key in failed or key in queued:
                skipped += 1
                continue
            queued.add(key)
            tasks.append(Task(str(inp.path), sha, size, g.name, g.analysis, g.options,
                              inp.sample, pj, ph, timeout_s))
    return tasks, skipped, n_bad, msgs


def run_batch(plan: Plan, db: str | Path, *, client: Any = None, retry_failed: bool = False,
              executor: str = "sequential",
              on_outcome: Callable[[Task, TaskOutcome | None, BatchSummary], None] | None = None,
              chunk_size: int | None = None) -> BatchSummary:
    """Run every input of ``plan`` not yet in the database ``db``.

    Parameters
    ----------
    plan : Plan
    db : path
        SQLite file (created when absent).
    client : dask.distributed.Client, optional
        Run tasks on this Dask cluster (results still written here, as they complete).
    retry_failed : bool
        Also re-run inputs recorded as failed before.
    on_outcome : callable, optional
        ``on_outcome(task, outcome, summary)`` after each stored outcome (progress, tests).
    chunk_size : int, optional
        Inputs per Dask task (default: a few per worker thread, at most 16; 1 for long
        analyses such as phase-field runs).
    """
    from sselab._version import __version__
    from sselab.batch.executor import map_as_completed

    t0 = time.perf_counter()
    with Store(db) as store:
        run_id = store.start_run(version=__version__, plan_path=str(plan.path),
                                 plan_sha256=plan.sha256, campaign=plan.name,
                                 executor=executor, n_inputs=plan.n_inputs)
        summ = BatchSummary(run_id=run_id, n_inputs=plan.n_inputs)
        status = "interrupted"
        try:
            tasks, summ.n_skipped, summ.n_failed, summ.errors = plan_tasks(
                plan, store, run_id, retry_failed)
            for i, outcome, exc in map_as_completed(execute_task, tasks, client,
                                                    chunk_size=chunk_size):
                task = tasks[i]
                if exc is not None:  # infrastructure failure (e.g. KilledWorker after retries)
                    outcome = TaskOutcome(None, type(exc).__name__, str(exc))
                _store_outcome(store, run_id, task, outcome, summ)
                if on_outcome:
                    on_outcome(task, outcome, summ)
            status = "finished"
        finally:
            summ.seconds = time.perf_counter() - t0
            store.finish_run(run_id, n_analysed=summ.n_analysed, n_skipped=summ.n_skipped,
                             n_failed=summ.n_failed, status=status)
    return summ


def _store_outcome(store: Store, run_id: int, task: Task, outcome: TaskOutcome,
                   summ: BatchSummary) -> None:
    t = time.perf_counter()
    if outcome.output is None:
        store.record_error(run_id=run_id, path=task.path, sha256=task.sha256,
                           analysis=task.analysis, params_hash=task.params_hash,
                           group=task.group, error_type=outcome.error_type,
                           message=outcome.message)
        summ.n_failed += 1
        summ.errors.append(f"{task.path}: {outcome.error_type}: {outcome.message.splitlines()[0]}"
                           if outcome.message else f"{task.path}: {outcome.error_type}")
    else:
        out = outcome.output
        new = store.record_result(
            run_id=run_id, path=task.path, sha256=task.sha256, size=task.size,
            analysis=task.analysis, params_hash=task.params_hash, params_json=task.params_json,
            group=task.group, sample=task.sample, sample_name=sample_name(task.sample),
            reader=out.reader, fmt=out.format, values=out.values, seconds=outcome.seconds,
            warnings=out.warnings, details=out.details)
        if new:
            summ.n_analysed += 1
        else:
            summ.n_duplicate += 1
    summ.db_seconds += time.perf_counter() - t
