"""The workbench's pages: scenario list, programme, new request, upload, compare, login.

Every page is server-rendered HTML that works without JavaScript; every form is
a plain POST carrying the CSRF token. Job pages live in :mod:`scheduler.web.jobpages`.
"""

from __future__ import annotations

import asyncio
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from scheduler.check import check_baseline
from scheduler.errors import ScenarioError
from scheduler.scenario import Scenario
from scheduler.text.violations import violation_text
from scheduler.web import forms, jobpages, security
from scheduler.web.app import lang_of, render
from scheduler.web.catalog import Catalog, Entry
from scheduler.web.jobs import JobManager
from scheduler.web.texts import size_text, words
from scheduler.web.work import (
    RISK_INLINE_ITEMS,
    RISK_SAMPLES,
    RISK_SEED,
    add_risk,
    compare_job,
    current_charts,
    impact_job,
    key_of,
    risk_job,
    solve_job,
    solved_body,
)

router = APIRouter(include_in_schema=False)
router.include_router(jobpages.router)
CSRF = [Depends(security.require_csrf)]
# Multipart overhead allowed on top of the file itself before a request is refused unread.
FORM_OVERHEAD = 64 * 1024
# Seconds a wrong login token costs.
WRONG_TOKEN_DELAY = 1.0


def catalog_of(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def jobs_of(request: Request) -> JobManager:
    manager: JobManager = request.app.state.jobs
    return manager


def entry_or_404(request: Request, sid: str) -> Entry:
    entry = catalog_of(request).get(sid)
    if entry is None:
        raise HTTPException(404)
    return entry


def load_or_problems(request: Request, entry: Entry) -> tuple[Scenario | None, list[str]]:
    """The scenario, or every problem with its place (in the user's language)."""
    lang = lang_of(request)
    try:
        return catalog_of(request).load(entry, lang), []
    except ScenarioError as error:
        return None, catalog_of(request).problems(entry, error, lang)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/static/briefing.css")
def briefing_css() -> Response:
    css = (resources.files("scheduler.report") / "templates" / "briefing.css.j2").read_text("utf-8")
    return Response(css, media_type="text/css")


@router.get("/")
def index(request: Request) -> Response:
    return _index_with(request, "", 200)


@router.get("/lang")
def set_lang(to: str = "nl", next: str = "/") -> Response:
    response = redirect(security.safe_next(next))
    if to in ("nl", "en"):
        response.set_cookie(security.LANG_COOKIE, to, httponly=True, samesite="strict",
                            max_age=365 * 86400)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", title=words(lang_of(request))["login"],
                  next=security.safe_next(next), wrong=False)


@router.post("/login", dependencies=CSRF)
async def login(request: Request) -> Response:
    guard: security.Guard = request.app.state.guard
    form = await request.form()
    offered = form.get("token")
    target = form.get("next")
    target = security.safe_next(target if isinstance(target, str) else "/")
    if guard.token is None:
        return redirect(target)
    if not isinstance(offered, str) or not guard.token_matches(offered):
        await asyncio.sleep(WRONG_TOKEN_DELAY)  # guessing tokens one by one takes long
        return render(request, "login.html", 401, title=words(lang_of(request))["login"],
                      next=target, wrong=True)
    response = redirect(target)
    response.set_cookie(security.SESSION_COOKIE, guard.session_value(), httponly=True,
                        samesite="strict", path="/")
    return response


@router.get("/s/{sid}")
def programme(request: Request, sid: str) -> Response:
    entry = entry_or_404(request, sid)
    scenario, problems = load_or_problems(request, entry)
    lang = lang_of(request)
    latest = jobs_of(request).latest_result("solve", sid)
    context: dict[str, Any] = {"entry": entry, "scenario": scenario, "problems": problems,
                               "latest": latest, "body": None, "current": None,
                               "risk": None, "risk_samples": RISK_SAMPLES,
                               "risk_seed": RISK_SEED,
                               "variants": catalog_of(request).variants_of(sid)}
    if scenario is not None:
        key = f"breaks-{lang}"
        if key not in entry.derived:  # the checker on a city-scale programme takes a while
            entry.derived[key] = [violation_text(v, lang) for v in check_baseline(scenario)][:20]
        context["breaks"] = entry.derived[key]
        if latest is not None:
            context["body"] = solved_body(latest, lang)
            context["risk"] = risk_state(latest)
        else:
            drawn = f"charts-{lang}"
            if drawn not in entry.derived:
                entry.derived[drawn] = current_charts(scenario, lang)
            context["current"] = entry.derived[drawn]
    title = scenario.name if scenario is not None and scenario.name else entry.label
    status = 200 if scenario is not None else 422
    return render(request, "programme.html", status, title=title, **context)


