"""One router per resource; each route names the permission it needs via ``require``."""
