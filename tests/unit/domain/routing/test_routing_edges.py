"""Edge cases of the routing engine: transfers, decline chains, widening, capacity, states."""

from __future__ import annotations

import math

import pytest

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    TRANSITIONS,
    Agent,
    AgentState,
    AgentStateChanged,
    ClockWentBackwards,
    ContactOffered,
    ContactQueued,
    ContactTransferred,
    DuplicateAgent,
    DuplicateContact,
    IllegalTransition,
    NotYourOffer,
    OfferDeclined,
    Queue,
    RoutingEngine,
    UnknownAgent,
    UnknownContact,
    UnknownQueue,
    WideningStep,
    WrongContactPhase,
    most_skilled,
)

V, C, E = Channel.VOICE, Channel.CHAT, Channel.EMAIL
S = AgentState


def ready(engine: RoutingEngine, *agents: Agent, now: float = 0.0) -> None:
    for agent in agents:
        engine.add_agent(agent, now)
        engine.set_state(agent.id, S.AVAILABLE, now)


def offered_to(events: list, contact_id: str) -> str | None:
    hits = [e.agent_id for e in events if isinstance(e, ContactOffered)]
    hits = [
        e.agent_id for e in events if isinstance(e, ContactOffered) and e.contact_id == contact_id
    ]
    return hits[-1] if hits else None


# ------------------------------------------------------------------ widening
def test_widening_step_opens_the_queue_to_lower_proficiency_at_the_step_time() -> None:
    queue = Queue("fr", V, {"fr": 4}, widening=(WideningStep(30.0, 2),))
    engine = RoutingEngine([queue])
    ready(engine, Agent("junior", {"fr": 2}))
    engine.enqueue("c", "fr", 100.0)
    assert engine.waiting("fr") == 1
    assert engine.next_due() == 130.0
    assert engine.tick(129.9) == []
    events = engine.tick(130.0)
    assert events[0] == ContactOffered(130.0, "c", "junior", "fr", 30.0)


def test_free_agent_takes_a_widened_contact_without_a_tick() -> None:
    queue = Queue("fr", V, {"fr": 4}, widening=(WideningStep(30.0, 2),))
    engine = RoutingEngine([queue])
    engine.add_agent(Agent("junior", {"fr": 2}), 0.0)
    engine.enqueue("c", "fr", 0.0)
    engine.set_state("junior", S.AVAILABLE, 10.0)
    assert engine.waiting("fr") == 1
    engine.set_state("junior", S.NOT_READY, 20.0)
    events = engine.set_state("junior", S.AVAILABLE, 31.0)
    assert offered_to(events, "c") == "junior"


def test_any_agent_after_reaches_members_without_the_skill() -> None:
    queue = Queue("vip", V, {"vip": 5}, any_agent_after_s=60.0)
    engine = RoutingEngine([queue])
    ready(engine, Agent("member", {}, queues=frozenset({"vip"})), Agent("outsider", {"other": 5}))
    engine.enqueue("c", "vip", 0.0)
    assert engine.next_due() == 60.0
    assert offered_to(engine.tick(60.0), "c") == "member"


def test_any_agent_after_reaches_non_members_having_the_skill_at_any_level() -> None:
    queue = Queue("vip", V, {"vip": 5}, any_agent_after_s=60.0)
    engine = RoutingEngine([queue])
    ready(engine, Agent("weak", {"vip": 1}))
    engine.enqueue("c", "vip", 0.0)
    assert offered_to(engine.tick(60.0), "c") == "weak"


def test_membership_restricts_an_agent_to_its_queues() -> None:
    engine = RoutingEngine([Queue("a", V), Queue("b", V)])
    ready(engine, Agent("only-a", queues=frozenset({"a"})))
    engine.enqueue("cb", "b", 0.0)
    assert engine.waiting("b") == 1
    assert offered_to(engine.enqueue("ca", "a", 1.0), "ca") == "only-a"


