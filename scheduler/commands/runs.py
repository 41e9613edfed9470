"""Options shared by plooi risk and plooi sweep: where the tasks run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.commands.common import click_errors
from scheduler.runs.executors import Where

RunWorkers = Annotated[
    int, typer.Option("--workers", min=1, max=256, help="Local worker processes (1: this one).")
]
Dask = Annotated[
    str | None,
    typer.Option("--dask", help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786."),
]
DaskFile = Annotated[
    Path | None,
    typer.Option("--dask-scheduler-file", help="Scheduler file of a running Dask cluster."),
]


def where_from(workers: int, dask: str | None, dask_file: Path | None) -> Where:
    """Where to run; Dask only when dask[distributed] is installed (plooi[dask])."""
    if dask is not None and dask_file is not None:
        raise click_errors.UsageError("give at most one of --dask and --dask-scheduler-file")
    if dask is not None or dask_file is not None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click_errors.UsageError(
                "--dask needs dask[distributed]: pip install 'plooi[dask]'"
            ) from None
    if dask_file is not None and not dask_file.is_file():
        raise click_errors.BadParameter(
            f"'{dask_file}' does not exist", param_hint="--dask-scheduler-file"
        )
    return Where(workers, dask, str(dask_file) if dask_file is not None else None)
