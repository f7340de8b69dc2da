"""The command that serves the local web page: serve."""

from __future__ import annotations

import click

from printgen.cli.options import catalogue_option, language_options, layouts_option


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port to listen on (0: any free port).")
@catalogue_option
@layouts_option
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but a loopback address lets other machines reach "
                   "the page (with the token): only on a network you trust.")
@click.option("--workers", type=click.IntRange(1, 16), help="Processes for lists of venues (default: cores - 1).")
@language_options
def serve(port, catalogue_path, layouts_dir, open_browser, host, workers, strings_dir, strict, allow_fallback):
    """Serve a local web page to choose, preview and download checked PDFs, without a terminal.

    Prints the page's address, with a token that every request needs; stop with Ctrl-C.
    """
    import logging
    import threading

    from werkzeug.serving import make_server

    from printgen.deferred import now
    from printgen.signals import terminate_cleanly
    from printgen.web import guard
    from printgen.web.app import close, create_app
    from printgen.web.choices import Site

    terminate_cleanly()               # Ctrl-C and SIGTERM stop it, removing what it made
    now()                             # Pillow and uharfbuzz imported here, not first in a request's thread
    # and pydantic's schemas (a strings file or a layout may be validated in a request's thread,
    # even when the catalogue came from the cache): a first import racing another can fail
    import printgen.batch.schema  # noqa: F401
    import printgen.catalogue.schema  # noqa: F401
    import printgen.language.schema  # noqa: F401
    import printgen.layout.schema  # noqa: F401
    site = Site.load(catalogue_path, layouts_dir, strings_dir, strict, allow_fallback)
    if not guard.is_loopback(host):
        click.echo(f"warning: --host {host}: the page can be reached from other machines (with the token); "
                   "its traffic is not encrypted. Use 127.0.0.1 unless you must.", err=True)
    token = guard.new_token()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)     # request lines would carry the token
    listener = _listen(host, port)
    port = listener.getsockname()[1]
    server = make_server(host, port, None, threaded=True, fd=listener.fileno())
    app = create_app(site, token, host, port, workers)
    server.app = app
    shown = "localhost" if host == guard.LOOPBACK else host
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/?{guard.TOKEN_PARAM}={token}"
    click.echo(f"printgen serves {site.catalogue.catalogue.id} ({len(site.layouts)} layouts) at:\n\n    {url}\n\n"
               f"Open that address in a browser on this computer ({shown} works too, with the same token). "
               "Stop with Ctrl-C.")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    # the server runs in a thread of its own: a signal lands in the main thread while it waits
    # here, never in the middle of starting a request's thread (which could leave that thread's
    # locks half-released and the server unable to stop)
    serving = threading.Thread(target=server.serve_forever, name="printgen-serve", daemon=True)
    serving.start()
    try:
        while serving.is_alive():
            serving.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        close(app)
        click.echo("stopped; the files printgen made were removed", err=True)


def _listen(host: str, port: int):
    """A listening socket of our own, so a port that cannot be had is one line (exit 2)."""
    import socket

    from printgen.errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise InputError(f"--port {port}: cannot listen on {host}:{port} ({exc.strerror}); choose another port, "
                         "or 0 for any free one (or --host 127.0.0.1)") from None
    return sock
