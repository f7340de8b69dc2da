"""What several commands share: the catalogue and layouts options, lengths and offsets, and
how a run over many layouts ends."""

from __future__ import annotations

import click

CATALOGUE_HELP = "The catalogue file (default: data/catalogue.yaml)."


def catalogue_option(f):
    return click.option("--catalogue", "catalogue_path", default="data/catalogue.yaml", show_default=True,
                        type=click.Path(dir_okay=False), help=CATALOGUE_HELP)(f)


def layouts_option(f):
    return click.option("--layouts", "layouts_dir", default="layouts", show_default=True,
                        type=click.Path(file_okay=False), help="The folder of layout files.")(f)


def language_options(f):
    """--strings, --strict and --allow-fallback: where printgen's own words come from, and what
    happens to a text the catalogue or the strings lack in the language asked for."""
    f = click.option("--allow-fallback", is_flag=True,
                     help="Render a language the catalogue does not offer (its texts fall back).")(f)
    f = click.option("--strict", is_flag=True,
                     help="Refuse to print any text in another language than the one asked for.")(f)
    return click.option("--strings", "strings_dir", type=click.Path(file_okay=False),
                        help="A folder of <language>.yaml files that override and extend printgen's own "
                             "words (default: strings/ beside the catalogue, if there is one).")(f)


def offset(ctx, param, value):
    """--offset X,Y as two lengths in points, each at most 10 mm either way."""
    if value is None:
        return (0.0, 0.0)
    from printgen.units import offset_length, parse_length

    parts = value.split(",")
    try:
        if len(parts) != 2:
            raise ValueError("")
        parse_length(parts[0]), parse_length(parts[1])
    except ValueError:
        raise click.BadParameter(f'found "{value}"; expected X,Y with units, e.g. 1mm,-0.5mm') from None
    try:
        return offset_length(parts[0]), offset_length(parts[1])
    except ValueError as exc:
        from printgen.errors import InputError

        raise InputError(f"{param.opts[0]} {value}: {exc}") from None


def length(ctx, param, value):
    from printgen.units import parse_length

    try:
        return parse_length(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def end_of_run(wrong: list[str], wrong_why: str, failed: list[str], failed_why: str) -> None:
    """A run over many layouts ends with exit status 1 if a check found one wrong, else 2 if one
    could not be made; every layout's own reason was printed as it came."""
    from printgen.errors import CheckFailed, InputError

    if wrong:
        raise CheckFailed(f"{', '.join(wrong)}: {wrong_why}")
    if failed:
        raise InputError(f"{len(failed)} layouts {failed_why.format(names=', '.join(failed))}")
