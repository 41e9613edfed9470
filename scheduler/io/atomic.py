"""Write output files whole or not at all.

Every output goes to a temporary file in the target folder and is renamed over
the target only when complete, so a crash, a full disk or Ctrl-C never leaves a
half-written file, and an existing output is replaced in one step.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from scheduler.errors import OutputError


def check_writable(path: str | Path) -> Path:
    """Fail early, before any work, when the output cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(str(target), "output_dir_missing", folder=str(folder))
    if target.is_dir():
        raise OutputError(str(target), "output_not_writable", detail="is a folder")
    if not os.access(folder, os.W_OK):
        raise OutputError(str(target), "output_not_writable", detail="folder is read-only")
    return target


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``."""
    target = check_writable(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(str(target), "output_not_writable", detail=error.strerror) from None
        raise
    return target


def _mode_for(target: Path) -> int:
    """An existing file keeps its mode; a new one gets 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: str | Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))
