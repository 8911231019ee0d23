"""Importing what ``frontline schedule`` and ``frontline plan`` write as a draft schedule.

The oracle for the real import is the scheduler's own coverage: after laying the breaks of
the schedule file over the rostered shifts, the number of agents working in each 15-minute
period must equal what ``frontline schedule --json`` reports as scheduled (net of breaks).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frontline.domain.org.roles import Role
from frontline.entrypoints.cli.main import app as cli
from frontline.service import agents, users
from frontline.service.access import SYSTEM

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "scheduling" / "contact_center_day"
DAY = "2026-03-02"


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run ``frontline schedule`` once on the one-day example, with its agents."""
    out = tmp_path_factory.mktemp("solved")
    args = [
        "schedule",
        str(EXAMPLE / "requirements.csv"),
        "--shifts",
        str(EXAMPLE / "shifts.yaml"),
        "--out",
        str(out / "schedule.csv"),
        "--agents",
        str(EXAMPLE / "agents.yaml"),
        "--roster-out",
        str(out / "roster.csv"),
        "--json",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return {
        "summary": json.loads(result.output),
        "roster": (out / "roster.csv").read_text(encoding="utf-8"),
        "schedule": (out / "schedule.csv").read_text(encoding="utf-8"),
    }


def add_agents(org: Any, count: int) -> None:
    for n in range(1, count + 1):
        name = f"agent-{n:02d}"
        cmd = users.CreateUser(name, "correct horse", frozenset({Role.AGENT}))
        user = users.create_user(org.container.uow_factory(), SYSTEM, cmd, org.container.hasher)
        agents.create_agent(org.container.uow_factory(), SYSTEM, agents.CreateAgent(user.id))


def create(org: Any, roster: dict[str, Any]) -> Any:
    body = {"name": "imported", "starts_on": DAY, "ends_on": DAY, "roster": roster}
    return org.api.post("/api/v1/schedules", json=body, headers=org.login("planner"))


def test_the_imported_roster_with_breaks_covers_what_the_scheduler_planned(
    org: Any, solved: dict[str, Any]
) -> None:
    add_agents(org, 32)
    roster = {
        "csv": solved["roster"],
        "week_start": DAY,
        "schedule_csv": solved["schedule"],
        "period_minutes": 15,
    }
    response = create(org, roster)
    assert response.status_code == 201, response.text
    segments = response.json()["segments"]
    working: Counter[int] = Counter()
    origin = datetime.fromisoformat(f"{DAY}T00:00:00+00:00")
    for s in segments:
        if s["activity"] != "work":
            continue
        start = datetime.fromisoformat(s["start"])
        end = datetime.fromisoformat(s["end"])
        period = (start - origin) // timedelta(minutes=15)
        while origin + period * timedelta(minutes=15) < end:
            working[period] += 1
            period += 1
    planned = {p["period"]: p["scheduled"] for p in solved["summary"]["coverage"]["periods"]}
    assert {p: working.get(p, 0) for p in planned} == planned
    rows = list(csv.DictReader(io.StringIO(solved["roster"])))
    shift_minutes = sum(
        (
            datetime.fromisoformat(f"{DAY}T{r['end']}")
            - datetime.fromisoformat(f"{DAY}T{r['start']}")
        )
        // timedelta(minutes=1)
        for r in rows
    )
    assert sum(s["minutes"] for s in segments) == shift_minutes  # flat: no time counted twice
    lunches = [s for s in segments if s["activity"] == "lunch"]
    assert lunches and all(s["minutes"] == 30 for s in lunches)


def test_a_plan_roster_with_break_start_times_and_lengths(org: Any) -> None:
    add_agents(org, 2)
    roster_csv = (
        "agent,shift,day,start,end\n"
        "agent-01,full-d0-07:00-8h,0,2026-03-02T07:00:00,2026-03-02T15:00:00\n"
        "agent-02,late,0,2026-03-02T18:00:00,2026-03-03T02:00:00\n"
    )
    schedule_csv = (
        "shift,count,cost,start,end,periods,breaks\n"
        "full-d0-07:00-8h,1,8,2026-03-02T07:00:00,2026-03-02T15:00:00,14-29,"
        "break-1=08:30;lunch=11:00\n"
        "late,1,8,2026-03-02T18:00:00,2026-03-03T02:00:00,36-51,lunch=00:30\n"
    )
    roster = {"csv": roster_csv, "schedule_csv": schedule_csv}
    missing = create(org, roster)
    assert missing.status_code == 422
    assert "break_minutes['break-1']" in missing.json()["detail"]
    response = create(org, {**roster, "break_minutes": {"break-1": 15, "lunch": 30}})
    assert response.status_code == 201, response.text
    by_agent: dict[int, list[tuple[str, str, str]]] = {}
    for s in response.json()["segments"]:
        by_agent.setdefault(s["agent_id"], []).append((s["activity"], s["start"], s["end"]))
    first, late = (by_agent[k] for k in sorted(by_agent))
    assert [(a, s[11:16], e[11:16]) for a, s, e in first] == [
        ("work", "07:00", "08:30"),
        ("break", "08:30", "08:45"),
        ("work", "08:45", "11:00"),
        ("lunch", "11:00", "11:30"),
        ("work", "11:30", "15:00"),
    ]
    assert [(a, s[:16], e[:16]) for a, s, e in late] == [
        ("work", "2026-03-02T18:00", "2026-03-03T00:30"),
        ("lunch", "2026-03-03T00:30", "2026-03-03T01:00"),
        ("work", "2026-03-03T01:00", "2026-03-03T02:00"),
    ]


def test_roster_rows_naming_unknown_agents_or_bad_times_are_refused(org: Any) -> None:
    add_agents(org, 1)
    cases = {
        "agent,shift,day,start,end\nagent-01,a,0,07:00,15:00\nzed,a,0,07:00,15:00\n": (
            "roster row 3: agent 'zed' is not a known agent "
            "(no user with that name has an agent profile)"
        ),
        "agent,shift,day,start,end\nagent-01,a,0,7 am,15:00\n": (
            "roster row 2: '7 am' is not a time (HH:MM with a day, or an ISO date and time)"
        ),
        "agent,shift\nagent-01,a\n": "roster: the header must name the columns agent,start,end",
    }
    for text, message in cases.items():
        response = create(org, {"csv": text, "week_start": DAY})
        assert response.status_code == 422, response.text
        assert response.json()["detail"] == message
    overnight = create(
        org, {"csv": "agent,shift,day,start,end\nagent-01,n,0,22:00,06:00\n", "week_start": DAY}
    )
    assert overnight.status_code == 201, overnight.text
    (night,) = overnight.json()["segments"]
    assert (night["start"][:16], night["end"][:16]) == ("2026-03-02T22:00", "2026-03-03T06:00")
