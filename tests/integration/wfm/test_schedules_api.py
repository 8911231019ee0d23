"""Schedules through the HTTP API: create, publish, who sees what, edits with history, and
bad input answered with the row, agent and times at fault."""

from __future__ import annotations

from typing import Any

import httpx

from frontline.domain.wfm_schedule.segments import Activity

DAY = "2026-03-02"
SCHEDULES = "/api/v1/schedules"
MINE = "/api/v1/agents/me/schedule"


def seg(agent_id: int, activity: str, start: str, end: str, day: str = DAY) -> dict[str, Any]:
    return {
        "agent_id": agent_id,
        "activity": activity,
        "start": f"{day}T{start}:00Z",
        "end": f"{day}T{end}:00Z",
    }


def week(org: Any, *segments: dict[str, Any], name: str = "week 10") -> dict[str, Any]:
    body = {"name": name, "starts_on": DAY, "ends_on": "2026-03-08", "segments": list(segments)}
    response = org.api.post(SCHEDULES, json=body, headers=org.login("planner"))
    assert response.status_code == 201, response.text
    return dict(response.json())


def spans(segments: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(s["activity"], s["start"][11:16], s["end"][11:16]) for s in segments]


def ann_and_bob(org: Any) -> dict[str, Any]:
    """Ann 09:00-17:00 with lunch 12:00-12:30 (given on top of the shift), Bob 10:00-18:00."""
    ann, bob = org.agent_ids["ann"], org.agent_ids["bob"]
    return week(
        org,
        seg(ann, "work", "09:00", "17:00"),
        seg(ann, "lunch", "12:00", "12:30"),
        seg(bob, "work", "10:00", "18:00"),
    )


def my_day(org: Any, who: str) -> httpx.Response:
    window = {"from": f"{DAY}T00:00:00Z", "to": "2026-03-03T00:00:00Z"}
    return org.api.get(MINE, params=window, headers=org.login(who))


def test_published_schedules_reach_each_agent_and_only_their_own(org: Any) -> None:
    created = ann_and_bob(org)
    assert created["status"] == "draft" and created["published_version"] == 0
    assert len(created["segments"]) == 4  # ann's shift split around the lunch
    assert my_day(org, "ann").json()["segments"] == []  # drafts are not shown to agents

    published = org.api.post(f"{SCHEDULES}/{created['id']}/publish", headers=org.login("planner"))
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    assert published.json()["published_version"] == 1

    ann = my_day(org, "ann").json()
    assert spans(ann["segments"]) == [
        ("work", "09:00", "12:00"),
        ("lunch", "12:00", "12:30"),
        ("work", "12:30", "17:00"),
    ]
    assert {s["agent_id"] for s in ann["segments"]} == {org.agent_ids["ann"]}
    assert spans(my_day(org, "bob").json()["segments"]) == [("work", "10:00", "18:00")]
    assert my_day(org, "cid").json()["segments"] == []
    # the whole schedule, and another agent's rows, are not for agents
    refused = org.api.get(f"{SCHEDULES}/{created['id']}", headers=org.login("ann"))
    assert refused.status_code == 403
    no_profile = my_day(org, "planner")
    assert no_profile.status_code == 404 and "no agent profile" in no_profile.json()["detail"]


def test_team_leads_see_only_their_teams_and_supervisors_everyone(org: Any) -> None:
    cid = org.agent_ids["cid"]
    created = ann_and_bob(org)
    org.api.post(
        f"{SCHEDULES}/{created['id']}/segments",
        json=seg(cid, "work", "08:00", "16:00"),
        headers=org.login("planner"),
    )
    url = f"{SCHEDULES}/{created['id']}"

    def agents_seen(who: str) -> set[int]:
        response = org.api.get(url, headers=org.login(who))
        assert response.status_code == 200, response.text
        return {s["agent_id"] for s in response.json()["segments"]}

    assert agents_seen("north-lead") == {org.agent_ids["ann"], org.agent_ids["bob"]}
    assert agents_seen("south-lead") == {cid}
    assert agents_seen("boss") == set(org.agent_ids.values())
    assert org.api.get(f"{url}/history", headers=org.login("south-lead")).status_code == 403
    change = org.api.patch(f"{url}/segments/1", json={"note": "x"}, headers=org.login("north-lead"))
    assert change.status_code == 403