def test_widened_contacts_due_together_go_by_score() -> None:
    queue = Queue("q", V, {"x": 3}, acceleration=0.0, widening=(WideningStep(10.0, 1),))
    engine = RoutingEngine([queue], auto_accept=True)
    ready(engine, Agent("a", {"x": 1}))
    engine.enqueue("low", "q", 0.0, priority=0)
    engine.enqueue("high", "q", 0.0, priority=5)
    assert offered_to(engine.tick(10.0), "high") == "a"
    assert engine.waiting("q") == 1


# -------------------------------------------------------------- selection
def test_most_skilled_prefers_proficiency_then_longest_idle() -> None:
    engine = RoutingEngine([Queue("q", V, {"x": 1})], agent_policy=most_skilled)
    engine.add_agent(Agent("novice", {"x": 1}), 0.0)
    engine.add_agent(Agent("expert-late", {"x": 5}), 0.0)
    engine.add_agent(Agent("expert-early", {"x": 5}), 0.0)
    engine.set_state("novice", S.AVAILABLE, 1.0)
    engine.set_state("expert-early", S.AVAILABLE, 2.0)
    engine.set_state("expert-late", S.AVAILABLE, 3.0)
    assert offered_to(engine.enqueue("c1", "q", 4.0), "c1") == "expert-early"
    assert offered_to(engine.enqueue("c2", "q", 5.0), "c2") == "expert-late"
    assert offered_to(engine.enqueue("c3", "q", 6.0), "c3") == "novice"


def test_queue_policy_overrides_engine_policy() -> None:
    queue = Queue("q", V, {"x": 1}, agent_policy=most_skilled)
    engine = RoutingEngine([queue])
    engine.add_agent(Agent("novice", {"x": 1}), 0.0)
    engine.add_agent(Agent("expert", {"x": 5}), 0.0)
    engine.set_state("novice", S.AVAILABLE, 1.0)
    engine.set_state("expert", S.AVAILABLE, 2.0)
    assert offered_to(engine.enqueue("c", "q", 3.0), "c") == "expert"


def test_chats_spread_over_agents_before_stacking() -> None:
    engine = RoutingEngine([Queue("chat", C)], auto_accept=True)
    ready(engine, Agent("a", capacity={C: 3}), Agent("b", capacity={C: 3}))
    owners = [offered_to(engine.enqueue(f"c{i}", "chat", 1.0 + i), f"c{i}") for i in range(4)]
    assert owners == ["a", "b", "a", "b"]
    assert engine.agent_state("a") is S.BUSY


def test_acceleration_lets_an_old_low_priority_contact_overtake() -> None:
    queues = [Queue("slow", V, priority=0, acceleration=2.0), Queue("fast", V, priority=50)]
    engine = RoutingEngine(queues, auto_accept=True)
    engine.add_agent(Agent("a"), 0.0)
    engine.enqueue("old", "slow", 0.0)  # at t=40: 0 + 40*2 = 80
    engine.enqueue("new", "fast", 35.0)  # at t=40: 50 + 5 = 55
    assert offered_to(engine.set_state("a", S.AVAILABLE, 40.0), "old") == "a"


def test_requeue_and_transfer_keep_arrival_time_for_fcfs() -> None:
    engine = RoutingEngine([Queue("q", V, acceleration=0.0)], auto_accept=True)
    ready(engine, Agent("a"))
    engine.enqueue("first", "q", 0.0)
    engine.enqueue("second", "q", 5.0)
    events = engine.requeue("first", 10.0)
    assert events[0] == ContactQueued(10.0, "first", "q", 0.0)
    assert engine.contact_agent("first") == "a"  # back to the head, ahead of "second"
    assert engine.waiting("q") == 1


