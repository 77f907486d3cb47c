"""Helpers for tests that start a child process and signal it."""

from __future__ import annotations

import signal


def sigint_as_at_a_terminal() -> None:
    """``preexec_fn`` of a child that a test stops with SIGINT: Ctrl-C's default disposition, also when
    the suite itself runs in the background (a shell starts background jobs with SIGINT ignored, and
    a child inherits that, so it would never see the signal)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
