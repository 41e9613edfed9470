"""plooi serve: the workbench, plooi in the browser (docs/workbench.md).

Binds 127.0.0.1 by default; any other host needs a token (``--token`` or the
PLOOI_TOKEN environment variable), or the server refuses to start (exit code 2).
Ctrl-C stops every running solve (each keeps its best plan) and the server.
"""

from __future__ import annotations

import os
import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from scheduler.commands.common import EXIT_BAD_INPUT, EXIT_OK, Lang, check_lang, console


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Scenario files or folders (default: the demo and scenarios/)."),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the workbench in the browser.")
    ] = False,
    lang: Lang = "nl",
    jobs: Annotated[int, typer.Option("--jobs", min=1, max=16, help="Solves at once.")] = 1,
    token: Annotated[
        str | None,
        typer.Option("--token", help="Access token (required for a non-loopback --host)."),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Another host name browsers may use for it."),
    ] = None,
) -> int:
    """Start the workbench: programme, new requests, planner and briefing in the browser."""
    from scheduler.web.security import TOKEN_ENV, StartRefused, check_start

    check_lang(lang)
    token = token or os.environ.get(TOKEN_ENV) or None
    try:
        check_start(host, token, lang)
    except StartRefused as refused:
        console(stderr=True).print(str(refused), markup=False)
        return EXIT_BAD_INPUT
    import uvicorn

    from scheduler.web.app import Config, create_app

    chosen = list(paths or [])
    given = bool(chosen)
    if not given and Path("scenarios").is_dir():
        chosen = [Path("scenarios")]
    missing = [path for path in chosen if not path.exists()]
    if missing:
        console(stderr=True).print(
            f"plooi serve: {missing[0]}: " + ("bestaat niet" if lang == "nl" else "does not exist"),
            markup=False)
        return EXIT_BAD_INPUT
    config = Config(paths=chosen, host=host, port=port, lang=lang, jobs=jobs, token=token,
                    include_demo=not given, allowed_hosts=tuple(allow_host or ()))
    app = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    nl = lang == "nl"
    console(stderr=True).print(
        f"plooi workbench: {url}  ({'stop met Ctrl-C' if nl else 'stop with Ctrl-C'})",
        markup=False)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)
    return EXIT_OK
