"""The two routing decisions, on indexed data so each costs a few heap peeks.

- `pick_agent`: a contact needs an agent. The queue keeps one pool of ready agents per
  qualification level (see `ready_pool`); the best agent for a contact at level L is the best of
  the pools 0..L.
- `pick_contact`: an agent became free. Within one queue and one priority, score order equals
  arrival order (the acceleration is common), so each per-priority heap's head is its best
  contact, and the head is also the longest waiting one: if it has not waited long enough for
  this agent's qualification level, no contact behind it has. The best contact overall is the
  highest-scoring eligible head across the agent's queues (FCFS on equal score).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from heapq import heappop, heappush

from frontline.domain.channels import Channel
from frontline.domain.routing.ready_pool import Candidate, LiveEntries
from frontline.domain.routing.runtime import AgentRuntime, ContactRuntime, QueueRuntime, WaitEntry

Sequence = Callable[[], int]
_VOICE = Channel.VOICE


def index_agent(agent: AgentRuntime, seq: Sequence, live: LiveEntries) -> int:
    """Put a free agent into the ready pools of every queue it may now be offered; returns the
    number of entries added (the engine sweeps stale entries in proportion).

    The caller has checked `AgentRuntime.can_take_any`; the per-channel test below is the rest
    of `AgentRuntime.can_take`, inlined. An agent already indexed moves to the tail."""
    if agent.index_seq >= 0:
        del live[agent.index_seq]
    entry = seq()
    agent.index_seq = entry
    live[entry] = agent
    if not agent.total:
        buckets = agent.idle_buckets
        for bucket in buckets:
            bucket.append(entry)
        return len(buckets)
    added = 0
    load = agent.load
    for channel, by_load in agent.slots.items():
        if channel is _VOICE:
            if agent.total:
                continue
            buckets = by_load[0]
        else:
            held = load[channel]
            if held >= agent.cap[channel]:
                continue
            buckets = by_load[held]
        for bucket in buckets:
            bucket.append(entry)
        added += len(buckets)
    return added


def retire(agent: AgentRuntime, live: LiveEntries) -> None:
    """Retire all of an agent's ready-pool entries (it took work, or its state changed)."""
    if agent.index_seq >= 0:
        del live[agent.index_seq]
        agent.index_seq = -1


def add_waiting(contact: ContactRuntime, seq: Sequence, nonempty: set[QueueRuntime]) -> None:
    """Make a contact wait in its queue (or for its target agent). `nonempty` is the engine's
    set of queues with contacts open to any qualified agent."""
    queue = contact.queue
    contact.wait_seq = seq()
    queue.n_waiting += 1
    if contact.target is not None:
        contact.target.targeted.append(contact)
        return
    if not queue.n_general:
        nonempty.add(queue)
    queue.n_general += 1
    bucket = queue.buckets.get(contact.priority)
    if bucket is None:
        bucket = queue.buckets[contact.priority] = []
        queue.heaps.append((contact.priority, bucket))
    heappush(bucket, (contact.arrived_at, contact.wait_seq, contact))


def remove_waiting(contact: ContactRuntime, nonempty: set[QueueRuntime]) -> None:
    """Take a contact out of waiting; its heap entry is retired lazily."""
    queue = contact.queue
    contact.wait_seq = -1
    queue.n_waiting -= 1
    if contact.target is not None:
        contact.target.targeted.remove(contact)
        return
    queue.n_general -= 1
    if not queue.n_general:
        nonempty.discard(queue)
    # Keep every heap's head live, so that "choose a contact" reads heads without checking:
    # retire entries that reached the head here, where they become stale.
    heap = queue.buckets[contact.priority]
    while heap and heap[0][2].wait_seq != heap[0][1]:
        heappop(heap)


