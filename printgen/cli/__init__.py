"""The command line (``printgen``): the group and its commands."""

from printgen.cli.main import cli, main

__all__ = ["cli", "main"]
