"""Agent-selection policies: plain functions returning a preference bucket (lower goes first).

Among qualified ready agents the engine takes the lowest bucket, and within a bucket the agent
idle for the longest (idle = since it last became free or took a contact). Returning a bucket
rather than "pick one from this list" lets the engine keep ready agents in FIFO deques, so a
choice among thousands of agents costs a peek instead of a scan. Keep the number of distinct
buckets small (they are discrete: loads, proficiency levels).
"""

from __future__ import annotations


def longest_idle(load: int, proficiency: float) -> tuple[float, ...]:
    """Fewest contacts on the channel first, then the agent free for the longest time.

    For voice every ready agent has load 0, so this is plain longest-idle; for chats it spreads
    conversations over agents before stacking them.
    """
    return (load,)


def most_skilled(load: int, proficiency: float) -> tuple[float, ...]:
    """Highest mean proficiency on the queue's required skills; ties by fewest contacts on the
    channel, then longest idle."""
    return (-proficiency, load)
