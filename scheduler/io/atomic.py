"""Write output files whole or not at all.

Every output goes to a temporary file in the target folder and is renamed over
the target only when complete, so a crash, a full disk or Ctrl-C never leaves a
half-written file, and an existing output is replaced in one step (keeping its
permissions). A set of files (a CSV folder) is first written whole as
temporary files and only then renamed, so a failure replaces none of them.
Every failure is an :class:`OutputError` naming the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from scheduler.errors import OutputError


def check_writable(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Fail early, before any work, when the output cannot be written.

    ``inputs`` are the files the command reads: an output that is one of them
    would destroy the input, so it is refused.
    """
    target = Path(path)
    folder = _folder(target)
    if not folder.exists():
        raise OutputError(str(target), "output_dir_missing", folder=str(folder))
    if not folder.is_dir():
        raise OutputError(str(target), "output_parent_not_folder", folder=str(folder))
    if target.is_dir():
        raise OutputError(str(target), "output_is_folder")
    if not os.access(folder, os.W_OK):
        raise OutputError(str(target), "output_read_only", folder=str(folder))
    for source in inputs:
        if _same_file(target, Path(source)):
            raise OutputError(str(target), "output_same_as_input")
    return target


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``."""
    target = check_writable(path)
    temporary = _write_temporary(target, data)
    _replace(temporary, target)
    return target


def write_text(path: str | Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def write_many(files: Mapping[str | Path, bytes]) -> list[Path]:
    """Write several files: all of them as temporary files first, then rename each.

    A failure while writing (full disk, Ctrl-C) replaces none of the targets.
    """
    targets = [check_writable(path) for path in files]
    written: list[tuple[Path, Path]] = []
    try:
        for target, data in zip(targets, files.values(), strict=True):
            written.append((_write_temporary(target, data), target))
    except BaseException:
        for temporary, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    for index, (temporary, target) in enumerate(written):
        try:
            _replace(temporary, target)
        except BaseException:
            for rest, _ in written[index + 1 :]:
                with contextlib.suppress(OSError):
                    os.unlink(rest)
            raise
    return targets


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _same_file(target: Path, source: Path) -> bool:
    try:
        return target.exists() and source.exists() and os.path.samefile(target, source)
    except OSError:
        return False


def _mode(target: Path) -> int:
    """The permissions the output gets: the existing file's, else what umask allows."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temporary(target: Path, data: bytes) -> Path:
    """``data`` in a new temporary file next to ``target``, flushed to disk."""
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=_folder(target)
        )
    except OSError as error:
        raise _failed(target, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), _mode(target))  # mkstemp makes the file private
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _failed(target, error) from None
        raise
    return temporary


def _replace(temporary: Path, target: Path) -> None:
    try:
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _failed(target, error) from None
        raise


def _failed(target: Path, error: OSError) -> OutputError:
    return OutputError(
        str(target), "output_write_failed", errno=error.errno, detail=error.strerror or str(error)
    )
