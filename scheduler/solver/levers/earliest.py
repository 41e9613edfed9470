"""The earliest start of R in the fixed world: every other item held, only R moves."""

from __future__ import annotations

from scheduler.scenario import Scenario
from scheduler.solver.cpsat import StopToken
from scheduler.solver.levers.clock import Clock, minimise
from scheduler.solver.levers.outcome import Found, starts_of
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.settings import SolveSettings


def earliest_start(
    scenario: Scenario,
    request_id: str,
    options: ModelOptions,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None = None,
) -> Found:
    """The earliest start of R with everything in ``options.fixed_starts`` held, ignoring
    R's deadline (the window is stretched to the horizon's end)."""
    request = scenario.item_by_id[request_id]
    _, latest_finish = scenario.window(request)
    stretch = max(0, scenario.horizon.last - latest_finish)
    wide = ModelOptions(
        fixed_starts=dict(options.fixed_starts),
        excluded=options.excluded,
        deadline_shift={**options.deadline_shift, request_id: stretch},
    )
    built = ScheduleModel(scenario, wide)
    status, solver = minimise(
        built, built.start[request_id], "earliest", settings, seconds, clock, stop
    )
    if solver is None:
        return Found("earliest", status)
    return Found(
        "earliest", status, starts_of(built, solver), solver.value(built.start[request_id])
    )