def risk_state(latest: Any) -> str:
    """What the risk section offers: nothing to carry out, the button, or the result."""
    if latest.result.result.plan is None:
        return "no_plan"
    return "shown" if "risk" in latest.extra else "ask"


@router.post("/s/{sid}/solve", dependencies=CSRF)
def solve(request: Request, sid: str) -> Response:
    entry = entry_or_404(request, sid)
    scenario, _ = load_or_problems(request, entry)
    if scenario is None:
        return redirect(f"/s/{sid}")
    job = start_solve(request, entry, scenario)
    return redirect(f"/jobs/{job.id}")


def start_solve(request: Request, entry: Entry, scenario: Scenario) -> Any:
    lang = lang_of(request)
    manager = jobs_of(request)
    limit = request.app.state.config.time_limit
    key = key_of("solve", entry.id, catalog_of(request).stamp(entry), lang, limit)
    title = f"{words(lang)['solve']}: {scenario.name or entry.label}"
    return manager.submit("solve", key, title, (entry.id,), lang,
                          solve_job(manager, scenario, entry.label, lang, limit, entry.path))


@router.post("/s/{sid}/risk", dependencies=CSRF)
def risk(request: Request, sid: str) -> Response:
    """The latest plan's spread of finish weeks: inline for a small programme, else a job."""
    entry = entry_or_404(request, sid)
    latest = jobs_of(request).latest_result("solve", sid)
    if latest is None or latest.result.result.plan is None:
        return redirect(f"/s/{sid}")
    scenario = latest.result.scenario
    if len(scenario.items) <= RISK_INLINE_ITEMS:
        add_risk(latest)
        return redirect(f"/s/{sid}#onzekerheid")
    lang = lang_of(request)
    title = f"{words(lang)['risk']}: {scenario.name or entry.label}"
    job = jobs_of(request).submit("risk", key_of("risk", latest.id, lang), title, (sid,), lang,
                                  risk_job(latest))
    return redirect(f"/jobs/{job.id}")


@router.get("/s/{sid}/briefing")
def raad(request: Request, sid: str) -> Response:
    entry = entry_or_404(request, sid)
    scenario, problems = load_or_problems(request, entry)
    latest = jobs_of(request).latest_result("solve", sid)
    body = solved_body(latest, lang_of(request)) if latest else None
    title = words(lang_of(request))["briefing"]
    return render(request, "raad.html", title=title, entry=entry, scenario=scenario, body=body,
                  latest=latest, problems=problems)


@router.get("/s/{sid}/request")
def request_form(request: Request, sid: str) -> Response:
    entry = entry_or_404(request, sid)
    scenario, _ = load_or_problems(request, entry)
    if scenario is None:
        return redirect(f"/s/{sid}")
    view = forms.form_view(scenario, forms.blank_values(scenario), [], lang_of(request))
    return _form_page(request, entry, scenario, view, 200)


def _form_page(request: Request, entry: Entry, scenario: Scenario, view: forms.FormView,
               status: int) -> Response:
    t = words(lang_of(request))
    title = t["form_title"].format(name=scenario.name or entry.label)
    return render(request, "request.html", status, title=title, entry=entry, form=view)


@router.post("/s/{sid}/request", dependencies=CSRF)
async def submit_request(request: Request, sid: str) -> Response:
    entry = entry_or_404(request, sid)
    scenario, _ = load_or_problems(request, entry)
    if scenario is None:
        return redirect(f"/s/{sid}")
    lang = lang_of(request)
    values = forms.read_values(await request.form(), scenario)
    merged, request_id, problems = forms.validate_request(values, scenario, lang)
    if merged is None:
        view = forms.form_view(scenario, values, problems, lang)
        return _form_page(request, entry, scenario, view, 422)
    job = start_impact(request, entry, merged, request_id, forms.request_entry(values, scenario))
    return redirect(f"/jobs/{job.id}")


