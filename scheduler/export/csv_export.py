"""CSV of every work and request (UTF-8 with BOM, ``;``), cells neutralised for spreadsheets."""

from __future__ import annotations

import csv
import io

from scheduler.export.records import FIELDS, Record
from scheduler.io.csv_folder import escape


def csv_bytes(rows: list[Record], delimiter: str = ";") -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(["" if value is None else escape(value) if isinstance(value, str)
                         else str(value) for value in row.values.values()])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")
