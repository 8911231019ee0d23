"""Property-based fuzzing of every operation in the OpenAPI schema: no input may cause a 5xx.

Runs as admin (so requests get past authorisation into validation and storage) on both engines,
with a bounded number of examples per operation. Operations are driven one by one through
schemathesis' Hypothesis strategies, so one failing operation does not hide the others.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from frontline.bootstrap import Container
from frontline.domain.org.roles import Role
from frontline.service.demo_seed import seed_demo

EXAMPLES_PER_OPERATION = 15


@pytest.mark.slow
def test_no_input_causes_a_server_error(
    app: FastAPI, container: Container, as_role: Callable[[Role], dict[str, str]]
) -> None:
    seed_demo(container.uow_factory, container.hasher)  # so small ids hit real records
    headers = as_role(Role.ADMIN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            fuzz()
        except Exception as exc:  # collect every failing operation, then fail once
            failures.append(f"{operation.label}: {str(exc).strip()[:2000]}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
