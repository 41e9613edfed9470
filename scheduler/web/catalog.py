"""The scenarios the workbench serves, under opaque ids.

A URL never holds a path: every scenario is known by an id derived from its
resolved path with a per-server secret, and only ids in the catalog resolve
(anything else, ``../`` and encoded variants included, is simply unknown: 404).
Loading goes through :func:`scheduler.io.load.load_scenario`, so the messages
are the CLI's; a scenario is loaded again only when its file changed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.errors import ScenarioError
from scheduler.io.atomic import write_text
from scheduler.io.load import WORKBOOK_SUFFIXES, YAML_SUFFIXES, load_scenario
from scheduler.io.write_yaml import scenario_yaml
from scheduler.scenario import Scenario

SCENARIO_SUFFIXES = (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)
ID_PATTERN = re.compile(r"^[a-z0-9]{16}$")
# A folder holding one of these is read as a CSV-folder scenario, not searched.
CSV_MARKERS = ("werken.csv", "works.csv")
# Variants are numbered; this many per original is plenty (and bounds the search).
MAX_VARIANTS = 999


@dataclass
class Entry:
    """One scenario the workbench offers: where it lives and what it is."""

    id: str
    path: Path
    kind: str  # demo | file | variant | upload
    label: str
    origin: str | None = None  # the id this variant or upload was made from
    writable_dir: Path | None = None  # where variants of it are saved
    _cache: tuple[float, Scenario | ScenarioError] | None = field(default=None, repr=False)
    # Figures derived from the loaded scenario (e.g. rules the current plan breaks),
    # dropped whenever the file changes.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)


class Catalog:
    """Ids to scenarios; thread-safe (jobs and requests read it concurrently)."""

    def __init__(self, secret: bytes, workspace: Path) -> None:
        self.secret = secret
        self.workspace = workspace
        self.entries: dict[str, Entry] = {}
        self.lock = threading.Lock()

    def make_id(self, path: Path) -> str:
        digest = hmac.new(self.secret, str(path).encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:16]

    def add(self, path: Path, kind: str, label: str | None = None,
            origin: str | None = None) -> Entry:
        resolved = path.resolve()
        sid = self.make_id(resolved)
        with self.lock:
            if sid in self.entries:
                return self.entries[sid]
            writable = None if kind in ("demo", "upload") else resolved.parent
            entry = Entry(sid, resolved, kind, label or resolved.name, origin, writable)
            self.entries[sid] = entry
            return entry

    def discover(self, paths: list[Path]) -> None:
        """Files as given; folders searched one level deep for scenarios and CSV folders."""
        for path in paths:
            if path.is_dir() and not is_csv_folder(path):
                for child in sorted(path.iterdir()):
                    if child.is_file() and child.suffix.lower() in SCENARIO_SUFFIXES:
                        self.add(child, _kind_of(child))
                    elif child.is_dir() and is_csv_folder(child):
                        self.add(child, "file")
            else:
                self.add(path, _kind_of(path))

    def get(self, sid: str) -> Entry | None:
        if not ID_PATTERN.match(sid):
            return None
        with self.lock:
            return self.entries.get(sid)

    def all(self) -> list[Entry]:
        with self.lock:
            return list(self.entries.values())

    def load(self, entry: Entry, lang: str = "nl") -> Scenario:
        """The scenario (cached while the file is unchanged); raises ScenarioError."""
        stamp = _stamp(entry.path)
        cached = entry._cache
        if cached is None or cached[0] != stamp:
            try:
                loaded: Scenario | ScenarioError = load_scenario(entry.path, lang=lang)
            except ScenarioError as error:
                loaded = error
            cached = (stamp, loaded)
            entry._cache = cached
            entry.derived = {}
        if isinstance(cached[1], ScenarioError):
            raise cached[1]
        return cached[1]

    def problems(self, entry: Entry, error: ScenarioError, lang: str) -> list[str]:
        """Every problem on its own line; an upload is named by the user's file name,
        not by the server's temporary path."""
        lines = error.render(lang).splitlines()
        if entry.kind == "upload":
            lines = [line.replace(str(entry.path), entry.label) for line in lines]
        return lines

    def stamp(self, entry: Entry) -> float:
        return _stamp(entry.path)

    def save_variant(self, origin: Entry, scenario: Scenario) -> Entry:
        """Write ``scenario`` as a new YAML file next to the original; never overwrite.

        The name is the original's stem plus ``-variant-N`` with the first free N;
        the file is written atomically. Originals that live in the package (the
        demo) or were uploaded get their variants in the workspace folder.
        """
        folder = origin.writable_dir or self.workspace
        stem = origin.path.stem if origin.path.is_file() else origin.path.name
        with self.lock:
            for number in range(1, MAX_VARIANTS + 1):
                target = folder / f"{stem}-variant-{number}.yaml"
                if not target.exists():
                    break
            else:
                raise FileExistsError(str(folder))
            write_text(target, scenario_yaml(scenario))
        return self.add(target, "variant", origin=origin.id)

    def variants_of(self, sid: str) -> list[Entry]:
        return [e for e in self.all() if e.origin == sid and e.kind == "variant"]


def is_csv_folder(path: Path) -> bool:
    return path.is_dir() and any((path / name).is_file() for name in CSV_MARKERS)


def _kind_of(path: Path) -> str:
    return "variant" if re.search(r"-variant-\d+$", path.stem) else "file"


def _stamp(path: Path) -> float:
    """Modification time; for a CSV folder the newest of its files."""
    try:
        if path.is_dir():
            times = [p.stat().st_mtime for p in path.iterdir() if p.is_file()]
            return max(times, default=path.stat().st_mtime)
        return path.stat().st_mtime
    except OSError:
        return -1.0


def secret() -> bytes:
    return os.urandom(32)