# -------------------------------------------------------- offers & declines
def test_decline_chain_skips_every_agent_that_refused() -> None:
    engine = RoutingEngine([Queue("q", V)])
    engine.add_agent(Agent("a"), 0.0)
    engine.add_agent(Agent("b"), 0.0)
    engine.set_state("a", S.AVAILABLE, 1.0)
    engine.set_state("b", S.AVAILABLE, 2.0)
    engine.enqueue("c", "q", 3.0)
    assert engine.contact_agent("c") == "a"
    events = engine.decline("c", "a", 4.0)
    assert events[0] == OfferDeclined(4.0, "c", "a", False)
    assert engine.contact_agent("c") == "b"
    assert engine.agent_state("a") is S.AVAILABLE  # an explicit decline does not set not-ready
    engine.decline("c", "b", 5.0)
    assert engine.contact_agent("c") is None and engine.waiting("q") == 1
    engine.enqueue("d", "q", 6.0)  # a fresh contact still goes to the decliners
    assert engine.contact_agent("d") in {"a", "b"}


def test_timeout_without_not_ready_keeps_agent_available() -> None:
    engine = RoutingEngine([Queue("q", V, offer_timeout_s=5.0)], not_ready_on_timeout=False)
    ready(engine, Agent("a"))
    engine.enqueue("c", "q", 0.0)
    events = engine.tick(5.0)
    assert events[0] == OfferDeclined(5.0, "c", "a", True)
    assert engine.agent_state("a") is S.AVAILABLE
    assert engine.waiting("q") == 1


def test_accepting_someone_elses_offer_is_refused() -> None:
    engine = RoutingEngine([Queue("q", V)])
    ready(engine, Agent("a"), Agent("b"))
    engine.enqueue("c", "q", 0.0)
    holder = engine.contact_agent("c")
    other = "b" if holder == "a" else "a"
    with pytest.raises(NotYourOffer, match="not offered to"):
        engine.accept("c", other, 1.0)
    engine.accept("c", holder or "", 1.0)
    with pytest.raises(NotYourOffer):
        engine.accept("c", holder or "", 2.0)


def test_answered_offer_cancels_its_timeout() -> None:
    engine = RoutingEngine([Queue("q", V, offer_timeout_s=5.0)])
    ready(engine, Agent("a"))
    engine.enqueue("c", "q", 0.0)
    engine.accept("c", "a", 2.0)
    assert engine.next_due() is None
    assert engine.tick(10.0) == []


# --------------------------------------------------------------- transfers
def test_blind_transfer_to_queue_frees_agent_and_excludes_it() -> None:
    queues = [Queue("sales", V, wrap_up_s=10.0), Queue("billing", V)]
    engine = RoutingEngine(queues, auto_accept=True)
    ready(engine, Agent("a"))
    engine.enqueue("c", "sales", 0.0)
    events = engine.transfer("c", 30.0, to_queue="billing")
    assert events[:2] == [
        ContactTransferred(30.0, "c", "sales", "billing", None),
        ContactQueued(30.0, "c", "billing", 0.0),
    ]
    assert AgentStateChanged(30.0, "a", S.BUSY, S.WRAP_UP, None) in events
    engine.set_state("a", S.AVAILABLE, 31.0)
    assert engine.waiting("billing") == 1  # never back to the agent that transferred it
    assert engine.queue_of("c") == "billing"


def test_transfer_to_a_named_busy_agent_waits_for_that_agent() -> None:
    engine = RoutingEngine([Queue("q", V)], auto_accept=True)
    ready(engine, Agent("a"), Agent("expert"), Agent("idle"))
    engine.enqueue("busy-work", "q", 0.0)
    engine.enqueue("c", "q", 1.0)
    expert_work = "busy-work" if engine.contact_agent("busy-work") == "expert" else "c"
    moving = "c" if expert_work == "busy-work" else "busy-work"
    engine.transfer(moving, 5.0, to_agent="expert")
    assert engine.contact_agent(moving) is None  # "idle" is free but the contact waits for expert
    assert engine.waiting("q") == 1
    events = engine.complete(expert_work, 9.0)
    assert offered_to(events, moving) == "expert"


