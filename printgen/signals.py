"""Ctrl-C, SIGTERM and SIGHUP end a command as an interruption (exit 130), wherever they land.

Each raises KeyboardInterrupt, so temporary files are removed on the way out. A library that
catches the interruption and raises something else in its place (ReportLab does, while it
formats a PDF) must not turn it into an internal error: ``received`` tells the command line
that a signal came.
"""

from __future__ import annotations

import signal

_RECEIVED: list[int] = []


def terminate_cleanly() -> None:
    def handler(signum, frame):
        _RECEIVED.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGHUP, handler)      # the terminal closed: stop as cleanly


def received() -> bool:
    return bool(_RECEIVED)
