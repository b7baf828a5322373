"""core/storage.py: resume files on disk, written atomically, named only from ids, bounded in size."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import utils
from core import storage
from core.config import APP_ROOT, Settings
from core.errors import ValidationError
from utils import resume_pdf


def _temp(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "upload.tmp"
    p.write_bytes(data)
    return p


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_default_directory_is_relative_to_app_root_not_cwd(monkeypatch, tmp_path):
    monkeypatch.delenv("RESUME_STORAGE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env().resume_storage_dir == APP_ROOT / "resumes"
    monkeypatch.setenv("RESUME_STORAGE_DIR", "elsewhere/files")
    assert Settings.from_env().resume_storage_dir == APP_ROOT / "elsewhere/files"


def test_directory_created_when_missing(app_env):
    directory = app_env / "resumes"
    assert not directory.exists()
    assert storage.ensure_resume_directory() == directory
    assert directory.is_dir()


def test_save_get_delete_roundtrip(app_env, tmp_path):
    data = resume_pdf()
    temp = _temp(tmp_path, data)
    path = storage.save_resume_file(temp, 7)
    assert path == app_env / "resumes" / "7.pdf"
    assert path.read_bytes() == data
    assert not temp.exists(), "the temporary upload is removed on success"
    assert storage.get_resume_file_path(7) == path
    assert _leftovers(path.parent) == []
    assert storage.delete_resume_file(7) is True
    assert storage.get_resume_file_path(7) is None
    assert storage.delete_resume_file(7) is False, "a file already gone is not an error"


def test_save_replaces_atomically(app_env, tmp_path):
    storage.save_resume_file(_temp(tmp_path, b"%PDF-1.4 old"), 3)
    storage.save_resume_file(_temp(tmp_path, b"%PDF-1.4 new"), 3)
    assert storage.read_resume_file(3) == b"%PDF-1.4 new"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"<html>not a pdf</html>", "not a PDF"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not a PDF"),
])
def test_bad_files_rejected_and_temp_removed(app_env, tmp_path, data, message):
    temp = _temp(tmp_path, data)
    with pytest.raises(ValidationError, match=message):
        storage.save_resume_file(temp, 5)
    assert not temp.exists(), "the temporary upload is removed on error too"
    assert storage.get_resume_file_path(5) is None
    assert _leftovers(storage.ensure_resume_directory()) == []


def test_size_cap(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("MAX_RESUME_MB", "0.01")  # 10 KiB
    from core.config import reset_settings

    reset_settings()
    temp = _temp(tmp_path, b"%PDF-1.4\n" + b"x" * 20_000)
    with pytest.raises(ValidationError, match="limit is 0.01 MB"):
        storage.save_resume_file(temp, 9)
    assert storage.get_resume_file_path(9) is None and not temp.exists()


def test_write_temp_file_reads_no_more_than_cap_plus_one(app_env, monkeypatch):
    monkeypatch.setenv("MAX_RESUME_MB", "0.001")
    from core.config import reset_settings

    reset_settings()
    cap = Settings.from_env().max_resume_bytes

    class Endless:
        read_total = 0

        def read(self, n):
            Endless.read_total += n
            return b"x" * n

    spooled = storage.write_temp_file(Endless())
    try:
        assert spooled.path.stat().st_size == spooled.size == cap + 1
        assert Endless.read_total == cap + 1
        assert spooled.head == b"xxxxx"
        assert spooled.sha256 == hashlib.sha256(b"x" * (cap + 1)).hexdigest()
    finally:
        spooled.path.unlink()


@pytest.mark.parametrize("bad", [True, 0, -1, "1", "../etc/passwd", 1.0, None])
def test_paths_only_from_positive_integer_ids(app_env, bad):
    with pytest.raises(ValueError):
        storage.get_resume_file_path(bad)


def test_stored_ids_lists_only_id_files(app_env, tmp_path):
    storage.save_resume_file(_temp(tmp_path, b"%PDF-1.4 a"), 11)
    (storage.ensure_resume_directory() / "notes.pdf").write_bytes(b"%PDF-")
    assert storage.stored_ids() == utils.stored_ids() == {11}
    assert os.listdir(app_env / "resumes")  # sanity: directory in use


def test_the_pdf_check_sees_the_first_bytes_even_in_tiny_chunks(app_env):
    class Trickle:
        def __init__(self, data):
            self.data = data

        def read(self, n):
            chunk, self.data = self.data[:2], self.data[2:]
            return chunk

    spooled = storage.write_temp_file(Trickle(b"%PDF-1.7 rest"))
    try:
        assert spooled.head == b"%PDF-" and spooled.size == 13
    finally:
        spooled.path.unlink()
