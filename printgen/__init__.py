"""printgen: print-ready anti-trafficking resource cards, posters and handouts."""

__version__ = "0.1.0"
