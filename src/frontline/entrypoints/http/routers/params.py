"""Path and query parameters shared by the routers: bounded ids and pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from frontline.entrypoints.http.schemas.common import MAX_ID
from frontline.service.pagination import MAX_LIMIT, Page

MAX_OFFSET = 1_000_000_000

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="record id")]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageParams = Annotated[Page, Depends(page_params)]
