"""`printgen serve`: a local web page for people who never open a terminal.

Choose a layout, languages, a venue (or a CSV of venues) and printer offsets; see the page;
download a checked PDF (or a ZIP of one per venue plus the combined file for the print shop)
with the check's verdict, the warnings and the proof sheet. Served on the loopback interface
only, to the holder of the token printed at start-up; every file it makes lives in a
temporary folder of its own and is served by an id.
"""
