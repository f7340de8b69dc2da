"""Libraries ReportLab imports whether or not a command uses them, loaded when first used.

ReportLab imports Pillow (``PIL.Image``, for bitmaps) and uharfbuzz (for shaping) as it loads,
about 40 ms of a render's start-up, though a poster in Latin script without a bitmap uses
neither. ``defer()`` puts a stand-in for each in ``sys.modules`` first, so ReportLab's imports
bind the stand-in (``printgen.text.rl_internals`` calls it before importing ReportLab; a
command that reaches ReportLab another way imports both as before). The first attribute read
or set through a stand-in (``Image.open``, ``uharfbuzz.Buffer``) imports the real module,
which then answers every read and takes every value set: a stand-in holds nothing of its own.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

DEFERRED = ("PIL.Image", "uharfbuzz")
_lock = threading.Lock()


class _StandIn(types.ModuleType):
    """A module not yet imported: the first attribute read imports it."""

    def __getattr__(self, attr: str):
        return getattr(self.__dict__.get("_deferred_real") or _real(self), attr)

    def __setattr__(self, attr: str, value) -> None:     # Image.MAX_IMAGE_PIXELS = ...: the real module's
        setattr(_real(self), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(_real(self), attr)

    def __dir__(self):
        return dir(_real(self))


def _real(stand_in: _StandIn) -> types.ModuleType:
    with _lock:
        real = stand_in.__dict__.get("_deferred_real")
        if real is None:
            name = stand_in.__name__
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            real = importlib.import_module(name)      # sets the parent package's attribute to it
            stand_in.__dict__["_deferred_real"] = real
        return real


def defer() -> None:
    """Stand-ins for the modules of ``DEFERRED`` not yet imported (and installed)."""
    for name in DEFERRED:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)     # the parent package (a few ms) is imported
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue                                  # not installed: the importer's own error
        stand_in = _StandIn(name)
        stand_in.__dict__["__spec__"] = spec          # `import name` finds it initialised
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, stand_in)   # `import PIL.Image; PIL.Image.open`


def now() -> None:
    """Import the deferred modules at once (and defer them no more): for a process that will
    import them from several threads (``printgen serve``), where a first import racing another
    one of the same package can fail inside importlib's module locks."""
    for name in DEFERRED:
        module = sys.modules.get(name)
        try:
            if isinstance(module, _StandIn):
                _real(module)
            elif module is None:
                importlib.import_module(name)
        except ImportError:
            continue
