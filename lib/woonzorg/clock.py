"""The build date and the time zone: read from the environment once, checked, with a Dutch error.

``SOURCE_DATE_EPOCH`` (reproducible builds) must be a whole number of seconds; ``TZ`` must name a
zone that Python's datetime can use (``TZ=UTC+99`` makes the C library's offset 24 hours, which
datetime and the Jupyter kernels refuse).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Mapping

_EPOCH = re.compile(r"^[0-9]{1,11}$")  # up to the year 5138: enough, and never an overflow


class ClockError(ValueError):
    """A date or time zone setting that cannot be used; the message is for users (Dutch)."""


def check_timezone() -> None:
    """Raise :class:`ClockError` when ``TZ`` gives an offset that datetime cannot represent."""
    if hasattr(time, "tzset"):  # POSIX: read TZ as it is now (a test or caller may have changed it)
        time.tzset()
    for offset in (time.timezone, time.altzone):
        if abs(offset) >= 24 * 3600:
            raise ClockError(
                f"de tijdzone TZ={os.environ.get('TZ', '')!r} is ongeldig (een verschil met UTC van 24 uur of meer); "
                "gebruik bijvoorbeeld TZ=Europe/Amsterdam of laat TZ leeg")
    try:
        dt.datetime.now().astimezone()
    except (ValueError, OverflowError, OSError) as exc:
        raise ClockError(f"de tijdzone TZ={os.environ.get('TZ', '')!r} is ongeldig ({exc})") from None


def source_date(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """The moment ``$SOURCE_DATE_EPOCH`` sets (UTC), None when unset or empty; :class:`ClockError` when invalid."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not _EPOCH.match(epoch):
        raise ClockError(f"SOURCE_DATE_EPOCH={epoch[:30]!r} is geen tijdstip; verwacht een geheel aantal seconden "
                         "sinds 1 januari 1970 (bijvoorbeeld 1735689600), of laat het leeg")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)


def build_date(environ: Mapping[str, str] | None = None) -> str:
    """``YYYY-MM-DD HH:MM``: ``$SOURCE_DATE_EPOCH`` when set, else now in the local zone (checked)."""
    when = source_date(environ)
    if when is None:
        check_timezone()
        when = dt.datetime.now()
    return when.strftime("%Y-%m-%d %H:%M")


def peiljaar(environ: Mapping[str, str] | None = None) -> int:
    """The build's one peiljaar: the year of the build date (every page of a region counts from it)."""
    return int(build_date(environ)[:4])


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """The build's day: ``$SOURCE_DATE_EPOCH``'s (UTC) when set, else today. A widget that proposes a date
    uses it, so that a build under a fixed epoch gives the same workbook on any day."""
    when = source_date(environ)
    return when.date() if when is not None else dt.date.today()


def check_environment() -> None:
    """Check every clock setting a build uses, before any work starts (:class:`ClockError`)."""
    source_date()
    check_timezone()