def start_impact(request: Request, entry: Entry, merged: Scenario, request_id: str,
                 asked: dict[str, Any]) -> Any:
    lang = lang_of(request)
    manager = jobs_of(request)
    limit = request.app.state.config.time_limit
    key = key_of("impact", entry.id, catalog_of(request).stamp(entry), asked, lang, limit)
    title = f"{words(lang)['new_request']}: {request_id}"
    work = impact_job(manager, merged, request_id, entry.id, entry.label, "added", lang,
                      limit)
    return manager.submit("impact", key, title, (entry.id,), lang, work)


class UploadTooLarge(Exception):
    """Refused before the body is read (a dependency runs before the form is parsed)."""

    def __init__(self, status: int, code: str) -> None:
        self.status = status
        self.code = code


def limit_upload(request: Request) -> None:
    """The declared size, checked before anything reads the body (CSRF comes after)."""
    limit = int(request.app.state.config.upload_limit)
    length = request.headers.get("content-length", "")
    if not length.isdigit():  # browsers send it; without it the size is unknown until read
        raise UploadTooLarge(411, "upload_length")
    if int(length) > limit + FORM_OVERHEAD:
        raise UploadTooLarge(413, "upload_too_large")


async def upload_refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, UploadTooLarge)
    t = words(lang_of(request))
    limit = size_text(int(request.app.state.config.upload_limit))
    return _index_with(request, t[error.code].format(limit=limit), error.status)


@router.post("/upload", dependencies=[Depends(limit_upload), *CSRF])
async def upload(request: Request) -> Response:
    config = request.app.state.config
    t = words(lang_of(request))
    limit = int(config.upload_limit)
    too_large = t["upload_too_large"].format(limit=size_text(limit))
    form = await request.form(max_files=1, max_fields=10, max_part_size=1024 * 1024)
    sent = form.get("file")
    if sent is None or isinstance(sent, str) or not sent.filename:
        return _index_with(request, t["upload_none"], 422)
    data = await sent.read(limit + 1)
    if len(data) > limit:
        return _index_with(request, too_large, 413)
    try:
        path = forms.store_upload(Path(request.app.state.uploads), sent.filename, data)
    except forms.UploadRefused as refused:
        return _index_with(request, t[refused.code].format(detail=refused.detail), 422)
    entry = catalog_of(request).add(path, "upload", label=Path(sent.filename).name[:120])
    return redirect(f"/s/{entry.id}")


def _index_with(request: Request, message: str, status: int) -> Response:
    rows = []
    for entry in catalog_of(request).all():
        scenario, problems = load_or_problems(request, entry)
        rows.append({"entry": entry, "scenario": scenario, "problems": len(problems)})
    t = words(lang_of(request))
    return render(request, "index.html", status, title=t["scenarios"], rows=rows,
                  message=message, limit=size_text(request.app.state.config.upload_limit))


@router.post("/compare", dependencies=CSRF)
async def start_compare(request: Request) -> Response:
    form = await request.form()
    chosen = [value for value in form.getlist("s") if isinstance(value, str)]
    entries = [entry_or_404(request, sid) for sid in dict.fromkeys(chosen)]
    loaded = []
    for entry in entries:
        scenario, _ = load_or_problems(request, entry)
        if scenario is not None:
            loaded.append((entry, scenario))
    t = words(lang_of(request))
    if len(loaded) < 2:
        return _index_with(request, t["compare_two"], 422)
    lang = lang_of(request)
    manager = jobs_of(request)
    limit = request.app.state.config.time_limit
    catalog = catalog_of(request)
    key = key_of("compare", [(e.id, catalog.stamp(e)) for e, _ in loaded], lang, limit)
    title = f"{t['compare_button']}: " + ", ".join(s.name or e.label for e, s in loaded)
    work = compare_job(manager, [(s, e.label) for e, s in loaded], lang, limit)
    job = manager.submit("compare", key, title, tuple(e.id for e, _ in loaded), lang, work)
    return redirect(f"/jobs/{job.id}")


@router.get("/template/{which}")
def template(request: Request, which: str) -> Response:
    from scheduler.commands.common import demo_path
    from scheduler.io.load import load_scenario
    from scheduler.io.write_tabular import workbook_bytes

    if which not in ("leeg.xlsx", "demo.xlsx"):
        raise HTTPException(404)
    lang: Literal["nl", "en"] = "en" if lang_of(request) == "en" else "nl"
    scenario = load_scenario(demo_path(), lang=lang) if which == "demo.xlsx" else None
    data = workbook_bytes(scenario, lang)
    return Response(data, media_type=jobpages.XLSX,
                    headers={"content-disposition": f'attachment; filename="plooi-{which}"'})
