"""Filesystem attachment store: content addressing, size limit, no path traversal."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.adapters.email.attachments_fs import (
    MAX_FILENAME_CHARS,
    FilesystemAttachmentStore,
    safe_filename,
)
from frontline.service.ports_email import AttachmentNotFound, AttachmentStore, AttachmentTooLarge


def test_put_returns_sha256_and_get_returns_the_bytes(tmp_path: Path) -> None:
    store: AttachmentStore = FilesystemAttachmentStore(tmp_path, max_bytes=1000)
    data = b"statement for May"
    attachment_id = store.put(data)
    assert attachment_id == hashlib.sha256(data).hexdigest()
    assert store.get(attachment_id) == data
    assert (tmp_path / attachment_id[:2] / attachment_id[2:4] / attachment_id).is_file()


def test_same_content_is_stored_once(tmp_path: Path) -> None:
    store = FilesystemAttachmentStore(tmp_path)
    assert store.put(b"x") == store.put(b"x")
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_limit_is_inclusive_and_oversize_stores_nothing(tmp_path: Path) -> None:
    store = FilesystemAttachmentStore(tmp_path, max_bytes=10)
    store.put(b"0123456789")
    with pytest.raises(AttachmentTooLarge, match="11 bytes exceeds the limit of 10"):
        store.put(b"0123456789X")
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    store = FilesystemAttachmentStore(tmp_path)
    store.put(b"a")
    store.put(b"b")
    assert not [p for p in tmp_path.rglob(".incoming-*")]


@pytest.mark.parametrize(
    "attachment_id",
    ["../../etc/passwd", "", "A" * 64, "0" * 63, "/" + "0" * 63, "0" * 64 + "/.."],
)
def test_ids_that_are_not_a_sha256_are_refused(tmp_path: Path, attachment_id: str) -> None:
    with pytest.raises(AttachmentNotFound):
        FilesystemAttachmentStore(tmp_path).get(attachment_id)


def test_unknown_id_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(AttachmentNotFound):
        FilesystemAttachmentStore(tmp_path).get("0" * 64)


def test_zero_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="positive"):
        FilesystemAttachmentStore(tmp_path, max_bytes=0)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("invoice.pdf", "invoice.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\report.docx", "report.docx"),
        ("..", "attachment"),
        (".bashrc", "bashrc"),
        ("a\x00b\r\nc.txt", "a_b_c.txt"),
        ('what?<script>"x".html', "what_script_x_.html"),
        ("CON.txt", "attachment_CON.txt"),
        ("", "attachment"),
        (None, "attachment"),
        ("résumé.pdf", "résumé.pdf"),
    ],
)
def test_safe_filename(name: str | None, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = safe_filename("x" * 400 + ".pdf")
    assert len(name) == MAX_FILENAME_CHARS
    assert name.endswith(".pdf")


@given(st.text(max_size=300))
def test_safe_filename_is_always_one_harmless_component(name: str) -> None:
    safe = safe_filename(name)
    assert safe
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".")
    assert len(safe) <= MAX_FILENAME_CHARS
    assert all(ord(ch) >= 32 and ch != "\x7f" for ch in safe)
