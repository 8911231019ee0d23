"""Realtime fan-out of live events to WebSocket subscribers."""
