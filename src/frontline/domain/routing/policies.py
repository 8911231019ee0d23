"""Agent-selection policies: plain functions returning a ranking key (lower is chosen first).

A key function rather than "pick one from a list" lets the engine keep ready agents in heaps
ordered by the key, so a choice among thousands of agents costs a heap peek instead of a scan.
The key must depend only on its arguments; the engine recomputes it whenever an agent's load or
idle time changes.
"""

from __future__ import annotations


def longest_idle(load: int, idle_since: float, proficiency: float) -> tuple[float, ...]:
    """Fewest contacts on the channel first, then the agent free for the longest time.

    For voice every ready agent has load 0, so this is plain longest-idle; for chats it spreads
    conversations over agents before stacking them.
    """
    return (load, idle_since)


def most_skilled(load: int, idle_since: float, proficiency: float) -> tuple[float, ...]:
    """Highest mean proficiency on the queue's required skills; ties by fewest contacts, then
    longest idle."""
    return (-proficiency, load, idle_since)
