"""Credentials for a SPARQL server: from the environment or a netrc file, never from an
argument or the address (:func:`credentials_for`), and basic or digest authentication,
whichever the server asks for (:func:`httpx_auth`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from c87.errors import UsageError

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True)
class Credentials:
    """A user name and password for a server, and where they came from (never shown)."""

    user: str = field(repr=False)
    password: str = field(repr=False)
    source: str
    scheme: str | None = None

    def __str__(self) -> str:
        return f"credentials from {self.source}"


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``url``: from the environment, else a netrc file, else None.

    ``C87_SPARQL_USER`` and ``C87_SPARQL_PASSWORD`` come first; otherwise the netrc file
    (``$NETRC`` or ``~/.netrc``) entry for the URL's host (or its ``default``).
    ``C87_SPARQL_AUTH`` (``basic`` or ``digest``) forces a scheme; by default the one the
    server asks for is used.
    """
    env = os.environ if environ is None else environ
    scheme = env.get("C87_SPARQL_AUTH", "").strip().lower() or None
    if scheme not in (None, "basic", "digest"):
        raise UsageError("C87_SPARQL_AUTH is basic or digest (or unset: whichever the "
                         "server asks for)")
    user, password = env.get("C87_SPARQL_USER"), env.get("C87_SPARQL_PASSWORD")
    if user or password:
        if not user or password is None:
            raise UsageError("set both C87_SPARQL_USER and C87_SPARQL_PASSWORD (or neither, "
                             "to use a netrc file)")
        return Credentials(user, password, "the environment (C87_SPARQL_USER)", scheme)
    import netrc

    path = Path(env.get("NETRC") or Path.home() / ".netrc").expanduser()
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:
        # the parser's message may quote a token of the file, so it is not repeated
        raise UsageError("is not a netrc file c87 can read (is it readable by you alone, "
                         "and well formed?)", path=path, line=exc.lineno) from None
    except OSError as exc:
        raise UsageError(f"cannot read the netrc file: {exc.strerror}", path=path) from None
    if not entry or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "", f"the netrc file {path}", scheme)


def httpx_auth(credentials: Credentials) -> httpx.Auth:
    """httpx's authentication with ``credentials``: their scheme if they name one, else
    the one the server's challenge asks for."""
    import httpx

    class ChallengeAuth(httpx.Auth):
        """Basic or digest authentication, whichever the server's challenge asks for."""

        requires_request_body = True

        def __init__(self) -> None:
            self.scheme = credentials.scheme
            self.basic = httpx.BasicAuth(credentials.user, credentials.password)
            self.digest = httpx.DigestAuth(credentials.user, credentials.password)

        def auth_flow(self, request: httpx.Request) -> Any:
            if self.scheme is None:
                response = yield request
                challenge = response.headers.get("WWW-Authenticate", "")
                scheme = challenge.split(None, 1)[0].lower() if challenge else ""
                if response.status_code != 401 or scheme not in ("basic", "digest"):
                    return
                self.scheme = scheme
            yield from (self.basic if self.scheme == "basic" else self.digest).auth_flow(request)

    return ChallengeAuth()
