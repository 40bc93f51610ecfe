"""Helpers shared by the sub-commands: JSON output, number formatting."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import math
import sys
from typing import Any


def _default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    try:
        import numpy as np

        if isinstance(obj, np.generic):
            return obj.item()
        if isinstance(obj, np.ndarray):
            return obj.tolist()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def _clean(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def to_json(obj: Any) -> str:
    """Serialise results (dataclasses, numpy values) as indented JSON; NaN/inf → null."""
    return json.dumps(_clean(json.loads(json.dumps(obj, default=_default))), indent=2,
                      ensure_ascii=False)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout."""
    sys.stdout.write(to_json(obj) + "\n")


def register_verb_group(
    sub: argparse._SubParsersAction, name: str, verbs: tuple[str, ...], **parser_kwargs: Any
) -> argparse.ArgumentParser:
    """Add the command ``name`` whose verbs live in modules ``sselab.cli.<name>_<verb>``.

    Each verb module exposes ``register(verb_subparsers)``; a verb whose module
    is absent is skipped.  ``sselab NAME`` alone prints the group's help.
    """
    p = sub.add_parser(name, **parser_kwargs)
    verb_sub = p.add_subparsers(dest=f"{name}_command", metavar="VERB", parser_class=type(p))
    for verb in verbs:
        mod_name = f"sselab.cli.{name}_{verb}"
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError as exc:
            if exc.name != mod_name:
                raise
            continue
        mod.register(verb_sub)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])
    return p
