"""The request form and uploads: from what a browser sends to what the engine reads.

The request form becomes one request mapping, validated by
:func:`scheduler.io.request_file.add_request` exactly like ``plooi impact --add``, so the
messages are the CLI's. Uploads are stored under names the server makes up (the
client's filename is only shown, never used as a path), with a size limit and,
for a zipped CSV folder, limits on members and unpacked size.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from scheduler import weeks
from scheduler.errors import ScenarioError
from scheduler.io.request_file import add_request
from scheduler.io.tabular import KIND_NAMES
from scheduler.scenario import Kind, Scenario
from scheduler.web.texts import week_label

TEXT_FIELDS = ("id", "name", "street", "requested_by", "reason")
NUMBER_FIELDS = ("duration", "cost", "value")
CHOICE_FIELDS = ("kind", "area", "earliest", "latest_finish", "budget")
FLAGS = ("digs", "resurfaces", "emergency", "mandatory")
UPLOAD_SUFFIXES = (".xlsx", ".yaml", ".yml", ".zip")
MAX_ZIP_MEMBERS = 20
MAX_ZIP_UNPACKED = 20 * 1024 * 1024
MAX_ZIP_RATIO = 200  # unpacked / packed per member: more is a bomb, not a spreadsheet
_INTEGER = re.compile(r"^[+-]?\d{1,15}$")


@dataclass
class FormView:
    """What the form template needs: the choices, the values typed, the problems found."""

    values: dict[str, Any]
    errors: dict[str, list[str]]
    messages: list[tuple[str, str]]  # (field, message) in the CLI's words
    kinds: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    weeks: list[tuple[str, str]]
    resources: list[tuple[int, str, str]]  # (index, id, name)
    budgets: list[tuple[str, str]]
    works: list[tuple[str, str]]


def blank_values(scenario: Scenario) -> dict[str, Any]:
    taken = {item.id for item in scenario.items}
    number = len(scenario.requests) + 1
    while f"R-{number}" in taken:
        number += 1
    return {"id": f"R-{number}", "duration": "1", "mandatory": True, "kind": "road", "lag": "0"}


def form_view(scenario: Scenario, values: dict[str, Any], problems: list[tuple[str, str]],
              lang: str) -> FormView:
    errors: dict[str, list[str]] = {}
    for name, message in problems:
        errors.setdefault(name, []).append(message)
    horizon = range(scenario.horizon.first, scenario.horizon.last + 1)
    return FormView(
        values=values,
        errors=errors,
        messages=problems,
        kinds=[(str(k), f"{KIND_NAMES[k]} ({k})" if lang == "nl" else str(k)) for k in Kind],
        areas=[(a.code, f"{a.code} — {a.name}") for a in scenario.areas],
        weeks=[(weeks.format_week(w), week_label(w, lang)) for w in horizon],
        resources=[(i, r.id, r.name) for i, r in enumerate(scenario.resources)],
        budgets=[(b.id, f"{b.id} — {b.name}") for b in scenario.budgets],
        works=[(w.id, f"{w.id} — {w.name}") for w in scenario.works],
    )


def read_values(form: Any, scenario: Scenario) -> dict[str, Any]:
    """The typed values, as text (re-shown on the form when something is wrong)."""
    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, *NUMBER_FIELDS, *CHOICE_FIELDS, "after", "lag"):
        value = form.get(name)
        values[name] = value if isinstance(value, str) else ""
    for flag in FLAGS:
        values[flag] = form.get(flag) is not None
    for index, _resource in enumerate(scenario.resources):
        value = form.get(f"demand_{index}")
        values[f"demand_{index}"] = value if isinstance(value, str) else ""
    return values


def _number(text: str) -> Any:
    """Whole numbers as numbers; anything else as typed, so validation names it."""
    stripped = text.strip()
    return int(stripped) if _INTEGER.match(stripped) else stripped


def request_entry(values: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    """The request mapping, in the scenario format (docs/scenario-format)."""
    entry: dict[str, Any] = {}
    for name in ("id", "name", "kind", "area"):
        entry[name] = values[name].strip() if name != "name" else values[name]
    entry["duration"] = _number(values["duration"])
    for name in ("street", "requested_by", "reason"):
        if values[name].strip():
            entry[name] = values[name]
    for name in ("earliest", "latest_finish", "budget"):
        if values[name]:
            entry[name] = values[name]
    for name in ("cost", "value"):
        if values[name].strip():
            entry[name] = _number(values[name])
    demand = {}
    for index, resource in enumerate(scenario.resources):
        typed = values.get(f"demand_{index}", "").strip()
        if typed and typed != "0":
            demand[resource.id] = _number(typed)
    if demand:
        entry["demand"] = demand
    if values["after"]:
        lag = values["lag"].strip()
        entry["after"] = [{"work": values["after"], "lag": _number(lag) if lag else 0}]
    for flag in FLAGS:
        if flag == "mandatory":
            entry[flag] = bool(values[flag])
        elif values[flag]:
            entry[flag] = True
    return entry


def validate_request(values: dict[str, Any], scenario: Scenario,
                     lang: str) -> tuple[Scenario | None, str, list[tuple[str, str]]]:
    """(scenario with the request, its id, []) or (None, '', problems as (field, message))."""
    entry = request_entry(values, scenario)
    try:
        merged, request_id = add_request(scenario, entry, "formulier" if lang == "nl" else "form",
                                         lambda at: (None, None))
    except ScenarioError as error:
        problems = [(_field_of(p.place), _place_message(p.place, p.message(lang)))
                    for p in error.problems]
        return None, "", problems
    return merged, request_id, []


def _field_of(place: str) -> str:
    """The form field a problem's place belongs to (``demand.crew`` -> ``demand``)."""
    head = re.split(r"[.\[]", place, maxsplit=1)[0]
    return head or "form"



