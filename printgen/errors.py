"""Errors that users see: one line each, with file, line and column where known.

Library code raises these; only the CLI decides exit codes (0 done, 1 a check found the
output wrong, 2 bad input or usage).
"""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(click.ClickException):
    """Bad input or usage: exit status 2. Carries every problem found in one file."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", None, None, "", problems)] if problems else []
        self.problems = list(problems)
        super().__init__("\n".join(_plain(p) for p in self.problems))

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}".replace("\n", "\nerror: "), err=True, file=file)


class CheckFailed(click.ClickException):
    """A check read the output back and found it wrong: exit status 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"check failed: {self.message}", err=True, file=file)


def _plain(problem: Problem) -> str:
    text = str(problem)
    return text[2:] if text.startswith(": ") else text
