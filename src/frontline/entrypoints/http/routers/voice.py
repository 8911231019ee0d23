"""Carrier webhooks for voice (TwiML-style): incoming call, gathered keys or speech, status,
recording, and the queue's wait URL. Form-encoded, HMAC-signed by the carrier with the account
token (``X-Twilio-Signature``); unsigned or wrongly signed requests get 403, missing or
malformed fields 400. The signed URL is the public one (``FRONTLINE_PUBLIC_URL`` + path)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from frontline.adapters.voice.webhooks import SIGNATURE_HEADER, VoiceReply
from frontline.adapters.voice_wiring import VoiceGateway
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.security import public

router = APIRouter(prefix="/voice", tags=["voice webhooks"])
_CARRIER = public("carrier webhook, HMAC-signed")
Handler = Callable[[VoiceGateway, str, dict[str, str], str | None], VoiceReply]


def voice_gateway(context: Context) -> VoiceGateway:
    if context.voice is None:
        # Not a server fault: this server simply has no voice channel, as if the path did not
        # exist. (A 5xx would make carriers retry for hours.)
        raise HTTPException(404, "voice is not enabled on this server (FRONTLINE_VOICE_AUTH_TOKEN)")
    return context.voice


Voice = Annotated[VoiceGateway, Depends(voice_gateway)]


async def _handle(request: Request, voice: VoiceGateway, handler: Handler) -> Response:
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    url = voice.url(request.url.path, request.url.query)
    signature = request.headers.get(SIGNATURE_HEADER)
    reply = await run_in_threadpool(handler, voice, url, fields, signature)
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type)


@router.post("/incoming", dependencies=[_CARRIER], summary="A call arrives: start its flow")
async def incoming(request: Request, voice: Voice) -> Response:
    return await _handle(request, voice, VoiceGateway.incoming)


@router.post("/gather", dependencies=[_CARRIER], summary="Keys, speech or silence for the flow")
async def gather(request: Request, voice: Voice) -> Response:
    return await _handle(request, voice, VoiceGateway.gather)


@router.post("/status", dependencies=[_CARRIER], summary="Call status callback")
async def status(request: Request, voice: Voice) -> Response:
    return await _handle(request, voice, VoiceGateway.status)


@router.post("/recording", dependencies=[_CARRIER], summary="Voicemail recording callback")
async def recording(request: Request, voice: Voice) -> Response:
    return await _handle(request, voice, VoiceGateway.recording)


@router.post("/wait", dependencies=[_CARRIER], summary="Queue wait URL: hold, or bridge")
async def wait(request: Request, voice: Voice) -> Response:
    return await _handle(request, voice, VoiceGateway.wait)
