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


def print_shop_options(f):
    """--print-shop and what goes with it (render, build, batch)."""
    f = click.option("--paper", help="Print shop: the paper, as the job sheet should name it (e.g. \"14 pt matte "
                                     "card\"; default: a suggestion to agree with the shop).")(f)
    f = click.option("--quantity", type=click.IntRange(1, 10_000_000),
                     help="Print shop: how many copies, for the job sheet.")(f)
    f = click.option("--condition", help="Print shop: the printing condition of the profile, e.g. FOGRA39 or "
                                         "\"CGATS TR 006\" (GRACoL); ask the shop.")(f)
    f = click.option("--output-intent", "output_intent", type=click.Path(dir_okay=False),
                     help="Print shop: the shop's CMYK ICC output profile (.icc), embedded as the output intent.")(f)
    f = click.option("--print-shop", "print_shop", is_flag=True,
                     help="Files for a print shop: CMYK only, bleed, crop marks, TrimBox and BleedBox, an output "
                          "intent, PDF/X-4 identification, and a job sheet beside each PDF.")(f)
    return f


def print_shop_from(print_shop: bool, output_intent, condition, quantity, paper):
    """The print-shop settings of a command (None without --print-shop)."""
    from printgen.errors import InputError

    if not print_shop:
        if output_intent or condition or quantity or paper:
            raise InputError("--output-intent, --condition, --quantity and --paper go with --print-shop")
        return None
    if not output_intent:
        raise InputError("--print-shop needs --output-intent FILE (the shop's CMYK ICC profile) and --condition "
                         "NAME; printgen ships no press profile: ask the shop for theirs")
    from printgen.printshop import load_print_shop

    return load_print_shop(output_intent, condition, quantity, paper)
