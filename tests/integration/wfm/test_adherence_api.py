"""Adherence, conformance and out-of-adherence alerts through the HTTP API, with the state log
written by ``record_agent_state`` and, end to end, by the live routing service."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from frontline.service.wfm.runtime import WfmRuntime
from frontline.service.wfm.state_log import record_agent_state

MONDAY = datetime.fromisoformat("2026-03-02T00:00:00+00:00")
DAY = "2026-03-02"


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return MONDAY + timedelta(hours=int(hours), minutes=int(minutes))


def seg(agent_id: int, activity: str, start: str, end: str) -> dict[str, Any]:
    return {
        "agent_id": agent_id,
        "activity": activity,
        "start": f"{DAY}T{start}:00Z",
        "end": f"{DAY}T{end}:00Z",
    }


@pytest.fixture
def published(org: Any) -> int:
    """Ann 09:00-17:00 with lunch 12:00-12:30, Bob 10:00-18:00; published."""
    ann, bob = org.agent_ids["ann"], org.agent_ids["bob"]
    body = {
        "name": "monday",
        "starts_on": DAY,
        "ends_on": DAY,
        "segments": [
            seg(ann, "work", "09:00", "17:00"),
            seg(ann, "lunch", "12:00", "12:30"),
            seg(bob, "work", "10:00", "18:00"),
        ],
    }
    planner = org.login("planner")
    created = org.api.post("/api/v1/schedules", json=body, headers=planner)
    assert created.status_code == 201, created.text
    schedule_id = int(created.json()["id"])
    assert org.api.post(f"/api/v1/schedules/{schedule_id}/publish", headers=planner).is_success
    return schedule_id


def ann_works_the_guide_example(wfm: WfmRuntime, ann: int) -> None:
    for state, reason, when in [
        ("offline", None, "00:00"),
        ("available", None, "09:05"),
        ("break", "lunch", "12:10"),
        ("available", None, "12:40"),
        ("offline", None, "17:00"),
    ]:
        assert record_agent_state(wfm.uow(), ann, state, reason, at(when))


def test_adherence_per_agent_and_team_matches_the_hand_computed_day(
    org: Any, wfm: WfmRuntime, clock: Any, published: int
) -> None:
    ann = org.agent_ids["ann"]
    ann_works_the_guide_example(wfm, ann)
    assert not record_agent_state(wfm.uow(), ann, "offline", None, at("17:30"))  # no change
    clock.set(18)
    response = org.api.get("/api/v1/adherence", params={"date": DAY}, headers=org.login("boss"))
    assert response.status_code == 200, response.text
    report = response.json()
    rows = {row["username"]: row for row in report["agents"]}
    assert set(rows) == {"ann", "bob"}  # cid has no schedule and no logged time
    assert rows["ann"]["scheduled_minutes"] == 480
    assert rows["ann"]["adherent_minutes"] == 455  # 175 + 20 + 260, by hand
    assert rows["ann"]["out_of_adherence_minutes"] == 25
    assert rows["ann"]["adherence_percent"] == round(100 * 455 / 480, 2)  # 94.79
    assert rows["ann"]["scheduled_work_minutes"] == 450
    assert rows["ann"]["worked_minutes"] == 445
    assert rows["ann"]["conformance_percent"] == round(100 * 445 / 450, 2)  # 98.89
    assert rows["bob"]["adherence_percent"] == 0.0  # never logged in
    assert rows["bob"]["conformance_percent"] == 0.0
    north = next(t for t in report["teams"] if t["team_id"] == org.team_ids["north"])
    assert north["scheduled_minutes"] == 960
    assert north["adherence_percent"] == round(100 * 455 / 960, 2)  # minute-weighted
    assert report["total"]["adherent_minutes"] == 455

    south = org.api.get(
        "/api/v1/adherence",
        params={"date": DAY, "team": org.team_ids["south"]},
        headers=org.login("boss"),
    ).json()
    assert south["agents"] == [] and south["total"]["adherence_percent"] is None
    by_lead = org.api.get(
        "/api/v1/adherence", params={"date": DAY}, headers=org.login("south-lead")
    ).json()
    assert by_lead["agents"] == []  # ann and bob are not in the south team
    assert org.api.get("/api/v1/adherence", headers=org.login("ann")).status_code == 403


def test_today_is_measured_only_up_to_now(
    org: Any, wfm: WfmRuntime, clock: Any, published: int
) -> None:
    ann_works_the_guide_example(wfm, org.agent_ids["ann"])
    clock.set(10)  # 10:00: ann scheduled 60 min, adherent 55
    report = org.api.get("/api/v1/adherence", headers=org.login("planner")).json()
    assert report["date"] == DAY and report["until"].startswith(f"{DAY}T10:00:00")
    ann = next(r for r in report["agents"] if r["username"] == "ann")
    assert (ann["scheduled_minutes"], ann["adherent_minutes"]) == (60, 55)


def test_a_no_show_is_alerted_from_the_start_of_the_shift(
    org: Any, wfm: WfmRuntime, clock: Any, published: int
) -> None:
    record_agent_state(wfm.uow(), org.agent_ids["ann"], "available", None, at("08:55"))
    clock.set(12 + 33 / 60)
    response = org.api.get("/api/v1/adherence/alerts", headers=org.login("boss"))
    assert response.status_code == 200, response.text
    assert response.json()["grace_seconds"] == 300
    only_bob = response.json()["alerts"]
    assert [a["username"] for a in only_bob] == ["bob"]  # ann is working; bob never came
    assert only_bob[0]["out_since"].startswith(f"{DAY}T10:00:00")
    assert only_bob[0]["minutes_out"] == 153
    assert only_bob[0]["scheduled_activity"] == "work" and only_bob[0]["state"] == "offline"
    assert org.api.get("/api/v1/adherence/alerts", headers=org.login("ann")).status_code == 403


def test_a_late_return_from_lunch_raises_an_alert_after_grace(
    org: Any, wfm: WfmRuntime, clock: Any, published: int
) -> None:
    ann = org.agent_ids["ann"]
    record_agent_state(wfm.uow(), ann, "available", None, at("09:00"))
    record_agent_state(wfm.uow(), ann, "break", "lunch", at("12:10"))
    clock.set(12 + 34 / 60)
    found = org.api.get("/api/v1/adherence/alerts", headers=org.login("north-lead")).json()
    assert [a["username"] for a in found["alerts"]] == ["bob"]
    clock.set(12 + 36 / 60)
    found = org.api.get("/api/v1/adherence/alerts", headers=org.login("north-lead")).json()
    by_name = {a["username"]: a for a in found["alerts"]}
    assert set(by_name) == {"ann", "bob"}
    assert by_name["ann"]["out_since"].startswith(f"{DAY}T12:30:00")
    assert by_name["ann"]["minutes_out"] == 6
    assert (by_name["ann"]["state"], by_name["ann"]["reason"]) == ("break", "lunch")
    assert [a["username"] for a in found["alerts"]] == ["bob", "ann"]  # longest first
    south = org.api.get("/api/v1/adherence/alerts", headers=org.login("south-lead")).json()
    assert south["alerts"] == []


def test_agent_state_changes_from_the_live_desktop_reach_the_state_log(
    org: Any, wfm: WfmRuntime, container: Any
) -> None:
    """End to end: the routing service applies the change, publishes it after commit, and the
    hub wrapper in the composition root copies it into the log."""
    ann = org.login("ann")
    for body in ({"state": "available"}, {"state": "break", "reason": "lunch"}):
        response = org.api.put("/api/v1/agents/me/state", json=body, headers=ann)
        assert response.status_code == 200, response.text
    container.state_feed.drain()
    agent_id = org.agent_ids["ann"]
    with wfm.uow() as uow:
        log = uow.state_log.spans(
            frozenset({agent_id}),
            datetime.min.replace(tzinfo=MONDAY.tzinfo),
            datetime.max.replace(tzinfo=MONDAY.tzinfo),
        )
    assert [(e.state, e.reason) for e in log][-2:] == [("available", None), ("break", "lunch")]
    assert log[-2].ended_at == log[-1].started_at and log[-1].ended_at is None
