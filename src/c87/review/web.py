"""The review page as a web application on the reviewer's own machine.

Flask routes, served by Waitress on the loopback address only. The address carries a
random token (``http://127.0.0.1:PORT/TOKEN/``) and every request is checked for it:
anything without it, or for another host name (DNS rebinding), or sent from another
origin, gets 403. Writing requests must be JSON and repeat the token in a header, which
a page of another origin cannot send without a preflight c87 never grants. Every answer
forbids framing, caching and referrers, and the page loads nothing but its own files
(Content-Security-Policy), all shipped in the package: it works offline.

The server stops on Ctrl-C, when the page's "Done" button asks, or after ``idle``
seconds without a request.

May import: c87.review.session and the parts below c87.review.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from c87.errors import C87Error

if TYPE_CHECKING:
    from flask import Flask

    from c87.review.session import Review

__all__ = ["Server", "make_app", "start"]

TOKEN_HEADER = "X-C87-Token"
HOST = "127.0.0.1"

_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass
class Activity:
    """When the last request came, so that an idle server can stop."""

    last: float = field(default_factory=time.monotonic)
    stop: threading.Event = field(default_factory=threading.Event)

    def touch(self) -> None:
        self.last = time.monotonic()


def make_app(review: Review, token: str, activity: Activity | None = None) -> Flask:
    """The Flask application of one review, all of it under ``/<token>/``."""
    from flask import Flask, abort, request

    activity = activity or Activity()
    app = Flask(__name__, static_folder=None, template_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024 * 1024)

    @app.before_request
    def _guard() -> None:
        activity.touch()
        refusal = _refusal(request, token)
        if refusal is not None:
            abort(refusal)

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.update(_HEADERS)
        return response

    @app.errorhandler(403)
    def _refused(_error: Any) -> Any:
        return "refused: this address needs the token c87 review printed\n", 403

    _pages(app, review, f"/{token}")
    _api(app, review, f"/{token}/api", activity)
    return app


def _pages(app: Flask, review: Review, prefix: str) -> None:
    """The page and its files, from the package."""
    from flask import jsonify, send_from_directory

    static = str(resources.files("c87.review") / "static")

    @app.get(f"{prefix}/")
    def page() -> Any:
        return send_from_directory(static, "index.html")

    @app.get(f"{prefix}/static/<path:name>")
    def asset(name: str) -> Any:
        return send_from_directory(static, name)

    @app.get(f"{prefix}/api/state")
    def state() -> Any:
        return jsonify(review.state())


def _api(app: Flask, review: Review, prefix: str, activity: Activity) -> None:
    """What the page asks of the server: proposals for a selection, save, a cue, stop."""
    from flask import jsonify, request

    @app.post(f"{prefix}/selection")
    def selection() -> Any:
        body = request.get_json()
        try:
            return jsonify(review.selection(int(body["start"]), int(body["end"])))
        except (KeyError, TypeError, ValueError, C87Error) as exc:
            return jsonify({"error": str(exc)}), 400

    @app.post(f"{prefix}/save")
    def save() -> Any:
        body = request.get_json()
        if not isinstance(body, dict) or not isinstance(body.get("facts"), dict):
            return jsonify({"ok": False, "problems": ["no facts document sent"]}), 400
        try:
            result = review.save(body["facts"])
        except C87Error as exc:
            return jsonify({"ok": False, "problems": [str(exc)]}), 500
        return jsonify({"ok": result.ok, "file": review.output.name,
                        "problems": result.problems}), 200 if result.ok else 422

    @app.post(f"{prefix}/lexicon")
    def lexicon() -> Any:
        body = request.get_json() or {}
        lang = str(body.get("lang") or review.facts.source.language or "en")
        try:
            message = review.add_cue(str(body["type"]), str(body["cue"]), lang)
        except (KeyError, C87Error) as exc:
            return jsonify({"ok": False, "problems": [str(exc)]}), 400
        return jsonify({"ok": True, "message": message})

    @app.post(f"{prefix}/stop")
    def stop() -> Any:
        activity.stop.set()
        return jsonify({"ok": True})


def _refusal(request: Any, token: str) -> int | None:
    """The status a request is refused with (403, 415), or None if it may be answered."""
    first = request.path.split("/", 2)[1] if request.path.count("/") >= 1 else ""
    if not hmac.compare_digest(first.encode(), token.encode()):
        return 403
    if request.host.rsplit(":", 1)[0] not in (HOST, "localhost"):
        return 403  # another name that points here: DNS rebinding
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"http://{request.host}":
        return 403
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return 403
    if request.method not in ("GET", "HEAD"):
        sent = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(sent.encode(), token.encode()):
            return 403
        if not request.is_json:
            return 415
    return None


@dataclass
class Server:
    """A running review server: its address, and how to stop it."""

    url: str
    activity: Activity
    _server: Any
    _thread: threading.Thread

    def wait(self, idle: float | None) -> str:
        """Block until the page asks to stop, ``idle`` seconds pass without a request,
        or Ctrl-C (KeyboardInterrupt, raised to the caller); then stop. Says why."""
        try:
            while not self.activity.stop.wait(1.0 if idle is None else min(1.0, idle)):
                if idle is not None and time.monotonic() - self.activity.last > idle:
                    return "idle"
            return "done"
        finally:
            self.close()

    def close(self) -> None:
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(self._server._map)
        self._thread.join(timeout=5)


def start(review: Review, *, port: int = 0) -> Server:
    """Serve ``review`` on 127.0.0.1 (``port`` 0: any free port) in a background thread."""
    from waitress import create_server

    token = secrets.token_urlsafe(24)
    activity = Activity()
    app = make_app(review, token, activity)
    server = create_server(app, host=HOST, port=port, threads=4, ident="c87")
    thread = threading.Thread(target=server.run, name="c87-review", daemon=True)
    thread.start()
    url = f"http://{HOST}:{server.effective_port}/{token}/"
    return Server(url, activity, server, thread)
