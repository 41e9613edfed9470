"""Job pages: progress (live over Server-Sent Events), cancel, result, downloads, variant.

A job page is the same page on reload and in a second tab: the job lives in the
server, keyed by its opaque id. Without JavaScript the page refreshes itself while
the job runs; with it, htmx's SSE extension swaps in progress and then the result.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from scheduler.report.excel import render_xlsx
from scheduler.report.justification import render_justification
from scheduler.report.markdown import render_markdown
from scheduler.report.pdf import render_pdf
from scheduler.text.causes import cause_text
from scheduler.text.impact import (
    chain_rows,
    cheapest_text,
    conflict_texts,
    lever_text,
    recommendation,
    shifts_text,
)
from scheduler.web import security
from scheduler.web.app import lang_of
from scheduler.web.jobs import Job, JobManager
from scheduler.web.texts import words
from scheduler.web.work import (
    CompareResult,
    ImpactResult,
    briefing_for,
    result_json,
    solved_body,
)
from scheduler.workflow import SolveOutcome

router = APIRouter(include_in_schema=False)
CSRF = [Depends(security.require_csrf)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POLL_SECONDS = 0.2
DOWNLOADS = {
    "result.json": ("application/json", ("solve", "risk", "impact", "compare")),
    "onderbouwing.html": ("text/html; charset=utf-8", ("impact",)),
    "onderbouwing.md": ("text/markdown; charset=utf-8", ("impact",)),
    "briefing.html": ("text/html; charset=utf-8", ("solve", "risk")),
    "briefing.pdf": ("application/pdf", ("solve", "risk")),
    "briefing.xlsx": (XLSX, ("solve", "risk")),
    "briefing.md": ("text/markdown; charset=utf-8", ("solve", "risk")),
}


def job_or_404(request: Request, job_id: str) -> Job:
    manager: JobManager = request.app.state.jobs
    job = manager.get(job_id) if len(job_id) == 16 else None
    if job is None:
        raise HTTPException(404)
    return job


def job_context(request: Request, job: Job) -> dict[str, Any]:
    """Everything the job templates show: state, progress, and the result's views."""
    manager: JobManager = request.app.state.jobs
    lang = job.lang
    context: dict[str, Any] = {"job": job, "position": manager.position(job) + 1,
                               "event": job.latest, "impact": None, "comparison": None,
                               "body": None}
    result = job.result
    if isinstance(result, SolveOutcome):
        context["body"] = solved_body(job, lang)
    elif isinstance(result, ImpactResult):
        context["impact"] = impact_view(result, lang)
    elif isinstance(result, CompareResult):
        context["comparison"] = result.comparison
    return context


def impact_view(result: ImpactResult, lang: str) -> dict[str, Any]:
    """The answer of ``plooi impact`` as texts from the engine's own text functions."""
    impact = result.impact
    explanation = impact.explanation
    displaced = []
    best = impact.best
    if best is not None:
        for shift in best.displaced:
            causes = explanation.causes_of(shift.id) if explanation else ()
            displaced.append({"shift": shift, "causes": [cause_text(c, lang) for c in causes]})
    found = impact.found_levers
    levers = [lever_text(impact, lever, lang)
              for lever in [*found, *(lv for lv in impact.levers if lv not in found)]]
    return {
        "impact": impact, "doc": result.document, "displaced": displaced,
        "chains": chain_rows(impact), "levers": levers,
        "cheapest": cheapest_text(impact, lang),
        "options": [(o, shifts_text(o, lang)) for o in impact.options],
        "conflict": conflict_texts(impact, lang), "advice": recommendation(impact, lang),
    }


def render_job(request: Request, template: str, job: Job, status: int = 200) -> Response:
    from scheduler.web.app import render

    return render(request, template, status, title=job.title, **job_context(request, job))


@router.get("/jobs")
def job_list(request: Request) -> Response:
    from scheduler.web.app import render

    manager: JobManager = request.app.state.jobs
    with manager.lock:
        jobs = sorted(manager.jobs.values(), key=lambda j: -j.created)
    return render(request, "jobs.html", title=words(lang_of(request))["jobs"], jobs=jobs)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> Response:
    return render_job(request, "job.html", job_or_404(request, job_id))


@router.get("/jobs/{job_id}/events")
async def job_events(request: Request, job_id: str) -> Response:
    """``progress`` events while the job runs, then one ``done`` event with the result."""
    job = job_or_404(request, job_id)
    manager: JobManager = request.app.state.jobs
    env = request.app.state.templates

    def fragment(name: str) -> str:
        context = job_context(request, job)
        lang = job.lang
        return str(env.get_template(name).render(lang=lang, t=words(lang),
                                                 csrf=security.csrf_of(request), **context))

    async def stream() -> AsyncIterator[str]:
        seen = -1
        while not manager.closing:
            if job.version != seen:
                seen = job.version
                if job.finished_state:
                    yield _event("done", fragment("job_body.html"))
                    return
                yield _event("progress", fragment("progress.html"))
            if await request.is_disconnected():
                return
            await asyncio.sleep(POLL_SECONDS)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"cache-control": "no-store"})


def _event(name: str, html: str) -> str:
    data = "\n".join(f"data: {line}" for line in html.splitlines() or [""])
    return f"event: {name}\n{data}\n\n"


@router.post("/jobs/{job_id}/cancel", dependencies=CSRF)
def cancel(request: Request, job_id: str) -> Response:
    job = job_or_404(request, job_id)
    manager: JobManager = request.app.state.jobs
    manager.cancel(job)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/jobs/{job_id}/variant", dependencies=CSRF)
def save_variant(request: Request, job_id: str) -> Response:
    job = job_or_404(request, job_id)
    result = job.result
    if not isinstance(result, ImpactResult):
        raise HTTPException(404)
    catalog = request.app.state.catalog
    origin = catalog.get(result.origin)
    if origin is None:
        raise HTTPException(404)
    base = result.scenario.name or origin.label
    named = result.scenario.derived(name=f"{base} + {result.impact.request.id}")
    entry = catalog.save_variant(origin, named)
    return RedirectResponse(f"/s/{entry.id}", status_code=303)


@router.get("/jobs/{job_id}/download/{name}")
def download(request: Request, job_id: str, name: str) -> Response:
    job = job_or_404(request, job_id)
    known = DOWNLOADS.get(name)
    if known is None or job.kind not in known[1] or job.result is None:
        raise HTTPException(404)
    data = document(job, name)
    headers = {"content-disposition": f'attachment; filename="plooi-{name}"'}
    return Response(data, media_type=known[0], headers=headers)


def document(job: Job, name: str) -> bytes:
    """One download of a finished job, made by the report module the CLI uses."""
    result = job.result
    if name == "result.json":
        return (result_json(job) or "").encode("utf-8")
    if isinstance(result, ImpactResult):
        kind = "html" if name.endswith(".html") else "md"
        return render_justification(result.impact, job.lang, kind).encode("utf-8")
    assert isinstance(result, SolveOutcome)
    briefing = briefing_for(job, job.lang)
    if name == "briefing.pdf":
        return render_pdf(briefing)
    if name == "briefing.xlsx":
        return render_xlsx(briefing)
    if name == "briefing.md":
        return render_markdown(briefing).encode("utf-8")
    from scheduler.report.html import render_html

    return render_html(briefing).encode("utf-8")
