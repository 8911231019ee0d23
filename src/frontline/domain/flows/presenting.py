"""Channel-aware presentation: how a waiting node is put to the customer on voice and on chat.

On voice a menu is read out ("Press 1 for balances.") and answered with keys or speech; on chat
the same menu becomes buttons and typed text is matched against their labels. The option lists
built here are also what the runner matches answers against, so what is offered and what is
understood can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from frontline.domain.channels import Channel
from frontline.domain.flows.exchange import Request
from frontline.domain.flows.nodes import (
    CallbackNode,
    CollectKind,
    CollectNode,
    InputPolicy,
    IntentNode,
    MenuNode,
    MenuOption,
    Node,
)
from frontline.domain.flows.outcomes import FlowEvent, Outcome
from frontline.domain.flows.state import FlowState, Waiting
from frontline.domain.flows.step import Choice, Expect, InputMode, Prompt, Step
from frontline.domain.flows.texts import Text, fill

KEEP_PLACE, CHOOSE_TIME, KEEP_WAITING = "keep", "choose", "wait"


@dataclass
class Turn:
    """Prompts and events gathered during one call of the runner (never shared between calls)."""

    now: datetime
    prompts: list[Prompt] = field(default_factory=list)
    events: list[FlowEvent] = field(default_factory=list)
    hops: int = 0

    def say(self, state: FlowState, text: Text, **extra: object) -> None:
        words, language = text.pick(state.language, state.flow.language)
        self.prompts.append(Prompt(fill(words, state.scope(**extra)), language))

    def say_plain(self, state: FlowState, words: str) -> None:
        self.prompts.append(Prompt(words, state.language))

    def play(self, state: FlowState, url: str) -> None:
        self.prompts.append(Prompt("", state.language, audio_url=url))

    def step(
        self,
        state: FlowState,
        *,
        expect: Expect | None = None,
        request: Request | None = None,
        outcome: Outcome | None = None,
    ) -> Step:
        return Step(state, tuple(self.prompts), expect, request, outcome, tuple(self.events))


def choice_options(state: FlowState, node: Node) -> tuple[MenuOption, ...]:
    """The options a customer picks from in the current waiting mode of ``node``."""
    messages = state.flow.messages
    if isinstance(node, MenuNode):
        return node.options
    if state.waiting is Waiting.CLARIFY:
        return tuple(
            MenuOption(
                str(i), intent_label(state, intent), None, (intent.replace("_", " "),), intent
            )
            for i, intent in enumerate(state.candidates, start=1)
        )
    if isinstance(node, CallbackNode) and state.waiting is Waiting.CALLBACK_CHOICE:
        offered = [(messages.callback_keep, KEEP_PLACE)]
        if node.allow_scheduled:
            offered.append((messages.callback_choose, CHOOSE_TIME))
        offered.append((messages.callback_wait, KEEP_WAITING))
        return tuple(
            MenuOption(str(i), label, None, (), action)
            for i, (label, action) in enumerate(offered, start=1)
        )
    return ()


def intent_label(state: FlowState, intent: str) -> Text:
    route = state.flow.intents.get(intent)
    if route is not None and route.label is not None:
        return route.label
    return Text.plain(intent.replace("_", " "))


def ask(state: FlowState, node: Node, turn: Turn) -> Step:
    """Present the question of ``node`` in ``state.waiting`` mode and wait for the customer."""
    policy = _policy(node)
    voice = state.channel is Channel.VOICE
    language = state.language
    if isinstance(node, MenuNode) or state.waiting in (Waiting.CLARIFY, Waiting.CALLBACK_CHOICE):
        _lead_in(state, node, turn)
        return _offer(state, choice_options(state, node), policy, turn, voice)
    if isinstance(node, CollectNode):
        turn.say(state, node.text)
        if node.kind is CollectKind.YES_NO:
            if voice:
                turn.say(state, state.flow.messages.yes_no_voice)
                return turn.step(state, expect=_digits(policy, 1, 1, language))
            buttons = (Choice("yes", "Yes"), Choice("no", "No"))
            return turn.step(
                state,
                expect=Expect(
                    InputMode.CHOICE, policy.timeout_seconds, choices=buttons, language=language
                ),
            )
        if voice and node.kind is not CollectKind.TEXT:
            return turn.step(
                state, expect=_digits(policy, node.min_length, node.max_length, language)
            )
        return turn.step(state, expect=_text(policy, language))
    if isinstance(node, CallbackNode):  # Waiting.CALLBACK_TIME
        turn.say(state, node.time_text)
        if voice:
            return turn.step(state, expect=_digits(policy, 4, 4, language))
        return turn.step(state, expect=_text(policy, language))
    assert isinstance(node, IntentNode)
    turn.say(state, node.text)
    return turn.step(state, expect=_text(policy, language))


def _lead_in(state: FlowState, node: Node, turn: Turn) -> None:
    if isinstance(node, MenuNode):
        turn.say(state, node.text)
    elif state.waiting is Waiting.CLARIFY:
        first, second = (intent_label(state, i) for i in state.candidates)
        turn.say(
            state,
            state.flow.messages.clarify,
            first=first.pick(state.language, state.flow.language)[0],
            second=second.pick(state.language, state.flow.language)[0],
        )
    elif isinstance(node, CallbackNode):
        minutes = round((state.wait_seconds or 0) / 60)
        turn.say(state, node.text, wait_minutes=minutes)


def _offer(
    state: FlowState, options: tuple[MenuOption, ...], policy: InputPolicy, turn: Turn, voice: bool
) -> Step:
    labels = [o.label.pick(state.language, state.flow.language)[0] for o in options]
    if voice:
        for option, label in zip(options, labels, strict=True):
            if option.say is not None:
                turn.say(state, option.say)
            else:
                turn.say(state, state.flow.messages.press, key=option.key, label=label)
        expect = _digits(policy, 1, 1, state.language)
        return turn.step(state, expect=replace(expect, hints=tuple(labels)))
    buttons = tuple(Choice(o.key, label) for o, label in zip(options, labels, strict=True))
    return turn.step(
        state,
        expect=Expect(
            InputMode.CHOICE, policy.timeout_seconds, choices=buttons, language=state.language
        ),
    )


def _digits(policy: InputPolicy, low: int, high: int, language: str) -> Expect:
    return Expect(
        InputMode.DIGITS, policy.timeout_seconds, min_digits=low, max_digits=high, language=language
    )


def _text(policy: InputPolicy, language: str) -> Expect:
    return Expect(InputMode.TEXT, policy.timeout_seconds, language=language)


def _policy(node: Node) -> InputPolicy:
    assert isinstance(node, MenuNode | CollectNode | IntentNode | CallbackNode)
    return node.input
