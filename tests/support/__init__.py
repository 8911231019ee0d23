"""Helpers shared by the integration suites (imported as `tests.support...`)."""
