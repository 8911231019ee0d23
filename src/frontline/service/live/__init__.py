"""Live operation use cases: the per-organisation routing service (single writer), the
commands it applies, live statistics and the realtime fan-out port."""
