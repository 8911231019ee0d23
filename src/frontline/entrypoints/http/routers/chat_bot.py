"""The chat API's hooks into self-service: a queue with a published chat flow answers with the
bot first; the customer's messages go to the flow while the chat is with the bot."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool

from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.entrypoints.http.context import HttpContext
from frontline.service.live.customer_side import DEFAULT_CHAT_QUEUE
from frontline.service.live.runtime import LiveRuntime
from frontline.service.selfservice.live_commands import StartBotChat


async def start_with_bot(
    context: HttpContext,
    live: LiveRuntime,
    name: str,
    email: str | None,
    message: str,
    queue: str | None,
    token_hash: str,
) -> dict[str, Any] | None:
    """Start the chat with the queue's bot, or None when the queue has no published flow."""
    chat = context.selfservice.chat if context.selfservice else None
    if chat is None:
        return None
    name_of_queue = (queue or DEFAULT_CHAT_QUEUE).strip().lower()
    known, flow = chat.cached_flow_for_queue(name_of_queue)  # most chats: no thread hop
    if not known:
        flow = await run_in_threadpool(chat.flow_for_queue, name_of_queue)
    if flow is None:
        return None
    answer: dict[str, Any] = await live.execute(
        StartBotChat(name, email, message, name_of_queue, token_hash)
    )
    await run_in_threadpool(chat.begin, int(answer["session_id"]), flow, message, name.strip())
    return answer


async def customer_wrote(context: HttpContext, interaction: Interaction, text: str) -> None:
    chat = context.selfservice.chat if context.selfservice else None
    if chat is not None and interaction.status is InteractionStatus.SELF_SERVICE:
        await run_in_threadpool(chat.customer_said, interaction.id, text)


async def customer_left(context: HttpContext, interaction: Interaction) -> None:
    chat = context.selfservice.chat if context.selfservice else None
    if chat is not None and interaction.status is InteractionStatus.SELF_SERVICE:
        await run_in_threadpool(chat.customer_left, interaction.id)
