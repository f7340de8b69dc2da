from printgen.cli import cli
