"""The REST API under /api/v1 (FastAPI): routers, schemas, auth dependencies, error mapping."""