def test_edits_keep_history_and_reach_agents_when_republished(org: Any) -> None:
    created = ann_and_bob(org)
    url = f"{SCHEDULES}/{created['id']}"
    planner = org.login("planner")
    org.api.post(f"{url}/publish", headers=planner)
    bob_shift = next(s for s in created["segments"] if s["agent_id"] == org.agent_ids["bob"])

    moved = org.api.patch(
        f"{url}/segments/{bob_shift['id']}",
        json={"start": f"{DAY}T11:00:00Z", "end": f"{DAY}T19:00:00Z"},
        headers=planner,
    )
    assert moved.status_code == 200, moved.text
    meeting = org.api.post(
        f"{url}/segments",
        json=seg(org.agent_ids["bob"], "meeting", "15:00", "16:00"),
        headers=planner,
    )
    assert meeting.status_code == 201, meeting.text
    assert org.api.get(url, headers=planner).json()["status"] == "changed"
    # agents still see version 1 until the planner publishes again
    assert spans(my_day(org, "bob").json()["segments"]) == [("work", "10:00", "18:00")]

    again = org.api.post(f"{url}/publish", headers=planner).json()
    assert again["published_version"] == 2 and again["status"] == "published"
    assert spans(my_day(org, "bob").json()["segments"]) == [
        ("work", "11:00", "15:00"),
        ("meeting", "15:00", "16:00"),
        ("work", "16:00", "19:00"),
    ]
    unchanged = org.api.post(f"{url}/publish", headers=planner).json()
    assert unchanged["published_version"] == 2  # nothing changed: no new version

    entries = org.api.get(f"{url}/history", headers=planner).json()["items"]
    assert [e["action"] for e in entries] == [
        "publish",
        "add_segment",
        "change_segment",
        "publish",
        "create",
    ]
    assert {e["actor_username"] for e in entries} == {"planner"}
    change = entries[2]
    assert change["segment_id"] == bob_shift["id"]
    assert change["changes"] == {
        "start": ["2026-03-02T10:00:00+00:00", "2026-03-02T11:00:00+00:00"],
        "end": ["2026-03-02T18:00:00+00:00", "2026-03-02T19:00:00+00:00"],
    }
    assert entries[1]["changes"]["activity"] == [None, Activity.MEETING.value]
    assert entries[1]["changes"]["split_segment"][0] == bob_shift["id"]
    assert entries[0]["changes"]["version"] == [1, 2]


def test_bad_schedules_are_refused_naming_the_agent_row_and_times(org: Any) -> None:
    ann = org.agent_ids["ann"]
    planner = org.login("planner")

    def refused(*segments: dict[str, Any]) -> str:
        body = {"name": "bad", "starts_on": DAY, "ends_on": "2026-03-08", "segments": segments}
        response = org.api.post(SCHEDULES, json=body, headers=planner)
        assert response.status_code == 422, response.text
        return str(response.json()["detail"])

    assert refused(seg(ann, "work", "09:00", "17:00"), seg(ann, "training", "16:30", "18:00")) == (
        f"overlapping segments for agent {ann} (ann) work 2026-03-02 09:00–17:00 UTC and "
        "training 2026-03-02 16:30–18:00 UTC"
    )
    assert refused(seg(ann, "work", "09:00", "17:00"), seg(99_999, "work", "09:00", "17:00")) == (
        "segments[1]: agent 99999 does not exist"
    )
    assert refused(seg(ann, "work", "17:00", "09:00")) == (
        f"segments[0]: agent {ann} work 2026-03-02 17:00–09:00 UTC: the end must be after the start"
    )
    assert "starts outside the schedule's days 2026-03-02–2026-03-08" in refused(
        seg(ann, "work", "09:00", "17:00", day="2026-03-09")
    )
    naive = {**seg(ann, "work", "09:00", "17:00"), "start": f"{DAY}T09:00:00"}
    assert (
        org.api.post(
            SCHEDULES,
            json={"name": "n", "starts_on": DAY, "ends_on": DAY, "segments": [naive]},
            headers=planner,
        ).status_code
        == 422
    )

    created = week(org, seg(ann, "work", "09:00", "13:00"), seg(ann, "work", "14:00", "18:00"))
    first = created["segments"][0]["id"]
    clash = org.api.patch(
        f"{SCHEDULES}/{created['id']}/segments/{first}",
        json={"end": f"{DAY}T15:00:00Z"},
        headers=planner,
    )
    assert clash.status_code == 422
    assert clash.json()["detail"].startswith(f"overlapping segments for agent {ann} (ann)")


def test_a_second_published_schedule_may_not_double_book_an_agent(org: Any) -> None:
    ann = org.agent_ids["ann"]
    planner = org.login("planner")
    one = week(org, seg(ann, "work", "09:00", "17:00"), name="regular")
    org.api.post(f"{SCHEDULES}/{one['id']}/publish", headers=planner)
    two = week(org, seg(ann, "training", "16:00", "18:00"), name="training day")
    response = org.api.post(f"{SCHEDULES}/{two['id']}/publish", headers=planner)
    assert response.status_code == 422
    assert "clashes with published schedule(s) 1" in response.json()["detail"]
    assert "(ann)" in response.json()["detail"]