def test_targeted_contact_falls_back_to_queue_when_agent_logs_out() -> None:
    engine = RoutingEngine([Queue("q", V)], auto_accept=True)
    engine.add_agent(Agent("target"), 0.0)
    engine.set_state("target", S.NOT_READY, 0.0)
    ready(engine, Agent("helper"))
    engine.enqueue("keep", "q", 0.0)  # occupies helper
    engine.enqueue("c", "q", 1.0)
    engine.transfer("c", 2.0, to_agent="target")
    engine.set_state("target", S.OFFLINE, 3.0)
    engine.complete("keep", 4.0)
    assert engine.contact_agent("c") == "helper"


def test_transfer_errors_leave_the_contact_alone() -> None:
    engine = RoutingEngine([Queue("q", V), Queue("chat", C)])
    ready(engine, Agent("voice-only", capacity={V: 1}))
    engine.add_agent(Agent("away"), 0.0)
    engine.enqueue("c", "q", 0.0)
    with pytest.raises(ValueError, match="to_queue or to_agent"):
        engine.transfer("c", 1.0)
    with pytest.raises(ValueError, match="offline"):
        engine.transfer("c", 1.0, to_agent="away")
    with pytest.raises(ValueError, match="takes no chat"):
        engine.transfer("c", 1.0, to_queue="chat", to_agent="voice-only")
    with pytest.raises(UnknownQueue):
        engine.transfer("c", 1.0, to_queue="nope")
    assert engine.contact_agent("c") == "voice-only"


# ------------------------------------------------------- capacity & channels
def test_email_and_chat_mix_up_to_their_capacities() -> None:
    engine = RoutingEngine([Queue("chat", C), Queue("mail", E)], auto_accept=True)
    ready(engine, Agent("a", capacity={C: 2, E: 1}))
    for i in range(3):
        engine.enqueue(f"c{i}", "chat", float(i))
        engine.enqueue(f"m{i}", "mail", float(i))
    assert engine.active_contacts("a") == frozenset({"c0", "c1", "m0"})
    assert engine.waiting("chat") == 1 and engine.waiting("mail") == 2


def test_voice_is_not_offered_to_an_agent_holding_a_chat() -> None:
    engine = RoutingEngine([Queue("chat", C), Queue("voice", V)], auto_accept=True)
    ready(engine, Agent("a", capacity={V: 1, C: 3}))
    engine.enqueue("chat1", "chat", 0.0)
    engine.enqueue("call", "voice", 1.0)
    assert engine.contact_agent("call") is None
    engine.complete("chat1", 2.0)
    assert engine.contact_agent("call") == "a"
    engine.enqueue("chat2", "chat", 3.0)
    assert engine.contact_agent("chat2") is None


# ------------------------------------------------------------- agent states
def test_break_with_reason_and_reason_change() -> None:
    engine = RoutingEngine([Queue("q", V)])
    ready(engine, Agent("a"))
    assert engine.set_state("a", S.BREAK, 1.0, reason="lunch") == [
        AgentStateChanged(1.0, "a", S.AVAILABLE, S.BREAK, "lunch")
    ]
    engine.enqueue("c", "q", 2.0)
    assert engine.waiting("q") == 1
    assert engine.set_state("a", S.BREAK, 3.0, reason="coaching") == [
        AgentStateChanged(3.0, "a", S.BREAK, S.BREAK, "coaching")
    ]
    assert engine.agent_reason("a") == "coaching"
    with pytest.raises(IllegalTransition):
        engine.set_state("a", S.BREAK, 4.0, reason="coaching")
    with pytest.raises(ValueError, match="reason"):
        engine.set_state("a", S.BREAK, 4.0)
    events = engine.set_state("a", S.AVAILABLE, 5.0)
    assert offered_to(events, "c") == "a"


def test_not_ready_requested_while_busy_is_deferred_until_work_ends() -> None:
    engine = RoutingEngine([Queue("chat", C, wrap_up_s=20.0)], auto_accept=True)
    ready(engine, Agent("a", capacity={C: 2}))
    engine.enqueue("c1", "chat", 0.0)
    assert engine.set_state("a", S.NOT_READY, 1.0, reason="meeting") == []
    engine.enqueue("c2", "chat", 2.0)
    assert engine.waiting("chat") == 1  # no new offers while the request is pending
    engine.complete("c1", 5.0)
    assert engine.agent_state("a") is S.WRAP_UP
    assert engine.tick(25.0) == [AgentStateChanged(25.0, "a", S.WRAP_UP, S.NOT_READY, "meeting")]
    assert engine.waiting("chat") == 1


