"""Pydantic request/response models: every string has a length limit and a clear 422 on misuse."""
