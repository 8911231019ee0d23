"""The flows admin API: YAML/JSON upload with validation naming the node, versions, publishing
to queues and numbers, permissions, and analytics built from real chat runs."""

from __future__ import annotations

import json

import yaml

from frontline.domain.flows import parse_flow

from .conftest import FLOWS, Api

CHAT_FLOW = (FLOWS / "chat_assistant.yaml").read_text(encoding="utf-8")
IVR_FLOW = (FLOWS / "bank_ivr.yaml").read_text(encoding="utf-8")


def test_each_upload_is_a_new_version_and_publishing_attaches_queues_and_numbers(
    api: Api,
) -> None:
    admin = api.token("boss")
    first = api.upload(admin, CHAT_FLOW)
    assert (first["id"], first["version"], first["published_version"]) == (
        "chat-assistant",
        1,
        None,
    )
    document = yaml.safe_load(CHAT_FLOW)
    document["name"] = "Renamed assistant"
    second = api.upload(admin, json.dumps(document), kind="json")
    assert (second["version"], second["latest_version"], second["name"]) == (
        2,
        2,
        "Renamed assistant",
    )
    published = api.publish(admin, "chat-assistant", version=1, queues=["general"])
    assert published["published_version"] == 1
    assert published["queues"] == ["general"]
    versions = api.call("GET", "/api/v1/flows/chat-assistant/versions", admin)
    assert [(v["version"], v["published"], v["format"]) for v in versions] == [
        (2, False, "json"),
        (1, True, "yaml"),
    ]
    assert versions[1]["source"] == CHAT_FLOW  # stored exactly as uploaded
    assert versions[1]["created_by"] == "boss"
    ivr = api.upload(admin, IVR_FLOW)
    api.publish(admin, ivr["id"], numbers=["+14155550100"], queues=["general"])
    listed = {f["id"]: f for f in api.call("GET", "/api/v1/flows", admin)}
    assert listed["bank-ivr"]["numbers"] == ["+14155550100"]
    assert listed["bank-ivr"]["queues"] == ["general"]
    assert listed["chat-assistant"]["queues"] == []  # the queue moved to the other flow


def test_an_invalid_flow_is_rejected_with_every_problem_naming_its_node(api: Api) -> None:
    admin = api.token("boss")
    document = yaml.safe_load(CHAT_FLOW)
    document["nodes"][2]["next"] = "nowhere"  # the answer node
    document["nodes"][3]["on_failure"] = "elsewhere"  # the helped node
    answer = api.upload(admin, yaml.safe_dump(document), expect=422)
    problems = {(p["node"], p["field"]) for p in answer["problems"]}
    assert {("answer", "next"), ("helped", "on_failure")} <= problems
    assert "node 'answer' field 'next'" in answer["detail"]
    document = yaml.safe_load(CHAT_FLOW)
    document["nodes"].append({"id": "ghost", "type": "say", "text": "hi", "colour": "red"})
    answer = api.upload(admin, yaml.safe_dump(document), expect=422)
    assert ("ghost", "colour") in {(p["node"], p["field"]) for p in answer["problems"]}
    assert api.call("GET", "/api/v1/flows", admin) == []  # nothing stored
    broken = api.upload(admin, "id: [unclosed", expect=422)
    assert "not valid YAML" in broken["detail"]
    assert "not valid JSON" in api.upload(admin, "{", expect=422, kind="json")["detail"]


def test_publishing_checks_the_queue_number_and_version(api: Api) -> None:
    admin = api.token("boss")
    api.upload(admin, CHAT_FLOW)
    url = "/api/v1/flows/chat-assistant/publish"
    assert "unknown queue" in api.call("POST", url, admin, 422, json={"queues": ["nope"]})["detail"]
    assert "E.164" in api.call("POST", url, admin, 422, json={"numbers": ["555-1234"]})["detail"]
    api.call("POST", url, admin, 404, json={"version": 7})
    api.call("POST", "/api/v1/flows/missing/publish", admin, 404, json={})


def test_supervisors_read_flows_but_only_admins_change_them(api: Api) -> None:
    admin, supervisor, agent = api.token("boss"), api.token("super"), api.token("alice")
    api.upload(admin, CHAT_FLOW)
    assert [f["id"] for f in api.call("GET", "/api/v1/flows", supervisor)] == ["chat-assistant"]
    api.call("GET", "/api/v1/flows/chat-assistant/analytics", supervisor)
    denied = api.upload(supervisor, CHAT_FLOW, expect=403)
    assert "flows:manage" in denied["detail"]
    api.call("GET", "/api/v1/flows", agent, 403)


def test_the_shipped_examples_are_accepted_unchanged(api: Api) -> None:
    admin = api.token("boss")
    for source in (CHAT_FLOW, IVR_FLOW):
        stored = api.upload(admin, source)
        versions = api.call("GET", f"/api/v1/flows/{stored['id']}/versions", admin)
        assert parse_flow(yaml.safe_load(versions[0]["source"])).id == stored["id"]
