"""What a posting law prescribes, as a layout's ``requires`` says it (validated in
``printgen.layout.schema``; checked against a render in ``printgen.layout.requires``; printed on
the job sheet by ``printgen.jobsheet``). Fields: the schema's classes of the same names."""

from __future__ import annotations

from printgen.source.record import Record


class Alternative(Record):
    """Another size the law allows, with its own smallest text (Kentucky: a 3 x 3 in cling at 10 pt)."""


class Requires(Record):
    """What a posting law prescribes, measured against the rendered output; and what the job
    sheet tells the venue (citation, source, who must post, where).

    Checks what the law's text says; not legal advice.
    """
