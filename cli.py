"""Thin entry for `python cli.py ...`; the command itself lives in `scheduler.cli`.

The installed console script points at `scheduler.cli:main` directly, so the wheel
installs no top-level `cli` module of its own.
"""

from __future__ import annotations

import sys

from scheduler.cli import main

if __name__ == "__main__":
    sys.exit(main())
