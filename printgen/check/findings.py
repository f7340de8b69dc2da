"""What a check found: one finding per distinct thing on a page, the pages of a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    ok: bool
    kind: str           # "code", "number", "address", "font", "boxes"
    message: str
    value: str = ""     # the payload, number or address the finding is about
    count: int = 1      # how many times the page shows it

    def plain(self) -> dict:
        return {"ok": self.ok, "kind": self.kind, "message": self.message, "value": self.value,
                "count": self.count}


@dataclass(frozen=True)
class PageReport:
    page: int                       # 1-based
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


@dataclass(frozen=True)
class PageReports:
    name: str
    pages: tuple[PageReport, ...]

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.pages)

    def problems(self) -> list[tuple[int, Finding]]:
        return [(p.page, f) for p in self.pages for f in p.findings if not f.ok]

    def plain(self) -> dict:
        return {"file": self.name, "ok": self.ok,
                "pages": [{"page": p.page, "ok": p.ok, "findings": [f.plain() for f in p.findings]}
                          for p in self.pages]}
