"""Guided scripts: authoring validation, step-by-step runs, persistence, and the compliance
rule that a case cannot be resolved until the mandatory statement is confirmed."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import datetime, timedelta
from typing import Any

import pytest
from tests.unit.crm.conftest import inbound, new_case, utc

from frontline.domain.crm.errors import InvalidAnswer, InvalidScript, MandatoryStepsPending
from frontline.domain.crm.script_runner import ScriptRun
from frontline.domain.crm.scripts import Script

T0 = utc(2024, 3, 4, 9)

#: Debt-collection style call: identity check, the recording notice (mandatory, on every
#: path), then a branch; the mini-Miranda disclosure is mandatory only on the "debt" branch.
COMPLIANCE: dict[str, Any] = {
    "id": "collections",
    "version": 3,
    "title": "Collections call",
    "start": "recording",
    "steps": [
        {"id": "recording", "kind": "info", "prompt": "Greet the customer", "next": "notice"},
        {
            "id": "notice",
            "kind": "statement",
            "mandatory": True,
            "prompt": "This call is recorded for quality and training.",
            "next": "dob",
        },
        {
            "id": "dob",
            "kind": "text",
            "prompt": "Date of birth (YYYY-MM-DD)",
            "pattern": r"\d{4}-\d{2}-\d{2}",
            "min_length": 10,
            "max_length": 10,
            "next": "reason",
        },
        {
            "id": "reason",
            "kind": "question",
            "prompt": "Why are they calling?",
            "options": [
                {"value": "debt", "label": "About the debt", "next": "miranda"},
                {"value": "other", "label": "Something else"},
            ],
            "next": "wrap",
        },
        {
            "id": "miranda",
            "kind": "statement",
            "mandatory": True,
            "prompt": "This is an attempt to collect a debt.",
            "next": "plan",
        },
        {
            "id": "plan",
            "kind": "question",
            "prompt": "Payment plan agreed?",
            "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
            "next": "wrap",
        },
        {"id": "wrap", "kind": "info", "prompt": "Thank the customer"},
    ],
}


def script(data: dict[str, Any] = COMPLIANCE) -> Script:
    return Script.from_dict(data)


def minute(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def test_run_follows_the_chosen_branch_and_ends() -> None:
    run = ScriptRun(script())
    assert run.current_step is not None and run.current_step.id == "recording"
    run.answer("recording", None, minute(0))
    run.answer("notice", True, minute(1))
    run.answer("dob", " 1980-02-29 ", minute(2))
    nxt = run.answer("reason", "other", minute(3))
    assert nxt is not None and nxt.id == "wrap"
    assert run.answer("wrap", None, minute(4)) is None and run.finished
    assert run.answers == {
        "recording": None,
        "notice": True,
        "dob": "1980-02-29",
        "reason": "other",
        "wrap": None,
    }


def test_pending_mandatory_follows_the_branches() -> None:
    run = ScriptRun(script())
    assert run.pending_mandatory() == ("notice",)  # miranda lies on one branch only
    run.answer("recording", None, minute(0))
    run.answer("notice", True, minute(1))
    run.answer("dob", "1980-02-29", minute(2))
    assert run.pending_mandatory() == ()
    run.answer("reason", "debt", minute(3))
    assert run.pending_mandatory() == ("miranda",)
    run.answer("miranda", True, minute(4))
    assert run.pending_mandatory() == ()


def test_resolve_is_refused_until_the_statement_is_confirmed() -> None:
    case = new_case(T0)
    case.link_interaction(inbound("call-1", T0))
    run = ScriptRun(script())
    run.answer("recording", None, minute(0))
    with pytest.raises(MandatoryStepsPending, match="notice"):
        case.resolve(minute(1), "user:1", pending_script_steps=run.pending_mandatory())
    with pytest.raises(InvalidAnswer, match="must be confirmed"):
        run.answer("notice", False, minute(1))
    run.answer("notice", True, minute(2))
    case.resolve(minute(3), "user:1", pending_script_steps=run.pending_mandatory())
    assert case.is_first_contact_resolution


def test_answers_are_checked() -> None:
    run = ScriptRun(script())
    with pytest.raises(InvalidAnswer, match="current step is 'recording'"):
        run.answer("notice", True, minute(0))
    with pytest.raises(InvalidAnswer, match="takes no answer"):
        run.answer("recording", "hello", minute(0))
    run.answer("recording", None, minute(0))
    run.answer("notice", True, minute(1))
    with pytest.raises(InvalidAnswer, match="expected form"):
        run.answer("dob", "29/02/1980", minute(2))
    with pytest.raises(InvalidAnswer, match="10-10 characters"):
        run.answer("dob", "1980", minute(2))
    run.answer("dob", "1980-02-29", minute(2))
    with pytest.raises(InvalidAnswer, match="one of: debt, other"):
        run.answer("reason", "maybe", minute(3))
    assert len(run.path) == 3


def test_back_discards_the_last_answer() -> None:
    run = ScriptRun(script())
    with pytest.raises(InvalidAnswer, match="first step"):
        run.back()
    run.answer("recording", None, minute(0))
    run.answer("notice", True, minute(1))
    assert run.back().id == "notice"
    assert run.current_step is not None and run.current_step.id == "notice"
    assert run.pending_mandatory() == ("notice",)


def test_run_survives_a_json_round_trip_and_refuses_tampering() -> None:
    run = ScriptRun(script())
    run.answer("recording", None, minute(0))
    run.answer("notice", True, minute(1))
    stored = json.loads(json.dumps(run.to_dict()))
    again = ScriptRun.from_dict(script(), stored)
    assert again.answers == run.answers and again.path == run.path
    tampered = deepcopy(stored)
    tampered["answers"][1]["value"] = False
    with pytest.raises(InvalidAnswer, match="confirmed"):
        ScriptRun.from_dict(script(), tampered)
    with pytest.raises(InvalidAnswer, match="version 3"):
        ScriptRun.from_dict(script(), {**stored, "version": 2})
    with pytest.raises(InvalidAnswer, match="malformed"):
        ScriptRun.from_dict(script(), {**stored, "answers": [{"step": "recording"}]})


def test_script_round_trips_through_plain_data() -> None:
    original = script()
    assert Script.from_dict(json.loads(json.dumps(original.to_dict()))) == original


def broken(change: Any) -> dict[str, Any]:
    data = deepcopy(COMPLIANCE)
    change(data)
    return data


def _step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in data["steps"] if s["id"] == step_id)


@pytest.mark.parametrize(
    ("change", "step_id", "message"),
    [
        (lambda d: _step(d, "plan").update(next="nowhere"), "plan", "unknown step 'nowhere'"),
        (
            lambda d: d["steps"].append({"id": "orphan", "kind": "info", "prompt": "x"}),
            "orphan",
            "cannot be reached",
        ),
        (
            lambda d: (
                _step(d, "wrap").update(next="reason")
                or _step(d, "reason")["options"][1].update(next="wrap")
            ),
            None,
            "no end step",
        ),
        (lambda d: _step(d, "plan").update(next="miranda"), "miranda", "loop without exit"),
        (lambda d: d.update(start="missing"), "missing", "start step"),
        (lambda d: _step(d, "reason").update(options=[]), "reason", "no answer options"),
        (lambda d: _step(d, "plan")["options"].append({"value": "yes"}), "plan", "repeated"),
        (lambda d: _step(d, "dob").update(pattern="("), "dob", "bad pattern"),
        (lambda d: _step(d, "notice").update(options=[{"value": "x"}]), "notice", "only questions"),
        (lambda d: d["steps"].append(dict(_step(d, "wrap"))), "wrap", "used twice"),
        (
            lambda d: _step(d, "recording").update(id="bad id!") or d.update(start="bad id!"),
            "bad id!",
            "must be 1-64",
        ),
    ],
)
def test_authoring_errors_name_the_step(change: Any, step_id: str | None, message: str) -> None:
    with pytest.raises(InvalidScript, match=message) as info:
        Script.from_dict(broken(change))
    assert info.value.step_id == step_id
    assert isinstance(info.value, ValueError)


def test_missing_fields_are_reported() -> None:
    with pytest.raises(InvalidScript, match="missing 'prompt'"):
        Script.from_dict({"id": "s", "steps": [{"id": "a", "kind": "info"}]})
    with pytest.raises(InvalidScript, match="malformed"):
        Script.from_dict({"id": "s", "steps": [{"id": "a", "kind": "dance", "prompt": "x"}]})
    with pytest.raises(InvalidScript, match="at least one step"):
        Script.from_dict({"id": "s", "steps": []})
