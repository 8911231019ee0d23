"""Bodies and answers of the flows API (docs/api.md, docs/guides/self-service.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

QueueName = Annotated[str, Field(min_length=1, max_length=64)]
PhoneNumber = Annotated[str, Field(min_length=2, max_length=16)]


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    queues: Annotated[list[QueueName], Field(max_length=100)] = []
    numbers: Annotated[list[PhoneNumber], Field(max_length=100)] = []


class FlowOut(BaseModel):
    id: str
    name: str
    latest_version: int
    published_version: int | None
    queues: list[str]
    numbers: list[str]
    created_at: str
    updated_at: str


class UploadedOut(FlowOut):
    version: int


class FlowVersionOut(BaseModel):
    flow_id: str
    version: int
    published: bool
    format: str
    source: str
    created_at: str
    created_by: str


class RunsOut(BaseModel):
    finished: int
    contained: int
    handed_off: int
    abandoned: int
    containment_rate: float
    outcomes: dict[str, int]


class NodeStatsOut(BaseModel):
    node: str
    entered: int
    passed: int
    retried: int
    dropped: int
    contained: int
    handed_off: int


class AnalyticsOut(BaseModel):
    flow_id: str
    version: int | None
    runs: RunsOut
    nodes: list[NodeStatsOut]
