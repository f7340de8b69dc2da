"""The Flask application: the guard on every request, the page, previews, downloads, jobs."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from flask import (
    Flask,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.utils import secure_filename

from printgen.batch.manifest import read_venues_csv
from printgen.batch.plan import plan_batch
from printgen.check.raster import page_pngs
from printgen.errors import InputError
from printgen.render import lay_out
from printgen.web import guard
from printgen.web.catalogue_page import catalogue_view
from printgen.web.choices import Choice, Site, read_choice
from printgen.web.jobs import Job, Pool, Spec, manifest
from printgen.web.work import (
    Made,
    Previews,
    Store,
    language_name,
    make_pdf,
    plain_warning,
)

MAX_UPLOAD = 2 * 1024 * 1024          # bytes in one request; a CSV of 10,000 venues is about 400 KB
IDENT = re.compile(r"^[0-9a-f]{16,32}$")
THUMB_DPI = 18
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
       "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")


def create_app(site: Site, token: str, host: str = guard.LOOPBACK, port: int = 8765, workers: int | None = None,
               store: Store | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD, HOSTS=guard.allowed_hosts(host, port), TOKEN=token)
    state = {"site": site, "store": store or Store(), "previews": Previews(), "pool": None, "cache": {},
             "thumbs": {}, "lock": threading.Lock(), "render": threading.Lock()}
    app.extensions["printgen"] = state
    app.jinja_env.globals.update(language_name=language_name, plain_warning=plain_warning)

    def pool() -> Pool:
        with state["lock"]:
            if state["pool"] is None:
                state["pool"] = Pool(workers)
            return state["pool"]

    @app.before_request
    def _guard():
        if not guard.host_ok(request.headers.get("Host"), app.config["HOSTS"]):
            abort(400, "this server answers only at its own address (127.0.0.1 or localhost and its port)")
        if not guard.token_ok(request.args.get(guard.TOKEN_PARAM), app.config["TOKEN"]):
            abort(403, "the address lacks the right token: open the address printgen serve printed")
        if request.method not in ("GET", "HEAD", "OPTIONS") and not guard.same_origin(
                request.headers.get("Sec-Fetch-Site"), request.headers.get("Origin"), app.config["HOSTS"]):
            abort(403, "this form was sent from another page than printgen's own; nothing was done")

    @app.after_request
    def _headers(response):
        response.headers.update({"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer",
                                 "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
                                 "Cross-Origin-Resource-Policy": "same-origin", "X-Frame-Options": "DENY"})
        return response

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(413)
    def _error(exc):
        why = exc.description if exc.code != 413 else (
            f"the upload is larger than {MAX_UPLOAD // (1024 * 1024)} MB; a venues CSV is far smaller: "
            "check that you chose the right file")
        return render_template("error.html", code=exc.code, name=exc.name, why=why, token=_token()), exc.code

    @app.context_processor
    def _common():
        return {"token": _token(), "site": state["site"], "link": link}

    def link(endpoint: str, **values) -> str:
        return url_for(endpoint, token=app.config["TOKEN"], **values)

    def _token() -> str:
        return app.config["TOKEN"] if guard.token_ok(request.args.get(guard.TOKEN_PARAM), app.config["TOKEN"]) else ""

    def page(choice: Choice, status: int = 200, errors: dict | None = None):
        with state["render"]:
            ident, preview = state["previews"].get(state["site"], choice)
        errors = {**preview.errors, **(errors or {})}
        images = [link("preview_image", ident=ident, number=n) for n in range(1, len(preview.images) + 1)]
        return render_template("index.html", choice=choice, errors=errors, preview=preview, images=images,
                               languages=state["site"].languages), status

    @app.get("/")
    def index():
        choice = read_choice(state["site"], request.args)
        return page(choice, 400 if choice.errors else 200)

    @app.get("/preview")
    def preview_json():
        choice = read_choice(state["site"], request.args)
        with state["render"]:
            ident, preview = state["previews"].get(state["site"], choice)
        return jsonify(images=[link("preview_image", ident=ident, number=n) for n in range(1, len(preview.images) + 1)],
                       pages=preview.pages, warnings=preview.warnings, errors=preview.errors,
                       plain_warnings=[plain_warning(w) for w in preview.warnings],
                       bilingual=state["site"].bilingual(state["site"].layouts[choice.layout])
                       if choice.layout in state["site"].layouts else False)

    @app.get("/preview/<ident>/<int:number>.png")
    def preview_image(ident: str, number: int):
        image = state["previews"].image(ident, number) if IDENT.match(ident) else None
        if image is None:
            abort(404, "this preview is no longer kept; change a choice to make it again")
        return app.response_class(image, mimetype="image/png")

    @app.get("/thumbnail/<name>.png")
    def thumbnail(name: str):
        site = state["site"]
        if name not in site.layouts:
            abort(404, "there is no such layout")
        with state["render"]:
            return _thumbnail(site, name)

    def _thumbnail(site: Site, name: str):
        if name not in state["thumbs"]:
            layout = site.layouts[name]
            try:
                laid_out = lay_out(site.catalogue, layout, site.options(layout.default_lang(site.catalogue.catalogue)))
                state["thumbs"][name] = page_pngs(laid_out.pdf(), THUMB_DPI, first=1)[0]
            except InputError:
                abort(404, "this layout cannot be made from this catalogue")
        return app.response_class(state["thumbs"][name], mimetype="image/png")

    @app.post("/make")
    def make():
        site = state["site"]
        choice = read_choice(site, request.form)
        upload = request.files.get("venues_csv")
        wants_zip = request.form.get("make") == "zip"
        if upload is not None and upload.filename:
            if not wants_zip:
                return page(choice, 400, {"venues_csv": "a CSV makes a file for each venue: press Download ZIP, "
                                                        "or remove the CSV to make one PDF"})
            return _start_job(choice, upload)
        if wants_zip:
            return page(choice, 400, {"venues_csv": "choose a CSV of venues (a name column, a row per venue) "
                                                    "for a ZIP; for one venue, type its name and press Download PDF"})
        with state["render"]:        # one render at a time in this process; lists go to the worker pool
            made = make_pdf(site, choice, state["store"], state["cache"])
        if made.errors:
            return page(choice, 400, made.errors)
        return redirect(link("result", ident=made.id), 303)

    def _start_job(choice: Choice, upload):
        site = state["site"]
        if choice.errors:
            return page(choice, 400)
        if choice.venue:
            return page(choice, 400, {"venue": "a CSV names the venues: leave this empty, or remove the CSV"})
        if pool().busy():
            return page(choice, 503, {"venues_csv": "printgen is busy with other lists; try again in a minute"})
        display = secure_filename(upload.filename) or "venues.csv"
        ident, folder = state["store"].new_folder()
        saved = folder / "venues.csv"
        upload.save(saved)
        try:
            venues = read_venues_csv(saved)
            spec = Spec(str(site.catalogue_path), str(site.layouts_dir), choice.layout, choice.tag,
                        tuple(v.fields for v in venues), tuple(v.where.replace(str(saved), display) for v in venues),
                        display, str(folder), *choice.parsed_offsets, choice.allow_stale,
                        None if site.strings is None else str(site.strings), site.strict, site.allow_fallback)
            plan_batch(manifest(spec))            # the batch's own checks (every field a layout prints) first
        except InputError as exc:
            message = exc.message.replace(str(saved), display)
            return page(choice, 400, {"venues_csv": message})
        job = pool().submit(Job(ident, folder, spec, total=len(venues) + 1))
        state["store"].put(ident, job)
        return redirect(link("job_page", ident=ident), 303)

    def _item(ident: str, kind: type):
        item = state["store"].get(ident) if IDENT.match(ident) else None
        if not isinstance(item, kind):
            abort(404, "nothing is kept under this address (files are kept while printgen serve runs, "
                       "the latest 64)")
        return item

    @app.get("/result/<ident>")
    def result(ident: str):
        return render_template("result.html", made=_item(ident, Made))

    @app.get("/job/<ident>")
    def job_page(ident: str):
        job = _item(ident, Job)
        done, total = job.progress()
        return render_template("job.html", job=job, state=job.state, done=done, total=total,
                               outcome=job.outcome())

    @app.get("/job/<ident>/progress")
    def job_progress(ident: str):
        job = _item(ident, Job)
        done, total = job.progress()
        return jsonify(state=job.state, done=done, total=total)

    @app.post("/job/<ident>/cancel")
    def job_cancel(ident: str):
        _item(ident, Job).cancel()
        return redirect(link("job_page", ident=ident), 303)

    @app.get("/file/<ident>/<kind>")
    def download(ident: str, kind: str):
        item = state["store"].get(ident) if IDENT.match(ident) else None
        files = {}
        if isinstance(item, Job) and item.state == "done":
            files = {k: Path(item.outcome()[k]) for k in ("zip", "proof")}
        elif item is not None and hasattr(item, "files"):
            files = item.files
        if kind not in files:
            abort(404, "no such file here")
        path = files[kind]
        return send_file(path, as_attachment=True, download_name=path.name,
                         mimetype="application/zip" if kind == "zip" else "application/pdf")

    @app.get("/catalogue")
    def catalogue():
        return render_template("catalogue.html", **catalogue_view(state["site"]))

    return app


def close(app: Flask) -> None:
    """Stop the workers and remove every file the server made."""
    state = app.extensions["printgen"]
    if state["pool"] is not None:
        state["pool"].close()
    state["store"].close()

