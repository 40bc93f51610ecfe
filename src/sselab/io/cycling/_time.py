"""Times in cycler files: durations, local date strings, Excel serials and time zones.

Vendors write test time as seconds or ``hh:mm:ss`` (hours past 24), and wall-clock
dates as naive local strings.  These helpers turn them into seconds and into the
metadata fields of :class:`~sselab.cycling.CyclingMetadata` (UTC start, zone, source).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np

from sselab.errors import InputError, ParseError

_HMS = re.compile(r"^\s*(?:(\d+)\s*(?:d|day|days)[,.\s]*)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d*)?)\s*$")


def hms_to_seconds(values: Sequence[str], name: str, where: str) -> np.ndarray:
    """``hh:mm:ss(.fff)`` (hours may exceed 24; optional ``N d``/``N day,`` prefix) → s."""
    out = np.empty(len(values))
    cache: dict[str, float] = {}
    for k, v in enumerate(values):
        r = cache.get(v)
        if r is None:
            m = _HMS.match(v)
            if m is None:
                try:
                    r = float(v)
                except ValueError:
                    raise ParseError(f"{where}: column {name!r} row {k + 1} holds {v!r}, not a "
                                     "time (hh:mm:ss or seconds)") from None
            else:
                d, h, mi, s = m.groups()
                r = (int(d or 0) * 24 + int(h)) * 3600.0 + int(mi) * 60.0 + float(s)
            if len(cache) < 100_000:
                cache[v] = r
        out[k] = r
    return out


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
                 "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S",
                 "%m/%d/%Y %H:%M:%S.%f", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p",
                 "%d.%m.%Y %H:%M:%S.%f", "%d.%m.%Y %H:%M:%S")


def parse_local_datetime(text: str, formats: Sequence[str] = _DATE_FORMATS) -> datetime | None:
    """A naive datetime from a vendor date string, or None when no format fits."""
    s = text.strip()
    for fmt in formats:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    return None


def datetimes_to_seconds(values: Sequence[str], where: str, name: str,
                         formats: Sequence[str] = _DATE_FORMATS) -> np.ndarray:
    """Naive vendor date strings → seconds since the first one (float64)."""
    if not values:
        return np.zeros(0)
    fmt = None
    for f in formats:
        try:
            datetime.strptime(values[0].strip(), f)
            fmt = f
            break
        except ValueError:
            continue
    if fmt is None:
        raise ParseError(f"{where}: column {name!r} holds {values[0]!r}, not a date-time")
    t0 = datetime.strptime(values[0].strip(), fmt)
    out = np.empty(len(values))
    for k, v in enumerate(values):
        try:
            out[k] = (datetime.strptime(v.strip(), fmt) - t0).total_seconds()
        except ValueError:
            raise ParseError(f"{where}: column {name!r} row {k + 1} holds {v!r}, not a "
                             "date-time like the first row") from None
    return out


def excel_serial_to_datetime(serial: float) -> datetime:
    """Excel/Access 1900-system serial day number → naive datetime."""
    if not np.isfinite(serial) or not (0 < serial < 2_958_466):
        raise ParseError(f"date serial {serial!r} is out of range")
    return datetime(1899, 12, 30) + timedelta(days=float(serial))


def resolve_zone(tz: str | None) -> tuple[Any, str] | None:
    """``"Europe/Oslo"``, ``"UTC"``, ``"+02:00"``, ``"UTC+2"`` → (tzinfo, label)."""
    if tz is None:
        return None
    s = str(tz).strip()
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", s, flags=re.I)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        off = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)) * sign
        return timezone(off), _offset_label(off.total_seconds())
    if s.upper() in ("UTC", "GMT", "Z"):
        return UTC, "UTC"
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(s), s
    except Exception:  # noqa: BLE001 - ZoneInfo raises several kinds
        raise InputError(f"unknown time zone {tz!r}; give an IANA name such as "
                         "'Europe/Oslo' or an offset such as '+02:00'") from None


def _offset_label(seconds: float) -> str:
    sign = "+" if seconds >= 0 else "-"
    m = int(round(abs(seconds) / 60))
    return f"UTC{sign}{m // 60:02d}:{m % 60:02d}"


def naive_start_fields(local: datetime | None, tz: str | None, t0_s: float = 0.0) -> dict[str, Any]:
    """Metadata time fields for a file that writes naive local times.

    ``local`` is the wall-clock time of the first record and ``t0_s`` its ``time_s``; the
    start (``time_s`` = 0) is ``local − t0_s``.
    """
    if local is None:
        return {"timezone_source": "unknown"}
    if t0_s and np.isfinite(t0_s) and abs(t0_s) < 1e10:
        local = local - timedelta(seconds=float(t0_s))
    out: dict[str, Any] = {"start_time_local": local.isoformat()}
    zone = resolve_zone(tz)
    if zone is None:
        out["timezone_source"] = "unknown"
        return out
    tzinfo, label = zone
    aware = local.replace(tzinfo=tzinfo)
    off = aware.utcoffset()
    out.update(start_time_utc=aware.astimezone(UTC), timezone=label,
               utc_offset_s=off.total_seconds() if off is not None else None,
               timezone_source="user")
    return out


def utc_start_fields(start_utc: datetime, local_hint: datetime | None,
                     tz: str | None) -> dict[str, Any]:
    """Time fields for a file that stores UTC; the local zone from the user or a hint.

    ``local_hint`` is a naive local wall-clock time of (about) the same instant, e.g.
    Neware's ``StartTime``; the offset is rounded to 15 min and accepted when the hint is
    within 10 min of an exact quarter-hour offset.
    """
    out: dict[str, Any] = {"start_time_utc": start_utc.astimezone(UTC)}
    zone = resolve_zone(tz)
    if zone is not None:
        tzinfo, label = zone
        off = start_utc.astimezone(tzinfo).utcoffset()
        out.update(timezone=label, utc_offset_s=off.total_seconds() if off else 0.0,
                   timezone_source="user",
                   start_time_local=start_utc.astimezone(tzinfo).replace(tzinfo=None).isoformat())
        return out
    if local_hint is not None:
        diff = (local_hint - start_utc.replace(tzinfo=None)).total_seconds()
        q = round(diff / 900.0) * 900.0
        if abs(diff - q) <= 600.0 and abs(q) <= 14 * 3600:
            out.update(utc_offset_s=q, timezone=_offset_label(q), timezone_source="inferred",
                       start_time_local=(start_utc.replace(tzinfo=None)
                                         + timedelta(seconds=q)).isoformat())
            return out
    out["timezone_source"] = "file"
    out["timezone"] = "UTC"
    out["utc_offset_s"] = None
    return out


