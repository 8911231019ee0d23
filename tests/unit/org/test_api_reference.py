"""docs/api.md lists exactly the endpoints the app serves, with the permissions they declare."""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

from frontline.entrypoints.http.app import create_app
from frontline.entrypoints.http.context import HttpContext
from frontline.entrypoints.http.permissions_catalogue import api_routes, endpoint_table

API_DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
ROW = re.compile(r"^\| `(GET|HEAD|POST|PUT|PATCH|DELETE)` \| `([^`]+)` \| ([^|]+) \|", re.MULTILINE)


def test_the_endpoint_table_matches_the_app() -> None:
    app = create_app(cast(HttpContext, None))  # routes do not touch the context until called
    live = {
        (method, path, needed)
        for method, path, needed in endpoint_table(api_routes(app.routes))
        if path != "/"
    }
    documented = {
        (method, path, cell.replace("`", "").strip())
        for method, path, cell in ROW.findall(API_DOC.read_text(encoding="utf-8"))
    }
    assert not live - documented, f"add to docs/api.md: {sorted(live - documented)}"
    assert not documented - live, f"remove from docs/api.md: {sorted(documented - live)}"