def test_available_while_busy_cancels_a_pending_break() -> None:
    engine = RoutingEngine([Queue("chat", C)], auto_accept=True)
    ready(engine, Agent("a", capacity={C: 2}))
    engine.enqueue("c1", "chat", 0.0)
    engine.set_state("a", S.BREAK, 1.0, reason="lunch")
    engine.enqueue("c2", "chat", 2.0)
    assert offered_to(engine.set_state("a", S.AVAILABLE, 3.0), "c2") == "a"


@pytest.mark.parametrize(
    ("setup", "request_", "message"),
    [
        ("offline", S.BUSY, "set by the engine"),
        ("offline", S.WRAP_UP, "set by the engine"),
        ("reserved", S.NOT_READY, "pending offer"),
        ("busy", S.OFFLINE, "cannot log out"),
        ("available", S.AVAILABLE, "already available"),
        ("offline", S.OFFLINE, "already offline"),
    ],
)
def test_illegal_requests_are_refused(setup: str, request_: AgentState, message: str) -> None:
    engine = RoutingEngine([Queue("q", V)])
    engine.add_agent(Agent("a"), 0.0)
    if setup != "offline":
        engine.set_state("a", S.AVAILABLE, 0.0)
    if setup in ("reserved", "busy"):
        engine.enqueue("c", "q", 0.0)
    if setup == "busy":
        engine.accept("c", "a", 0.0)
    before = engine.agent_state("a")
    with pytest.raises(IllegalTransition, match=message):
        engine.set_state("a", request_, 1.0)
    assert engine.agent_state("a") is before


def test_transition_table_forbids_direct_jumps_into_work_from_rest() -> None:
    for rest in (S.OFFLINE, S.BREAK, S.NOT_READY):
        assert not TRANSITIONS[rest] & {S.RESERVED, S.BUSY, S.WRAP_UP}
    assert S.OFFLINE not in TRANSITIONS[S.BUSY] | TRANSITIONS[S.RESERVED]


def test_remove_agent_only_when_offline() -> None:
    engine = RoutingEngine([Queue("q", V)])
    ready(engine, Agent("a"))
    with pytest.raises(IllegalTransition, match="log it out"):
        engine.remove_agent("a", 1.0)
    engine.set_state("a", S.OFFLINE, 2.0)
    engine.remove_agent("a", 3.0)
    with pytest.raises(UnknownAgent):
        engine.agent_state("a")
    engine.enqueue("c", "q", 4.0)
    assert engine.waiting("q") == 1


