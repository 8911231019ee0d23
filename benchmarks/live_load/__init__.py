"""Load generators and server harness for ``bench_live.py`` (the live-operation load test)."""
