"""Which agents may take which queue's contacts, and from how long a wait on.

Skill widening makes qualification depend on waiting time. Each queue has a short sorted list of
thresholds (0, the widening steps, the any-agent time); for every (agent, queue) pair we compute
once, when the agent is added, the first threshold from which the agent qualifies: its *level*
for that queue. A contact that has waited `w` may go to every agent whose level's threshold is
≤ `w`. Since the minimum proficiency only falls over time, qualification is monotone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from frontline.domain.routing.config import Agent, Queue

_NEVER = float("inf")


def thresholds(queue: Queue) -> tuple[float, ...]:
    """Sorted distinct waiting times at which the queue's qualification rule may change."""
    times = {0.0}
    times.update(float(step.after_s) for step in queue.widening)
    if queue.any_agent_after_s is not None:
        times.add(float(queue.any_agent_after_s))
    return tuple(sorted(times))


def _meets(skills: Mapping[str, int], required: Mapping[str, int], floor: int) -> bool:
    return all(skills.get(skill, 0) >= min(level, floor) for skill, level in required.items())


def qualifying_after(agent: Agent, queue: Queue) -> float | None:
    """The shortest wait after which `agent` may take a contact of `queue` (None: never)."""
    if agent.queues and queue.id not in agent.queues:
        return None
    if agent.capacity.get(queue.channel, 0) < 1:
        return None
    required = queue.required_skills
    best = _NEVER
    if _meets(agent.skills, required, floor=99):
        return 0.0
    floor = 99
    for step in sorted(queue.widening, key=lambda s: s.after_s):
        floor = min(floor, step.min_proficiency)
        if _meets(agent.skills, required, floor):
            best = float(step.after_s)
            break
    if queue.any_agent_after_s is not None and (agent.queues or _meets(agent.skills, required, 1)):
        best = min(best, float(queue.any_agent_after_s))
    return None if best == _NEVER else best


def mean_proficiency(agent: Agent, queue: Queue) -> float:
    """The agent's mean proficiency on the queue's required skills (0 if none are required)."""
    required = queue.required_skills
    if not required:
        return 0.0
    return sum(agent.skills.get(skill, 0) for skill in required) / len(required)


class QueueFinder:
    """Finds the queues an agent might qualify for without testing all of them.

    With 200 queues and 10,000 agents, testing every pair costs two million checks; indexing
    queues by required skill name and by id cuts that to the queues sharing a skill with the
    agent, the queues with no requirement, and the agent's explicit memberships.
    """

    def __init__(self, queues: Iterable[Queue]) -> None:
        self._by_id: dict[str, Queue] = {}
        self._by_skill: dict[str, list[Queue]] = {}
        self._skill_free: list[Queue] = []
        for queue in queues:
            self._by_id[queue.id] = queue
            if not queue.required_skills:
                self._skill_free.append(queue)
            for skill in queue.required_skills:
                self._by_skill.setdefault(skill, []).append(queue)

    def candidates(self, agent: Agent) -> list[Queue]:
        """Queues worth testing with `qualifying_after`, in configuration order."""
        if agent.queues:
            return [q for qid in sorted(agent.queues) if (q := self._by_id.get(qid)) is not None]
        seen: dict[str, Queue] = {q.id: q for q in self._skill_free}
        for skill in agent.skills:
            for queue in self._by_skill.get(skill, ()):
                seen.setdefault(queue.id, queue)
        return list(seen.values())
