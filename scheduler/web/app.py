"""The workbench's application: configuration, templates, security, routes.

:func:`create_app` builds a FastAPI app around one :class:`Config`; ``plooi serve``
runs it with uvicorn, the tests with the framework's TestClient. FastAPI's own
/docs and /redoc pages (which load scripts from a CDN) are off; /openapi.json
describes the JSON API only.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FunctionLoader, StrictUndefined
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from scheduler import weeks
from scheduler.report import numbers
from scheduler.web import security
from scheduler.web.catalog import Catalog, secret
from scheduler.web.jobs import JobManager
from scheduler.web.texts import stage_text, words

DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024


@dataclass
class Config:
    paths: list[Path] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 8765
    lang: str = "nl"
    jobs: int = 1
    token: str | None = None
    workspace: Path | None = None  # where variants of the demo and of uploads are saved
    upload_limit: int = DEFAULT_UPLOAD_LIMIT
    time_limit: float | None = None  # None: each scenario's own policy
    include_demo: bool = True
    allowed_hosts: tuple[str, ...] = ()


def _template_source(name: str) -> str:
    return (resources.files("scheduler.web") / "templates" / name).read_text("utf-8")


def environment() -> Environment:
    env = Environment(loader=FunctionLoader(_template_source), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["week"] = weeks.format_week
    env.globals["stage_text"] = stage_text
    env.globals["money"] = numbers.money
    return env


def create_app(config: Config) -> FastAPI:
    """The workbench for ``config``; nothing is solved until a user asks."""
    from scheduler.commands.common import demo_path
    from scheduler.web import api, pages

    workspace = config.workspace or Path.cwd()
    uploads = Path(tempfile.mkdtemp(prefix="plooi-uploads-"))
    catalog = Catalog(secret(), workspace)
    if config.include_demo:
        catalog.add(demo_path(), "demo", "Demo Eindhoven")
    catalog.discover(config.paths)
    manager = JobManager(config.jobs)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        manager.shutdown()

    app = FastAPI(title="plooi workbench API", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan)
    app.state.config = config
    app.state.catalog = catalog
    app.state.jobs = manager
    app.state.uploads = uploads
    app.state.guard = security.Guard.for_host(config.host, config.token, config.allowed_hosts)
    app.state.templates = environment()
    app.middleware("http")(security.middleware)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("scheduler.web", "static")]), name="static")
    app.exception_handler(HTTPException)(_http_error)
    app.exception_handler(pages.UploadTooLarge)(pages.upload_refused)
    return app


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(security.LANG_COOKIE)
    if asked in ("nl", "en"):
        return asked
    return str(request.app.state.config.lang)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the user's language, with the CSRF token and the language toggle."""
    lang = lang_of(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    other = "en" if lang == "nl" else "nl"
    template = request.app.state.templates.get_template(name)
    html = template.render(lang=lang, t=words(lang), csrf=security.csrf_of(request),
                           toggle=f"/lang?to={other}&next={quote(here, safe='')}",
                           other_lang=other, queue=request.app.state.jobs.queue(), **context)
    return HTMLResponse(html, status_code=status)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    t = words(lang_of(request))
    text = {404: t["not_found"], 403: t["forbidden"]}.get(error.status_code, str(error.detail))
    return render(request, "error.html", error.status_code, message=text,
                  code=error.status_code, title=str(error.status_code))