# ------------------------------------------------------------------ errors
def test_bad_ids_and_phases_raise_clear_errors() -> None:
    engine = RoutingEngine([Queue("q", V)])
    ready(engine, Agent("a"))
    with pytest.raises(DuplicateAgent):
        engine.add_agent(Agent("a"), 0.0)
    with pytest.raises(UnknownQueue, match="'nope'"):
        engine.enqueue("c", "nope", 0.0)
    engine.enqueue("c", "q", 1.0)
    with pytest.raises(DuplicateContact):
        engine.enqueue("c", "q", 1.0)
    with pytest.raises(UnknownContact):
        engine.complete("ghost", 1.0)
    with pytest.raises(WrongContactPhase):
        engine.complete("c", 1.0)  # offered, not accepted
    engine.accept("c", "a", 2.0)
    with pytest.raises(WrongContactPhase):
        engine.abandon("c", 3.0)
    with pytest.raises(ClockWentBackwards):
        engine.tick(1.0)
    with pytest.raises(ValueError, match="later than now"):
        engine.enqueue("d", "q", 5.0, arrived_at=6.0)
    with pytest.raises(UnknownQueue):
        engine.add_agent(Agent("b", queues=frozenset({"missing"})), 5.0)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Queue("q", V, {"x": 6}),
        lambda: Queue("q", V, acceleration=-1.0),
        lambda: Queue("q", V, wrap_up_s=0.0),
        lambda: Queue("q", V, offer_timeout_s=math.inf),
        lambda: Queue("", V),
        lambda: WideningStep(-1.0, 2),
        lambda: Agent("a", {"x": 0}),
        lambda: Agent("a", capacity={V: -1}),
        lambda: RoutingEngine([Queue("q", V), Queue("q", C)]),
    ],
)
def test_invalid_configuration_is_rejected(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_overdue_work_is_due_now_not_in_the_past() -> None:
    engine = RoutingEngine([Queue("q", V, offer_timeout_s=5.0)])
    engine.add_agent(Agent("a"), 0.0)
    engine.add_agent(Agent("b"), 0.0)
    engine.set_state("a", S.AVAILABLE, 0.0)
    engine.set_state("b", S.AVAILABLE, 1.0)
    engine.enqueue("c", "q", 2.0)
    assert engine.contact_agent("c") == "a"
    engine.enqueue("late-call", "q", 9.0)  # the caller did not tick at 7.0
    assert engine.contact_agent("late-call") == "b"
    assert engine.next_due() == 9.0
    events = engine.tick(9.0)
    assert events[0] == OfferDeclined(9.0, "c", "a", True)
    assert engine.waiting("q") == 1 and engine.agent_state("a") is S.NOT_READY


def test_contacts_sent_to_an_agent_go_first_and_by_score() -> None:
    queues = [Queue("low", E, acceleration=0.0), Queue("high", E, priority=10, acceleration=0.0)]
    engine = RoutingEngine(queues, auto_accept=True)
    ready(engine, Agent("a", capacity={E: 1}))
    engine.enqueue("holding", "low", 0.0)
    engine.enqueue("queue-work", "high", 1.0)  # score 10, waits in the queue
    engine.enqueue("sent-low", "low", 2.0)
    engine.enqueue("sent-high", "low", 3.0)
    engine.transfer("sent-low", 4.0, to_agent="a")
    engine.transfer("sent-high", 4.0, to_queue="high", to_agent="a")
    engine.transfer("holding", 5.0, to_agent="a")  # frees "a", then waits for it too
    assert engine.contact_agent("sent-high") == "a"  # named before queue work; score 10 > 0
    engine.complete("sent-high", 6.0)
    assert engine.contact_agent("holding") == "a"  # equal score 0: arrived before "sent-low"
    engine.complete("holding", 7.0)
    assert engine.contact_agent("sent-low") == "a"
    engine.complete("sent-low", 8.0)
    assert engine.contact_agent("queue-work") == "a"


def test_late_offer_timeout_lets_the_agent_take_a_contact_that_widened_meanwhile() -> None:
    """Found by the invariant machine: a tick at 20 handles an offer timeout due at 19. The
    contact that comes back must not be offered straight to the free agent if another contact
    reached that agent's level at 20 with a higher score (its widening timer, due at 20, runs
    after the timeout in the same tick)."""
    queue = Queue("q", C, {"en": 2}, acceleration=0.0, any_agent_after_s=5.0, offer_timeout_s=4.0)
    engine = RoutingEngine([queue], not_ready_on_timeout=False)
    ready(engine, Agent("member", {}, {C: 1}, frozenset({"q"})), now=15.0)
    engine.add_agent(Agent("late", {"en": 1}, {C: 1}), 15.0)
    engine.enqueue("old", "q", 15.0, arrived_at=0.0)  # offered to the member, never answered
    engine.enqueue("urgent", "q", 15.0, priority=5)
    engine.set_state("late", S.AVAILABLE, 18.0)  # qualifies after 5 s of waiting
    offers = [e for e in engine.tick(20.0) if isinstance(e, ContactOffered)]
    assert [(e.contact_id, e.agent_id) for e in offers] == [("urgent", "late")]
    assert engine.queue_of("old") == "q" and engine.contact_agent("old") is None
