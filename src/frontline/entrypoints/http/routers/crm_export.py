"""CSV lines of the case export, safe to open in a spreadsheet.

Cells starting with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) are prefixed with an apostrophe,
so a subject typed by a customer cannot run as a formula on the analyst's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from frontline.service.crm.ports import CaseSummary

COLUMNS = (
    "id", "customer_id", "subject", "status", "priority", "category", "queue", "tier",
    "owner_user_id", "created_at", "first_response_at", "resolved_at", "fcr", "sla_state",
    "sla_due_at",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _values(row: CaseSummary) -> list[str]:
    return [
        _cell(v)
        for v in (
            row.id, row.customer_id, row.subject, row.status, row.priority, row.category,
            row.queue, row.tier, row.owner_user_id, row.created_at, row.first_response_at,
            row.resolved_at, row.fcr, row.sla.state, row.sla.due_at,
        )
    ]  # fmt: skip


def case_csv_lines(first: CaseSummary | None, rest: Iterator[CaseSummary]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    if first is not None:
        writer.writerow(_values(first))
        for n, row in enumerate(rest, start=1):
            writer.writerow(_values(row))
            if n % 500 == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
