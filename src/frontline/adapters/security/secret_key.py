"""Where the token-signing secret comes from: the environment, or a file created once.

Generating it on first start and keeping it in the data folder means tokens survive restarts
without anyone having to configure a secret for a local install; the file is private (0600).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def load_or_create_secret(data_dir: Path, from_env: str | None) -> str:
    if from_env:
        return from_env
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret
