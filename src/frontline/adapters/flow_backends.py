"""HTTP backends that flow ``lookup`` nodes call by name, with a hard timeout.

Operators configure the backends (``FRONTLINE_FLOW_BACKENDS``: a JSON object of name → base
URL); flows name a backend and an operation, never a URL, so a flow author cannot make the
platform call an arbitrary address. A lookup is ``GET <base>/<operation>?<params>`` answered
with a JSON object: 200 is ``ok``, 404 ``not_found``, a timeout ``timed_out`` and anything else
``failed``, and each of those takes the node's own exit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

import httpx

from frontline.domain.flows import LookupResult, LookupStatus

log = logging.getLogger(__name__)
_OPERATION = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class HttpLookupBackends:
    def __init__(
        self, bases: Mapping[str, str], transport: httpx.BaseTransport | None = None
    ) -> None:
        self.bases = {name: base.rstrip("/") for name, base in bases.items()}
        self.client = httpx.Client(transport=transport, follow_redirects=False)

    def lookup(
        self, backend: str, operation: str, params: Mapping[str, str], timeout_seconds: float
    ) -> LookupResult:
        base = self.bases.get(backend)
        if base is None or not _OPERATION.fullmatch(operation):
            log.warning(
                "flow lookup names unknown backend %r or bad operation %r", backend, operation
            )
            return LookupResult(LookupStatus.FAILED)
        try:
            response = self.client.get(
                f"{base}/{operation}", params=dict(params), timeout=timeout_seconds
            )
        except httpx.TimeoutException:
            return LookupResult(LookupStatus.TIMED_OUT)
        except httpx.HTTPError as exc:
            log.warning("flow lookup %s/%s failed: %s", backend, operation, exc)
            return LookupResult(LookupStatus.FAILED)
        if response.status_code == 404:
            return LookupResult(LookupStatus.NOT_FOUND)
        if response.status_code != 200:
            return LookupResult(LookupStatus.FAILED)
        try:
            data = response.json()
        except ValueError:
            return LookupResult(LookupStatus.FAILED)
        if not isinstance(data, dict):
            return LookupResult(LookupStatus.FAILED)
        return LookupResult(LookupStatus.OK, data)

    def close(self) -> None:
        self.client.close()
