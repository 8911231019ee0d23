"""Customer import from CSV: every row is checked before anything is written.

The upload is read in chunks (the multipart parser spools large files to disk); wrong
encoding is a 422 naming the byte, bad rows a 422 listing row numbers and reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, UploadFile
from fastapi.responses import JSONResponse

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.security import require
from frontline.service.crm.customer_import import CsvRejected, import_customers

router = APIRouter(tags=["customers"])
CHUNK = 64 * 1024


def _chunks(upload: UploadFile) -> Iterator[bytes]:
    while chunk := upload.file.read(CHUNK):
        yield chunk


@router.post("/api/v1/customers/import", summary="Import customers from CSV (all or nothing)")
def import_csv(
    file: UploadFile, crm: Crm, actor: Principal = require(Permission.CUSTOMERS_MANAGE)
) -> Any:
    try:
        count = import_customers(crm.uow(), actor, _chunks(file))
    except CsvRejected as exc:
        errors = [{"row": e.row, "message": e.message} for e in exc.errors]
        return JSONResponse({"detail": str(exc), "errors": errors}, status_code=422)
    return {"imported": count}
