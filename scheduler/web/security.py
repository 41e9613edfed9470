"""What keeps the workbench safe on a municipal network (docs/workbench.md, "Security").

* Host header: only the names the server was started for (DNS rebinding).
* Token: with ``--token`` every request but the login form and static files needs
  the session cookie (HttpOnly, SameSite=Strict) that the login form sets, or an
  ``Authorization: Bearer`` header (API clients).
* POST: the Origin and Sec-Fetch-Site headers, when sent, must say "this site", and a
  CSRF token (form field ``csrf`` or header ``X-CSRF-Token``) must equal the CSRF
  cookie (double submit); a valid bearer token stands in for it.
* Every response: CSP ``default-src 'self'`` (inline styles for the SVG charts, no
  inline script), nosniff, frame-ancestors 'none', Referrer-Policy same-origin.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

SESSION_COOKIE = "plooi_session"
CSRF_COOKIE = "plooi_csrf"
LANG_COOKIE = "plooi_lang"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_ENV = "PLOOI_TOKEN"
# Paths open without the token: the login form itself and the static files it needs.
OPEN_PREFIXES = ("/login", "/static/")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Forms and JSON asks are small; only the upload route takes files (and checks its own limit).
UPLOAD_PATH = "/upload"
MAX_FORM_BYTES = 1024 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


class StartRefused(Exception):
    """The server must not start with these settings (said to the user, exit code 2)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_start(host: str, token: str | None, lang: str) -> None:
    """A host other than loopback needs a token; without it the server refuses to start."""
    if is_loopback(host) or token:
        return
    if lang == "nl":
        raise StartRefused(
            f"plooi serve: --host {host} is bereikbaar vanaf het netwerk; geef dan ook "
            f"--token (of zet {TOKEN_ENV}). De server is niet gestart.")
    raise StartRefused(
        f"plooi serve: --host {host} can be reached from the network; give --token as "
        f"well (or set {TOKEN_ENV}). The server did not start.")


@dataclass
class Guard:
    """The security settings of one server."""

    token: str | None
    allowed_hosts: frozenset[str]
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def for_host(cls, host: str, token: str | None, extra: tuple[str, ...] = ()) -> Guard:
        names = {*LOOPBACK_NAMES, *extra}
        if host in ("0.0.0.0", "::", ""):
            names |= _own_names()  # listening everywhere: this machine's own names and IPs
        else:
            names.add(host.strip("[]").lower())
        return cls(token or None, frozenset(n.lower() for n in names))

    def session_value(self) -> str:
        assert self.token is not None
        return hmac.new(self.secret, self.token.encode("utf-8"), hashlib.sha256).hexdigest()

    def token_matches(self, offered: str) -> bool:
        return self.token is not None and hmac.compare_digest(
            offered.encode("utf-8"), self.token.encode("utf-8"))

    def authorised(self, request: Request) -> bool:
        if self.token is None:
            return True
        if self.bearer_ok(request):
            return True
        cookie = request.cookies.get(SESSION_COOKIE, "")
        return hmac.compare_digest(cookie.encode("utf-8"), self.session_value().encode("utf-8"))

    def bearer_ok(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return header.startswith("Bearer ") and self.token_matches(header[7:].strip())

    def host_ok(self, request: Request) -> bool:
        host = request.headers.get("host", "")
        name = urlsplit(f"//{host}").hostname or ""
        return name.lower() in self.allowed_hosts

    def same_origin(self, request: Request) -> bool:
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = request.headers.get("origin")
        if origin is None:
            return True
        return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def _own_names() -> set[str]:
    """The host name, its fully qualified name and the addresses it resolves to."""
    names: set[str] = set()
    try:
        hostname = socket.gethostname()
        names |= {hostname, socket.getfqdn()}
        names |= set(socket.gethostbyname_ex(hostname)[2])
    except OSError:
        pass
    return names


def csrf_of(request: Request) -> str:
    """This browser's CSRF token (set as a cookie on the way out when new)."""
    return str(request.state.csrf)


async def require_csrf(request: Request) -> None:
    """Dependency of every POST route: the form's or header's token equals the cookie's."""
    guard: Guard = request.app.state.guard
    if guard.bearer_ok(request):
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    offered = request.headers.get(CSRF_HEADER, "")
    if not offered and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        offered = value if isinstance(value, str) else ""
    if not cookie or not offered or not hmac.compare_digest(cookie.encode(), offered.encode()):
        raise HTTPException(403, "csrf")


def _refuse(request: Request, status: int, text: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": text}, status_code=status)
    return PlainTextResponse(text, status_code=status)


Next = Callable[[Request], Awaitable[Response]]


async def middleware(request: Request, call_next: Next) -> Response:
    """Host, token, origin checks before any route; security headers on every answer."""
    guard: Guard = request.app.state.guard
    response = await _checked(guard, request, call_next)
    for name, value in HEADERS.items():
        response.headers[name] = value
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict",
                            path="/")
    return response


async def _checked(guard: Guard, request: Request, call_next: Next) -> Response:
    request.state.csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    if not guard.host_ok(request):
        return _refuse(request, 400, "Host not allowed / host niet toegestaan")
    path = request.url.path
    if not path.startswith(OPEN_PREFIXES) and not guard.authorised(request):
        if path.startswith("/api/") or request.method != "GET":
            return _refuse(request, 401, "token required / token nodig")
        return RedirectResponse(f"/login?next={safe_next(path)}", status_code=303)
    if request.method in UNSAFE_METHODS and not guard.same_origin(request):
        return _refuse(request, 403, "cross-origin request refused / verzoek van andere site "
                                     "geweigerd")
    if request.method in UNSAFE_METHODS and path != UPLOAD_PATH:
        length = request.headers.get("content-length")
        if length is None and "transfer-encoding" in request.headers:
            return _refuse(request, 411, "Content-Length required / Content-Length nodig")
        if length is not None and (not length.isdigit() or int(length) > MAX_FORM_BYTES):
            return _refuse(request, 413, "request too large / verzoek te groot")
    return await call_next(request)


def safe_next(path: str) -> str:
    """Only a local path may follow the login (no open redirect)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
