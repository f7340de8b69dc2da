"""The command line: a thin click group; each command calls one module.

The group is made here and the commands, defined in the modules beside it, are added to it:
no command module imports the group.

Heavy modules (ReportLab, pydantic, phonenumbers) are imported inside the commands, so
`printgen --help` starts fast.
"""

from __future__ import annotations

import sys

import click

from printgen import __version__
from printgen.cli.batch import batch
from printgen.cli.catalogue import export, validate
from printgen.cli.make import build, calibrate, layouts_command, render
from printgen.cli.read import check, preview, proof
from printgen.cli.serve import serve

EPILOG = """\b
Examples:
  printgen validate
  printgen render wallet-card --lang en -o cards.pdf
  printgen build                   # every shipped layout into output/
  printgen export --format json > catalogue.json
  printgen serve                   # a local web page for volunteers and venues
"""


class Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted: nothing was written", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug, not bad input: say so in one line unless --debug
            from printgen.signals import received

            if isinstance(exc, BrokenPipeError) and _reader_gone():
                _quiet_end()
            if received():        # a library turned the interruption into an error of its own
                click.echo("interrupted: nothing was written", err=True)
                sys.exit(130)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                       err=True)
            sys.exit(3)


CLOSED_PIPE = 141          # 128 + SIGPIPE: what a shell reports for a command its pipe's reader left


def _reader_gone() -> bool:
    """Standard output is a pipe whose reader has closed it (``printgen layouts | head -2``)."""
    import select

    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (AttributeError, OSError, ValueError):
        return False


def _quiet_end() -> None:
    """End as a command whose reader left does: silently, with status 141 (files written so far
    are complete, as on any stop)."""
    _nowhere()
    sys.exit(CLOSED_PIPE)


def _nowhere() -> None:
    """What is still buffered for standard output goes nowhere (instead of failing again on exit)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@click.group(cls=Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="printgen")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx, debug):
    """Print-ready anti-trafficking resource cards, posters and handouts."""
    ctx.obj = {"debug": debug}


for _command in (validate, export, render, build, layouts_command, calibrate, check, proof, preview, batch, serve):
    cli.add_command(_command)


def main():
    """The ``printgen`` command. Once the command is done and its output flushed, the process
    ends without taking the interpreter down object by object (that took 0.07 s of a poster's
    0.39 s, and longer after a batch): its files are written and closed by then. With a child
    process or another thread still running (``printgen serve``), it ends as Python does."""
    try:
        cli(prog_name="printgen")
        code = 0
    except SystemExit as exc:
        code = exc.code
    leave(code)


def leave(code) -> None:
    """End the process with ``code`` (as ``sys.exit`` takes it), skipping the interpreter's teardown
    when nothing else of it runs."""
    import os
    import threading

    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if code == 1 and isinstance(sys.stdout, click.utils.PacifyFlushWrapper):
        code = CLOSED_PIPE              # click's own answer to a closed pipe (printgen --version | ...)
    pool = sys.modules.get("multiprocessing")
    if threading.active_count() > 1 or (pool is not None and pool.active_children()):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        if not _reader_gone():
            sys.exit(code)
        _nowhere()                      # the reader left before the last of the output was written
        code = CLOSED_PIPE
    except (OSError, ValueError):       # as Python would say it
        sys.exit(code)
    os._exit(code)
