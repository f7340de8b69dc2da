"""The command line: a thin click group; each command calls one module.

Heavy modules (ReportLab, pydantic, phonenumbers) are imported inside the commands, so
`printgen --help` starts fast.
"""

from __future__ import annotations

import sys

import click

from printgen import __version__

CATALOGUE_HELP = "The catalogue file (default: data/catalogue.yaml)."
EPILOG = """\b
Examples:
  printgen validate
  printgen render wallet-card --lang en -o cards.pdf
  printgen build                   # every shipped layout into output/
  printgen export --format json > catalogue.json
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

            if received():        # a library turned the interruption into an error of its own
                click.echo("interrupted: nothing was written", err=True)
                sys.exit(130)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                       err=True)
            sys.exit(3)


def catalogue_option(f):
    return click.option("--catalogue", "catalogue_path", default="data/catalogue.yaml", show_default=True,
                        type=click.Path(dir_okay=False), help=CATALOGUE_HELP)(f)


@click.group(cls=Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="printgen")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx, debug):
    """Print-ready anti-trafficking resource cards, posters and handouts."""
    ctx.obj = {"debug": debug}


@cli.command()
@catalogue_option
@click.option("--layouts", "layouts_dir", default="layouts", show_default=True, type=click.Path(file_okay=False),
              help="The layouts whose selections are reported.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 2).")
def validate(catalogue_path, layouts_dir, strict):
    """Check the catalogue, report what it holds and what is missing, and what each layout shows."""
    from pathlib import Path

    from printgen.catalogue.model import load_catalogue, today
    from printgen.errors import InputError
    from printgen.reports.validate import validate_report
    from printgen.reports.shipped import layout_table

    catalogue = load_catalogue(catalogue_path)
    report = validate_report(catalogue, today())
    table, table_warnings = layout_table(catalogue, Path(layouts_dir))
    report.warnings.extend(table_warnings)
    for line in report.lines + table:
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if strict and report.warnings:
        raise InputError(f"{catalogue_path}: {len(report.warnings)} warnings, and --strict makes them errors")
    click.echo(f"ok: {len(report.warnings)} warnings")


@cli.command()
@catalogue_option
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(catalogue_path, fmt):
    """Write the normalised catalogue (display, dial and QR forms of every contact) to stdout."""
    import json

    from printgen.catalogue.model import load_catalogue
    from printgen.catalogue.export import to_plain

    click.echo(json.dumps(to_plain(load_catalogue(catalogue_path)), ensure_ascii=False, indent=2))


def main():
    cli(prog_name="printgen")


from printgen.cli import make as commands_render  # noqa: E402,F401  (registers render, build, layouts, calibrate)
from printgen.cli import batch as commands_batch  # noqa: E402,F401  (registers batch)
from printgen.cli import read as commands_check  # noqa: E402,F401  (registers check, proof, preview)