def pick_agent(contact: ContactRuntime, now: float) -> AgentRuntime | None:
    """The best ready agent for a waiting contact, or None."""
    if contact.target is not None:
        target = contact.target
        return target if target.can_take(contact.queue.channel) else None
    queue = contact.queue
    thresholds = queue.thresholds
    # Level 0 until the contact reaches the first widening step (the very comparison
    # `QueueRuntime.level_reached` makes), so a new contact never pays for the bisect.
    if len(thresholds) == 1 or contact.arrived_at + thresholds[1] > now:
        return queue.pools[0].first(contact.excluded)
    top = queue.level_reached(contact.arrived_at, now)
    excluded = contact.excluded
    best: Candidate | None = None
    for pool in queue.pools[: top + 1]:
        found = pool.best(excluded)
        if found is not None and (best is None or found[:2] < best[:2]):
            best = found
    return None if best is None else best[2]


def _first_not_excluding(
    bucket: list[WaitEntry], agent_id: str, now: float, threshold: float
) -> WaitEntry | None:
    """Slow path when the head refused this agent before: scan the bucket in FCFS order."""
    for entry in sorted(bucket):
        contact = entry[2]
        if contact.wait_seq != entry[1]:
            continue
        if entry[0] + threshold > now:  # same comparison as `QueueRuntime.level_reached`
            return None
        if contact.excluded is None or agent_id not in contact.excluded:
            return entry
    return None


def pick_contact(
    agent: AgentRuntime, now: float, nonempty: set[QueueRuntime]
) -> ContactRuntime | None:
    """The highest-scoring waiting contact this agent may take now (FCFS on ties), or None;
    contacts transferred to the agent by name come first.

    Only the agent's queues that have waiting contacts are visited (a C-level set
    intersection per channel the agent can take), so a free agent costs little when most
    queues are empty."""
    if agent.targeted:
        targeted = _best_targeted(agent, now)
        if targeted is not None:
            return targeted
    best: ContactRuntime | None = None
    if not nonempty:
        return None
    wait_needed = agent.wait_needed
    agent_id = agent.id
    best_score = -math.inf
    best_arrived = 0.0
    best_seq = 0
    load = agent.load
    for channel, queues in agent.quals:
        # `AgentRuntime.can_take` without its first test, which `_fill` made before calling
        if agent.total if channel is _VOICE else load[channel] >= agent.cap[channel]:
            continue
        for queue in nonempty & queues:
            threshold = wait_needed[queue]
            accel = queue.accel
            for priority, bucket in queue.heaps:
                if not bucket:
                    continue
                arrived_at, wait_seq, contact = bucket[0]  # live: see `remove_waiting`
                if arrived_at + threshold > now:  # as in `QueueRuntime.level_reached`
                    continue
                score = priority + (now - arrived_at) * accel  # the heap's priority is the head's
                if score < best_score or (
                    score == best_score and (arrived_at, wait_seq) > (best_arrived, best_seq)
                ):
                    continue  # the head cannot win, so nobody behind it can either
                if contact.excluded is not None and agent_id in contact.excluded:
                    entry = _first_not_excluding(bucket, agent_id, now, threshold)
                    if entry is None:
                        continue
                    arrived_at, wait_seq, contact = entry
                    score = priority + (now - arrived_at) * accel
                    if score < best_score or (
                        score == best_score and (arrived_at, wait_seq) > (best_arrived, best_seq)
                    ):
                        continue
                best, best_score, best_arrived, best_seq = contact, score, arrived_at, wait_seq
    return best


def _best_targeted(agent: AgentRuntime, now: float) -> ContactRuntime | None:
    """Contacts transferred to this agent by name go before its queue work (the customer was
    already talked to and handed over); among them, highest score then FCFS."""
    best: ContactRuntime | None = None
    best_key = (0.0, 0.0, 0)
    for contact in agent.targeted:
        if agent.can_take(contact.queue.channel):
            key = (-contact.score(now), contact.arrived_at, contact.wait_seq)
            if best is None or key < best_key:
                best, best_key = contact, key
    return best