def _place_message(place: str, message: str) -> str:
    return f"{place}: {message}" if place else message


# -- uploads ------------------------------------------------------------------------------


class UploadRefused(Exception):
    """An upload that is not stored; ``code`` names the words shown (texts.py)."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(code)


def store_upload(folder: Path, client_name: str, data: bytes) -> Path:
    """Store an uploaded scenario under a name of our own; return its path."""
    suffix = PurePosixPath(client_name.replace("\\", "/")).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused("upload_kind")
    name = f"upload-{secrets.token_hex(6)}"
    if suffix == ".zip":
        return _unpack_csv_zip(folder / name, data)
    target = folder / f"{name}{suffix}"
    target.write_bytes(data)
    return target


def _unpack_csv_zip(target: Path, data: bytes) -> Path:
    """A CSV folder from a zip: only .csv members, flattened, within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UploadRefused("upload_zip", str(error)) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()
                   and _member_name(m).lower().endswith(".csv")
                   and not _member_name(m).startswith(".")
                   and "__MACOSX" not in m.filename]
        if not members:
            raise UploadRefused("upload_zip", "no .csv files")
        if len(members) > MAX_ZIP_MEMBERS:
            raise UploadRefused("upload_zip", f"more than {MAX_ZIP_MEMBERS} files")
        total = sum(m.file_size for m in members)
        if total > MAX_ZIP_UNPACKED:
            raise UploadRefused("upload_zip", f"unpacked more than {MAX_ZIP_UNPACKED} bytes")
        names: set[str] = set()
        contents: dict[str, bytes] = {}
        for member in members:
            if member.file_size > MAX_ZIP_RATIO * max(1, member.compress_size):
                raise UploadRefused("upload_zip", f"{member.filename}: packed too tightly")
            name = _member_name(member)
            if name.lower() in names:
                raise UploadRefused("upload_zip", f"{name} twice")
            names.add(name.lower())
            with archive.open(member) as handle:
                content = handle.read(MAX_ZIP_UNPACKED + 1)
            if len(content) > member.file_size or len(content) > MAX_ZIP_UNPACKED:
                raise UploadRefused("upload_zip", f"{name}: larger than it says")
            contents[name] = content
    target.mkdir()
    for name, content in contents.items():
        (target / name).write_bytes(content)
    return target


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's own name without any folder (either slash): never a path of ours."""
    return PurePosixPath(member.filename.replace("\\", "/")).name
