"""The catalogue in other forms than print: an accessible, self-contained HTML page."""
