"""Which printed entries are past their review date (a render refuses them unless
``--allow-stale``; validate lists those due soon)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from printgen.catalogue.model import Catalogue, today  # noqa: F401  (today: where callers find it)


@dataclass(frozen=True)
class Stale:
    resource_id: str
    verified: dt.date
    due: dt.date


def stale_entries(catalogue: Catalogue, today: dt.date, resources=None) -> list[Stale]:
    """Entries past their review date (``verified`` + ``review_every_days``)."""
    pool = resources if resources is not None else [r for _, r in catalogue.resources()]
    return [Stale(r.id, catalogue.verified_on(r), catalogue.review_due(r))
            for r in pool if catalogue.review_due(r) < today]
