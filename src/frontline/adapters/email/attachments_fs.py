"""Attachments on the local filesystem, content-addressed by SHA-256.

Content addressing deduplicates the same file mailed many times and makes the id itself a
safe path component: ids are validated as 64 hex digits before touching the disk, so no id
can escape the data folder. Writes go to a temporary file, are fsynced and renamed into
place, so an attachment is durable before the mail that carries it is acknowledged.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from frontline.service.ports_email import AttachmentNotFound, AttachmentTooLarge

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)
MAX_FILENAME_CHARS = 150
DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def safe_filename(name: str | None, fallback: str = "attachment") -> str:
    """A display/download name that is a single harmless path component.

    Keeps the last path segment only, removes control and reserved characters, leading dots
    (no hidden files, no ".."), Windows device names, and bounds the length keeping the
    extension.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE_CHARS.sub("_", text).strip().lstrip(".").strip()
    if not text or _WINDOWS_RESERVED.match(text):
        text = f"{fallback}_{text}" if text else fallback
    if len(text) > MAX_FILENAME_CHARS:
        stem, dot, ext = text.rpartition(".")
        ext = ext[:20] if dot and stem else ""
        keep = MAX_FILENAME_CHARS - (len(ext) + 1 if ext else 0)
        text = f"{text[:keep]}.{ext}" if ext else text[:MAX_FILENAME_CHARS]
    return text


class FilesystemAttachmentStore:
    """`AttachmentStore` under `root`: blobs at root/ab/cd/<sha256>."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self._root = Path(root)
        self._max_bytes = max_bytes

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    def put(self, data: bytes) -> str:
        if len(data) > self._max_bytes:
            raise AttachmentTooLarge(
                f"attachment of {len(data)} bytes exceeds the limit of {self._max_bytes} bytes"
            )
        digest = hashlib.sha256(data).hexdigest()
        target = self._path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(target.parent)
        return digest

    def get(self, attachment_id: str) -> bytes:
        if not _SHA256_HEX.match(attachment_id):
            raise AttachmentNotFound(f"not an attachment id: {attachment_id!r}")
        try:
            return self._path(attachment_id).read_bytes()
        except FileNotFoundError:
            raise AttachmentNotFound(f"no attachment {attachment_id}") from None

    def _path(self, digest: str) -> Path:
        return self._root / digest[:2] / digest[2:4] / digest


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
