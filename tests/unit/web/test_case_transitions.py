"""The desktop offers case status changes from its own copy of the transition table (the API
has no endpoint for it), so this test holds that copy to the domain's one table: a step the
server would refuse is never offered, and a legal one is never missing."""

from __future__ import annotations

import json
import subprocess

from tests.unit.web.conftest import STATIC_DIR

from frontline.domain.crm.case_status import LEGAL_TRANSITIONS, CaseStatus

PRINT_TABLE = (
    "const m = await import(process.argv[1]);console.log(JSON.stringify(m.CASE_TRANSITIONS));"
)


def test_the_desktop_offers_exactly_the_domain_transitions(node: tuple[str, list[str]]) -> None:
    executable, module_flags = node
    module = (STATIC_DIR / "agent" / "case-list.js").as_uri()
    result = subprocess.run(
        [executable, *module_flags, "--input-type=module", "-e", PRINT_TABLE, module],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    desktop = {k: set(v) for k, v in json.loads(result.stdout).items()}
    domain = {s.value: {t.value for t in LEGAL_TRANSITIONS[s]} for s in CaseStatus}
    assert desktop == domain
