"""The batch command: many venues, languages and layouts from one manifest, in parallel."""

from __future__ import annotations

import os
import re
import sys
import time

import click

from printgen.cli.options import print_shop_from, print_shop_options


def _shard(ctx, param, value):
    if value is None:
        return (1, 1)
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise click.BadParameter(f'found "{value}"; expected K/N with 1 <= K <= N, e.g. 2/4 (the second of four parts)')
    return int(m.group(1)), int(m.group(2))


JOBS_PER_CORE = 4


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@click.command()
@click.argument("manifest_path", metavar="MANIFEST", type=click.Path(dir_okay=False))
@click.option("-j", "--jobs", "workers", type=click.IntRange(1, 512), default=None,
              help="Worker processes (default: one per core). The files are the same whatever the number.")
@click.option("--force", is_flag=True, help="Make every file again, even those whose inputs are unchanged.")
@click.option("--no-verify", is_flag=True, help="Skip reading each PDF back (codes, numbers, fonts) before writing it.")
@click.option("--shard", callback=_shard, metavar="K/N",
              help="Run only the K-th of N disjoint parts (for GNU parallel, a CI matrix, ...).")
@print_shop_options
def batch(manifest_path, workers, force, shard, no_verify, print_shop, output_intent, condition, quantity, paper):
    """Render every layout x language x venue of a MANIFEST (see the README's "Batches")."""
    from printgen.batch.manifest import load_manifest
    from printgen.batch.plan import plan_batch
    from printgen.batch.plan import shard as part
    from printgen.batch.run import Interrupted, Progress, run_batch
    from printgen.errors import CheckFailed, InputError, Problem
    from printgen.signals import terminate_cleanly

    terminate_cleanly()
    if workers is not None and workers > JOBS_PER_CORE * _cores():
        raise InputError(f"--jobs {workers}: this machine has {_cores()} cores; use at most "
                         f"{JOBS_PER_CORE * _cores()} ({JOBS_PER_CORE} per core): more processes only wait for "
                         "each other and take memory")
    start = time.monotonic()
    shop = print_shop_from(print_shop, output_intent, condition, quantity, paper)
    manifest = load_manifest(manifest_path)
    if shop is not None:                # the command line's print-shop settings over the manifest's print_shop
        from dataclasses import replace

        if manifest.sheets != 1 or manifest.offset != (0.0, 0.0) or manifest.back_offset != (0.0, 0.0):
            raise InputError(f"{manifest.file}: --print-shop goes without sheets, offset and back_offset (they are "
                             "for office printers); remove them from the manifest")
        manifest = replace(manifest, print_shop=shop)
    plan = plan_batch(manifest)
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    jobs = part(plan.jobs, *shard)
    progress = Progress(click.echo)
    try:
        tally = run_batch(plan, jobs, workers or _cores(), force, shard, progress, verify=not no_verify)
    except (KeyboardInterrupt, Interrupted) as exc:
        progress.close()
        why = f" ({exc})" if isinstance(exc, Interrupted) else ""
        click.echo(f"interrupted{why}: every file written is complete, none half-written; run the same command "
                   "again to make the rest", err=True)
        sys.exit(130)
    progress.close()
    for text, files in tally.warnings.items():
        click.echo(f"warning: {text}" + (f" ({len(files)} files)" if len(files) > 1 else ""), err=True)
    label = f" {shard[0]}/{shard[1]}" if shard != (1, 1) else ""
    click.echo(f"batch{label}: {tally.written} files written ({tally.pages} pages), {tally.skipped} unchanged "
               f"(skipped), {len(tally.warnings)} warnings, {len(tally.failed)} failed, "
               f"{time.monotonic() - start:.1f} s, into {plan.folder}/")
    if tally.kept:
        click.echo(f"batch{label}: {tally.kept} of the files written were on disk already, byte for byte: "
                   "left as they were (their dates too)")
    if tally.failed:
        by_message: dict[str, list[str]] = {}
        for outcome in tally.failed:
            name = f"{outcome.job.path} ({outcome.job.where})" if outcome.job.where else outcome.job.path
            by_message.setdefault(outcome.error, []).append(name)
        lines = [f"{paths[0]}: {message}" + (f" (and {len(paths) - 1} more files)" if len(paths) > 1 else "")
                 for message, paths in by_message.items()]
        if all(outcome.check_failed for outcome in tally.failed):     # exit status 1: an output was wrong
            raise CheckFailed("\ncheck failed: ".join(lines))
        raise InputError([Problem("", None, None, "", line) for line in lines])
