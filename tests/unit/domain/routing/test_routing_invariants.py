"""Hypothesis stateful test: random command sequences against the engine's invariants.

The test keeps its own model of every contact and agent, built only from the events the engine
emits and the commands that succeeded, and checks after every step:
- no contact is offered to (or handled by) two agents, and the engine's views match the model;
- no agent exceeds a channel capacity, and voice is exclusive;
- offers only go to agents whose presence is available and who are not in wrap-up;
- no waiting contact has a qualified, free agent that did not refuse it;
- each offer made to a free agent took the best waiting contact it could take (score, then FCFS);
- the visible state agrees with the work the agent holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    AgentStateChanged,
    ContactAbandoned,
    ContactCompleted,
    ContactOffered,
    ContactQueued,
    ContactTransferred,
    Event,
    OfferAccepted,
    OfferDeclined,
    Queue,
    RoutingEngine,
    RoutingError,
    WideningStep,
    longest_idle,
    most_skilled,
)

S = AgentState
SKILLS = ("en", "fr", "tech")
CHANNELS = (Channel.VOICE, Channel.CHAT, Channel.EMAIL)


def reference_qualifies(agent: Agent, queue: Queue, waited: float) -> bool:
    """The contract's qualification rule written out plainly (not using the engine's code)."""
    if agent.queues and queue.id not in agent.queues:
        return False
    if agent.capacity.get(queue.channel, 0) < 1:
        return False
    minimum = dict(queue.required_skills)
    for step in queue.widening:
        if waited >= step.after_s:
            minimum = {s: min(p, step.min_proficiency) for s, p in minimum.items()}
    if all(agent.skills.get(s, 0) >= p for s, p in minimum.items()):
        return True
    if queue.any_agent_after_s is not None and waited >= queue.any_agent_after_s:
        return bool(agent.queues) or all(agent.skills.get(s, 0) >= 1 for s in minimum)
    return False


@st.composite
def queues(draw: st.DrawFn) -> list[Queue]:
    count = draw(st.integers(2, 4))
    result = []
    for i in range(count):
        steps = draw(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 4)), max_size=2))
        result.append(
            Queue(
                id=f"q{i}",
                channel=draw(st.sampled_from(CHANNELS)),
                required_skills=draw(
                    st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), max_size=2)
                ),
                priority=draw(st.sampled_from([0, 10])),
                acceleration=draw(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.0])),
                widening=tuple(WideningStep(float(t), p) for t, p in steps),
                any_agent_after_s=draw(st.none() | st.integers(5, 60).map(float)),
                offer_timeout_s=draw(st.none() | st.integers(1, 20).map(float)),
                wrap_up_s=draw(st.none() | st.just(math.inf) | st.integers(1, 30).map(float)),
            )
        )
    return result


@st.composite
def agents(draw: st.DrawFn, queue_ids: list[str]) -> list[Agent]:
    count = draw(st.integers(1, 5))
    return [
        Agent(
            id=f"a{i}",
            skills=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=3)),
            capacity=draw(
                st.fixed_dictionaries(
                    {
                        Channel.VOICE: st.sampled_from([0, 1, 1]),
                        Channel.CHAT: st.integers(0, 3),
                        Channel.EMAIL: st.integers(0, 2),
                    }
                )
            ),
            queues=frozenset(draw(st.lists(st.sampled_from(queue_ids), max_size=2))),
        )
        for i in range(count)
    ]


@dataclass
class ModelContact:
    id: str
    queue: Queue
    priority: int
    arrived_at: float
    phase: str = "waiting"  # waiting | offered | active
    agent: str | None = None
    target: str | None = None
    excluded: set[str] = field(default_factory=set)

    def score(self, now: float) -> float:
        return self.priority + (now - self.arrived_at) * self.queue.acceleration


@dataclass
class ModelAgent:
    cfg: Agent
    presence: AgentState = S.OFFLINE
    state: AgentState = S.OFFLINE
    contacts: set[str] = field(default_factory=set)


class RoutingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0
        self.next_id = 0
        self.contacts: dict[str, ModelContact] = {}
        self.agents: dict[str, ModelAgent] = {}
        self.queue_by_id: dict[str, Queue] = {}

    @initialize(data=st.data())
    def build(self, data: st.DataObject) -> None:
        qs = data.draw(queues())
        self.queue_by_id = {q.id: q for q in qs}
        self.auto_accept = data.draw(st.booleans())
        self.not_ready_on_timeout = data.draw(st.booleans())
        policy = data.draw(st.sampled_from([longest_idle, most_skilled]))
        self.engine = RoutingEngine(
            qs,
            agent_policy=policy,
            not_ready_on_timeout=self.not_ready_on_timeout,
            auto_accept=self.auto_accept,
        )
        for agent in data.draw(agents(list(self.queue_by_id))):
            self.engine.add_agent(agent, 0.0)
            self.agents[agent.id] = ModelAgent(agent)
            if data.draw(st.integers(0, 4)) > 0:
                self.apply(self.engine.set_state(agent.id, S.AVAILABLE, 0.0))
                self.agents[agent.id].presence = S.AVAILABLE

    # ------------------------------------------------------------ helpers
    def load(self, agent_id: str, channel: Channel) -> int:
        contacts = self.agents[agent_id].contacts
        return sum(1 for c in contacts if self.contacts[c].queue.channel is channel)

    def can_take(self, agent_id: str, channel: Channel) -> bool:
        agent = self.agents[agent_id]
        if agent.presence is not S.AVAILABLE or agent.state is S.WRAP_UP:
            return False
        if any(self.contacts[c].queue.channel is Channel.VOICE for c in agent.contacts):
            return False
        cap = agent.cfg.capacity.get(channel, 0)
        if channel is Channel.VOICE:
            return not agent.contacts and cap >= 1
        return self.load(agent_id, channel) < cap

    def may_take(self, agent_id: str, contact: ModelContact) -> bool:
        """Could this free agent take this waiting contact right now?"""
        if contact.target is not None:
            return contact.target == agent_id and self.can_take(agent_id, contact.queue.channel)
        return (
            agent_id not in contact.excluded
            and self.can_take(agent_id, contact.queue.channel)
            and reference_qualifies(
                self.agents[agent_id].cfg, contact.queue, self.now - contact.arrived_at
            )
        )

    def waiting(self) -> list[ModelContact]:
        return [c for c in self.contacts.values() if c.phase == "waiting"]

    def apply(self, events: list[Event]) -> None:
        """Replay events into the model, checking each offer as it happens."""
        waiting_before = {c.id for c in self.waiting()}
        for event in events:
            assert event.at == self.now
            if isinstance(event, ContactQueued):
                contact = self.contacts[event.contact_id]
                assert contact.arrived_at == event.arrived_at
                assert contact.queue.id == event.queue_id
            elif isinstance(event, ContactOffered):
                self.check_offer(event, waiting_before)
                contact = self.contacts[event.contact_id]
                contact.phase, contact.agent, contact.target = "offered", event.agent_id, None
                self.agents[event.agent_id].contacts.add(contact.id)
            elif isinstance(event, OfferAccepted):
                contact = self.contacts[event.contact_id]
                assert contact.agent == event.agent_id and contact.phase == "offered"
                contact.phase = "active"
            elif isinstance(event, OfferDeclined):
                contact = self.contacts[event.contact_id]
                assert contact.agent == event.agent_id and contact.phase == "offered"
                self.release(contact)
                contact.excluded.add(event.agent_id)
                agent = self.agents[event.agent_id]
                if event.timed_out and self.not_ready_on_timeout and agent.presence is S.AVAILABLE:
                    agent.presence = S.NOT_READY
            elif isinstance(event, ContactAbandoned | ContactCompleted):
                contact = self.contacts.pop(event.contact_id)
                if contact.agent is not None:
                    self.agents[contact.agent].contacts.discard(contact.id)
            elif isinstance(event, ContactTransferred):
                pass  # the rule updates the model itself
            elif isinstance(event, AgentStateChanged):
                agent = self.agents[event.agent_id]
                assert agent.state is event.old
                agent.state = event.new

    def release(self, contact: ModelContact) -> None:
        assert contact.agent is not None
        self.agents[contact.agent].contacts.discard(contact.id)
        contact.phase, contact.agent = "waiting", None

    def check_offer(self, event: ContactOffered, waiting_before: set[str]) -> None:
        contact = self.contacts[event.contact_id]
        assert contact.phase == "waiting", "a contact was offered twice"
        assert event.waited_s == self.now - contact.arrived_at
        agent = self.agents[event.agent_id]
        assert agent.presence is S.AVAILABLE, f"offer to an agent in {agent.presence}"
        assert agent.state in (S.AVAILABLE, S.RESERVED, S.BUSY), f"offer in {agent.state}"
        assert self.may_take(event.agent_id, contact), "offer to an agent that may not take it"
        key = (-contact.score(self.now), contact.arrived_at)
        for other in self.waiting():
            if other.id in waiting_before and other.id != contact.id:
                same_channel = other.queue.channel is contact.queue.channel
                if not (same_channel and self.may_take(event.agent_id, other)):
                    continue
                if (other.target is not None) != (contact.target is not None):
                    # contacts transferred to this agent by name go before its queue work
                    assert contact.target is not None, f"{other.id} was sent to this agent"
                    continue
                other_key = (-other.score(self.now), other.arrived_at)
                assert key <= other_key, f"{other.id} should have gone before {contact.id}"

    def step_time(self, dt: int) -> None:
        self.now += dt
        self.apply(self.engine.tick(self.now))

    def snapshot(self) -> object:
        e = self.engine
        agents = self.agents
        return (
            {a: (e.agent_state(a), e.active_contacts(a), e.offered_contacts(a)) for a in agents},
            {q: e.waiting(q) for q in self.queue_by_id},
            {c: (e.queue_of(c), e.contact_agent(c)) for c in self.contacts},
        )

    # -------------------------------------------------------------- rules
    @rule(dt=st.sampled_from([0, 1, 2, 5, 15, 40]))
    def wait(self, dt: int) -> None:
        self.step_time(dt)

    @rule(dt=st.sampled_from([0, 1, 3]), data=st.data())
    def set_state(self, dt: int, data: st.DataObject) -> None:
        self.step_time(dt)
        agent_id = data.draw(st.sampled_from(sorted(self.agents)))
        state = data.draw(st.sampled_from([S.AVAILABLE, S.AVAILABLE, *S]))
        reason = data.draw(st.sampled_from(["lunch", "training"])) if state is S.BREAK else None
        before = self.snapshot()
        try:
            events = self.engine.set_state(agent_id, state, self.now, reason)
        except RoutingError:
            assert self.snapshot() == before
            return
        agent = self.agents[agent_id]
        assert state in (S.AVAILABLE, S.NOT_READY, S.BREAK, S.OFFLINE)
        assert agent.state is not S.RESERVED
        agent.presence = state
        if state is S.OFFLINE:
            assert not agent.contacts
            for contact in self.contacts.values():
                if contact.target == agent_id:
                    contact.target = None
        self.apply(events)

    @rule(dt=st.sampled_from([0, 1, 3]), count=st.integers(1, 3), data=st.data())
    def enqueue(self, dt: int, count: int, data: st.DataObject) -> None:
        self.step_time(dt)
        for _ in range(count):
            queue = self.queue_by_id[data.draw(st.sampled_from(sorted(self.queue_by_id)))]
            priority = data.draw(st.none() | st.sampled_from([0, 5, 10]))
            back = data.draw(st.sampled_from([0, 0, 0, 10]))
            arrived_at = max(0.0, self.now - back)
            self.next_id += 1
            contact_id = f"c{self.next_id}"
            self.contacts[contact_id] = ModelContact(
                contact_id, queue, queue.priority if priority is None else priority, arrived_at
            )
            self.apply(
                self.engine.enqueue(
                    contact_id, queue.id, self.now, priority=priority, arrived_at=arrived_at
                )
            )

    def pick(self, data: st.DataObject, phases: tuple[str, ...]) -> ModelContact | None:
        choices = sorted(c.id for c in self.contacts.values() if c.phase in phases)
        return self.contacts[data.draw(st.sampled_from(choices))] if choices else None

    @rule(dt=st.sampled_from([0, 1, 3]), data=st.data())
    def answer(self, dt: int, data: st.DataObject) -> None:
        self.step_time(dt)
        contact = self.pick(data, ("offered",))
        if contact is None:
            return
        assert contact.agent is not None
        if data.draw(st.booleans()):
            self.apply(self.engine.accept(contact.id, contact.agent, self.now))
        else:
            self.apply(self.engine.decline(contact.id, contact.agent, self.now))

    @rule(dt=st.sampled_from([0, 2, 10]), data=st.data())
    def finish(self, dt: int, data: st.DataObject) -> None:
        self.step_time(dt)
        contact = self.pick(data, ("waiting", "offered", "active"))
        if contact is None:
            return
        if contact.phase == "active":
            self.apply(self.engine.complete(contact.id, self.now))
        else:
            self.apply(self.engine.abandon(contact.id, self.now))

    @rule(dt=st.sampled_from([0, 1]), data=st.data())
    def requeue(self, dt: int, data: st.DataObject) -> None:
        self.step_time(dt)
        contact = self.pick(data, ("offered", "active"))
        if contact is None:
            return
        events = self.engine.requeue(contact.id, self.now)
        self.release(contact)
        contact.target = None
        self.apply(events)

    @rule(dt=st.sampled_from([0, 1]), data=st.data())
    def transfer(self, dt: int, data: st.DataObject) -> None:
        self.step_time(dt)
        contact = self.pick(data, ("waiting", "offered", "active"))
        if contact is None:
            return
        to_queue = data.draw(st.none() | st.sampled_from(sorted(self.queue_by_id)))
        to_agent = data.draw(st.none() | st.sampled_from(sorted(self.agents)))
        before = self.snapshot()
        try:
            events = self.engine.transfer(
                contact.id, self.now, to_queue=to_queue, to_agent=to_agent
            )
        except RoutingError:
            assert self.snapshot() == before
            return
        releaser = contact.agent
        if releaser is not None:
            self.release(contact)
        contact.excluded = set() if releaser is None or releaser == to_agent else {releaser}
        if to_queue is not None and to_queue != contact.queue.id:
            contact.queue = self.queue_by_id[to_queue]
            contact.priority = contact.queue.priority
        contact.target = to_agent
        self.apply(events)

    # --------------------------------------------------------- invariants
    @invariant()
    def views_match_model(self) -> None:
        if not hasattr(self, "engine"):
            return
        seen: set[str] = set()
        for agent_id, agent in self.agents.items():
            e_active = self.engine.active_contacts(agent_id)
            e_offers = self.engine.offered_contacts(agent_id)
            assert not (e_active & e_offers)
            assert not ((e_active | e_offers) & seen), "contact held by two agents"
            seen |= e_active | e_offers
            assert e_active | e_offers == agent.contacts
            assert self.engine.agent_state(agent_id) is agent.state
        for contact in self.contacts.values():
            assert self.engine.queue_of(contact.id) == contact.queue.id
            assert self.engine.contact_agent(contact.id) == contact.agent
        for queue_id in self.queue_by_id:
            expected = sum(1 for c in self.waiting() if c.queue.id == queue_id)
            assert self.engine.waiting(queue_id) == expected

    @invariant()
    def capacity_respected(self) -> None:
        for agent_id, agent in self.agents.items():
            for channel in Channel:
                assert self.load(agent_id, channel) <= agent.cfg.capacity.get(channel, 0)
            if self.load(agent_id, Channel.VOICE):
                assert len(agent.contacts) == 1, "voice must be exclusive"

    @invariant()
    def state_agrees_with_work(self) -> None:
        for agent in self.agents.values():
            active = {c for c in agent.contacts if self.contacts[c].phase == "active"}
            if agent.state is S.BUSY:
                assert active
            elif agent.state is S.RESERVED:
                assert agent.contacts and not active
            elif agent.state is S.WRAP_UP:
                assert not agent.contacts
            else:
                assert not agent.contacts and agent.state is agent.presence

    @invariant()
    def no_free_qualified_agent_while_waiting(self) -> None:
        for contact in self.waiting():
            for agent_id in self.agents:
                assert not self.may_take(agent_id, contact), (
                    f"{contact.id} waits in {contact.queue.id} while {agent_id} could take it"
                )


RoutingMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestRoutingInvariants = RoutingMachine.TestCase


@pytest.mark.slow
def test_long_runs_keep_the_invariants() -> None:
    """Longer sequences find bugs that need many steps (bounded to a few seconds)."""
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        RoutingMachine,
        settings=settings(max_examples=60, stateful_step_count=150, deadline=None),
    )
