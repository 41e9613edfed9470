"""What the wheel installs, and the entries a user types: `plooi` and `python cli.py`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the sources, so the worktree gets no build/ of its own."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "cli.py"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / "scheduler", source / "scheduler", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("plooi-*.whl")
    return wheel


def test_wheel_installs_only_the_scheduler_package(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_points = archive.read(info).decode()
        top_level_file = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        top_level = archive.read(top_level_file).decode().split()
    top = {name.split("/", 1)[0] for name in names if not name.split("/", 1)[0].endswith(".dist-info")}
    assert top == {"scheduler"}
    assert "cli.py" not in names
    assert "scheduler/cli.py" in names
    assert top_level == ["scheduler"]
    assert "plooi = scheduler.cli:main" in entry_points


def test_python_cli_py_still_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "plooi: make room in the public-space programme" in done.stdout
    for command in ("solve", "validate", "convert", "impact", "brief"):
        assert command in done.stdout


def test_every_example_scenario_is_described_in_the_scenarios_readme() -> None:
    readme = (REPO / "scenarios" / "README.md").read_text(encoding="utf-8")
    examples = sorted(path.name for path in (REPO / "scenarios").glob("*.yaml"))
    assert "demo-eindhoven.yaml" in examples
    described = [name for name in examples if f"| `{name}` |" in readme]
    assert described == examples
