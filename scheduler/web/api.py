"""The JSON API, for other municipal systems (its OpenAPI document is /openapi.json).

POSTs need the CSRF token (``X-CSRF-Token`` header equal to the ``plooi_csrf``
cookie; GET /api/csrf hands out both) or, on a server started with ``--token``,
an ``Authorization: Bearer`` header. Solves run as jobs: POST answers 202 with
the job, GET /api/jobs/{id} tells its state, GET /api/results/{id} its result.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from scheduler.errors import ScenarioError
from scheduler.impact import ImpactError, pick_request
from scheduler.text.impact import error_text
from scheduler.web import security
from scheduler.web.jobs import Job, JobManager
from scheduler.web.work import result_json

router = APIRouter(prefix="/api", tags=["plooi"])
CSRF = [Depends(security.require_csrf)]


class ScenarioInfo(BaseModel):
    id: str
    label: str
    kind: str
    valid: bool
    name: str | None = None
    works: int | None = None
    requests: int | None = None
    problems: list[str] = []


class SolveAsk(BaseModel):
    scenario: str = Field(description="A scenario id from GET /api/scenarios.")


class ImpactAsk(BaseModel):
    scenario: str = Field(description="A scenario id from GET /api/scenarios.")
    request_id: str | None = Field(None, description="Id of a request already in the scenario.")
    request: dict[str, Any] | None = Field(
        None, description="A new request in the scenario format (as `plooi impact --add`).")


class JobInfo(BaseModel):
    id: str
    kind: str
    state: str
    title: str
    scenarios: list[str]
    seconds: float
    stage: str | None = None
    best_cost: float | None = None
    bound: float | None = None
    error: str | None = None
    result: str | None = None


class Problems(BaseModel):
    detail: str
    problems: list[str] = []


def job_info(job: Job) -> JobInfo:
    event = job.latest
    return JobInfo(
        id=job.id, kind=job.kind, state=job.state, title=job.title,
        scenarios=list(job.scenario_ids), seconds=round(job.elapsed(), 3),
        stage=event.stage if event else None,
        best_cost=event.objective if event else None, bound=event.bound if event else None,
        error=job.error, result=f"/api/results/{job.id}" if job.state == "done" else None,
    )


@router.get("/csrf")
def csrf(request: Request) -> dict[str, str]:
    """The CSRF token to send as X-CSRF-Token (its cookie is set with this answer)."""
    return {"csrf": security.csrf_of(request)}


@router.get("/scenarios", response_model=list[ScenarioInfo])
def scenarios(request: Request) -> list[ScenarioInfo]:
    catalog = request.app.state.catalog
    lang = request.app.state.config.lang
    infos = []
    for entry in catalog.all():
        try:
            loaded = catalog.load(entry, lang)
        except ScenarioError as error:
            infos.append(ScenarioInfo(id=entry.id, label=entry.label, kind=entry.kind,
                                      valid=False,
                                      problems=catalog.problems(entry, error, lang)))
            continue
        infos.append(ScenarioInfo(id=entry.id, label=entry.label, kind=entry.kind, valid=True,
                                  name=loaded.name, works=len(loaded.works),
                                  requests=len(loaded.requests)))
    return infos


def _loaded(request: Request, sid: str) -> tuple[Any, Any]:
    catalog = request.app.state.catalog
    entry = catalog.get(sid)
    if entry is None:
        raise HTTPException(404, "unknown scenario")
    try:
        return entry, catalog.load(entry, request.app.state.config.lang)
    except ScenarioError as error:
        raise HTTPException(422, error.render(request.app.state.config.lang)) from None


@router.post("/solve", status_code=202, response_model=JobInfo, dependencies=CSRF,
             responses={404: {"model": Problems}, 422: {"model": Problems}})
def solve(request: Request, ask: SolveAsk) -> JobInfo:
    from scheduler.web.pages import start_solve

    entry, scenario = _loaded(request, ask.scenario)
    return job_info(start_solve(request, entry, scenario))


@router.post("/impact", status_code=202, response_model=JobInfo, dependencies=CSRF,
             responses={404: {"model": Problems}, 422: {"model": Problems}})
def impact(request: Request, ask: ImpactAsk) -> JobInfo:
    from scheduler.io.request_file import add_request
    from scheduler.web.pages import start_impact

    entry, scenario = _loaded(request, ask.scenario)
    lang = request.app.state.config.lang
    if (ask.request_id is None) == (ask.request is None):
        raise HTTPException(422, "give exactly one of request_id and request")
    if ask.request is not None:
        try:
            merged, request_id = add_request(scenario, ask.request, "request",
                                             lambda at: (None, None))
        except ScenarioError as error:
            raise HTTPException(422, error.render(lang)) from None
        return job_info(start_impact(request, entry, merged, request_id, ask.request))
    try:
        pick_request(scenario, ask.request_id or "")
    except ImpactError as error:
        raise HTTPException(422, error_text(error, lang)) from None
    return job_info(start_impact(request, entry, scenario, ask.request_id or "",
                                 {"id": ask.request_id}))


def _job(request: Request, job_id: str) -> Job:
    manager: JobManager = request.app.state.jobs
    job = manager.get(job_id) if len(job_id) == 16 else None
    if job is None:
        raise HTTPException(404, "unknown job")
    return job


@router.get("/jobs/{job_id}", response_model=JobInfo, responses={404: {"model": Problems}})
def job(request: Request, job_id: str) -> JobInfo:
    return job_info(_job(request, job_id))


@router.post("/jobs/{job_id}/cancel", response_model=JobInfo, dependencies=CSRF,
             responses={404: {"model": Problems}})
def cancel(request: Request, job_id: str) -> JobInfo:
    found = _job(request, job_id)
    request.app.state.jobs.cancel(found)
    return job_info(found)


@router.get("/results/{job_id}", responses={404: {"model": Problems}, 409: {"model": Problems}})
def result(request: Request, job_id: str) -> Response:
    """The result document: `plooi solve --json` or `plooi impact --json` for the job."""
    found = _job(request, job_id)
    if found.state == "failed":
        return JSONResponse({"detail": found.error or "failed"}, status_code=409)
    text = result_json(found) if found.state == "done" else None
    if text is None:
        return JSONResponse({"detail": f"job is {found.state}"}, status_code=409)
    return Response(text, media_type="application/json")
