"""Frontline service layer (see docs/adr/0001-layers.md)."""
