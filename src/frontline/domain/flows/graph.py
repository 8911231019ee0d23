"""Graph checks on a parsed flow: dangling targets, unreachable nodes, traps and busy loops.

An *exit* is a node that ends the flow (queue, voicemail, end) or one that waits for the
customer: waiting nodes always have a way out, because the escape words and the flow-wide
maximum of failures lead to an agent from there. So a menu that re-asks itself until it gives up
is fine, while a loop of say/condition/lookup nodes that never waits would spin a live call
forever and is refused, naming the nodes of the loop.
"""

from __future__ import annotations

from collections.abc import Mapping

from frontline.domain.flows.errors import FlowProblem
from frontline.domain.flows.nodes import INPUT_NODES, TERMINAL_NODES, MenuNode, Node, targets


def check_graph(
    start: str, nodes: Mapping[str, Node], escape_digit: str | None
) -> list[FlowProblem]:
    """Every structural problem of the flow, each naming a node."""
    problems: list[FlowProblem] = []
    if start not in nodes:
        return [FlowProblem("", "start", f"start node {start!r} does not exist")]
    edges: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        edges[node_id] = []
        for field, target in targets(node):
            if target in nodes:
                edges[node_id].append(target)
            else:
                problems.append(FlowProblem(node_id, field, f"target {target!r} does not exist"))
        if isinstance(node, MenuNode) and escape_digit is not None:
            for option in node.options:
                if option.key == escape_digit:
                    problems.append(
                        FlowProblem(
                            node_id,
                            f"options[{option.key}].key",
                            f"key {escape_digit} is reserved for reaching an agent",
                        )
                    )
    reachable = _reach(start, edges)
    for node_id in nodes:
        if node_id not in reachable:
            problems.append(FlowProblem(node_id, "", f"unreachable from the start node {start!r}"))
    reported = set()
    for loop in strongly_connected(edges):
        cyclic = len(loop) > 1 or loop[0] in edges[loop[0]]
        if cyclic and not any(isinstance(nodes[n], INPUT_NODES) for n in loop):
            ordered = [n for n in nodes if n in loop]
            reported.update(ordered)
            path = " → ".join([*ordered, ordered[0]])
            problems.append(
                FlowProblem(ordered[0], "", f"loop {path} never waits for the customer")
            )
    exits = {n for n, node in nodes.items() if isinstance(node, INPUT_NODES + TERMINAL_NODES)}
    reverse: dict[str, list[str]] = {n: [] for n in nodes}
    for source, outs in edges.items():
        for target in outs:
            reverse[target].append(source)
    leaving = set().union(*(_reach(e, reverse) for e in exits)) if exits else set()
    for node_id in nodes:
        if node_id not in leaving and node_id not in reported:
            problems.append(FlowProblem(node_id, "", "no path from here to an end or an agent"))
    return problems


def _reach(start: str, edges: Mapping[str, list[str]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for target in edges[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def strongly_connected(edges: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (flows may be long chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            outs = edges[node]
            if position < len(outs):
                work.append((node, position + 1))
                target = outs[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
