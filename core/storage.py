"""Resume files on disk: `{RESUME_STORAGE_DIR}/{candidate_id}.pdf`, nothing else.

Paths are built only from integer ids, so no user input ever reaches a file name. Files are
written atomically (temp file in the same directory, fsync, rename), so a reader sees the
whole file or none of it.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.config import get_settings
from core.errors import StorageError, StorageFull, ValidationError

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
_CHUNK = 1024 * 1024


_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


@contextmanager
def _writing(what: str):
    """Turn the file system's refusals into errors a recruiter can read (the path and the
    system's words go to the log, not to the page)."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _FULL:
            log.error("resume storage is full while %s: %s", what, exc)
            raise StorageFull("The server's disk is full, so the resume could not be saved; nothing was "
                              "stored. An administrator must free space.") from exc
        if exc.errno in _NOT_WRITABLE:
            log.error("resume storage is not writable while %s: %s", what, exc)
            raise StorageError(f"The resume storage directory cannot be written ({os.strerror(exc.errno)}); "
                               "nothing was stored. An administrator must fix it (the server log names "
                               "the directory).") from exc
        raise


def ensure_resume_directory() -> Path:
    directory = get_settings().resume_storage_dir
    with _writing("creating the storage directory"):
        directory.mkdir(parents=True, exist_ok=True)
    return directory


def check_resume_directory() -> Path:
    """At start: the directory exists and a file can be created in it (StorageError if not)."""
    directory = ensure_resume_directory()
    with _writing("checking the storage directory"):
        tempfile.TemporaryFile(prefix=".probe-", dir=directory).close()
    return directory


def _path_for(candidate_id: int) -> Path:
    # bool is an int subclass; True must not become "1.pdf".
    if isinstance(candidate_id, bool) or not isinstance(candidate_id, int) or candidate_id <= 0:
        raise ValueError(f"candidate id must be a positive integer, got {candidate_id!r}")
    return get_settings().resume_storage_dir / f"{candidate_id}.pdf"


def too_large_message(size: int | None = None, what: str = "file") -> str:
    """What to say about an upload over MAX_RESUME_MB (of unknown size: None)."""
    limit = get_settings().max_resume_mb
    if size is None:
        return f"The {what} is larger than the limit of {limit:g} MB."
    return f"The {what} is {size / 1048576:.1f} MB; the limit is {limit:g} MB."


def check_pdf_header_and_size(head: bytes, size: int) -> None:
    """The cheap checks every stored file passes: PDF magic and the size cap."""
    if size == 0:
        raise ValidationError("The file is empty.")
    if size > get_settings().max_resume_bytes:
        raise ValidationError(too_large_message(size))
    if not head.startswith(PDF_MAGIC):
        raise ValidationError("The file is not a PDF (it does not start with %PDF-).")


@dataclass(frozen=True)
class Spooled:
    """An upload written to a temporary file, with what was learnt on the way."""
    path: Path
    size: int
    sha256: str
    head: bytes  # the first bytes, for the %PDF- check


def write_temp_file(data: bytes | BinaryIO) -> Spooled:
    """Spool an upload to a temporary file inside the storage directory, hashing as it goes.

    Reads at most the size cap plus one byte, so an oversized upload is refused without
    being read whole. The caller hands the path to save_resume_file, which removes it.
    """
    directory = ensure_resume_directory()
    limit = get_settings().max_resume_bytes
    with _writing("receiving an upload"):
        fd, name = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=directory)
    path = Path(name)
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with _writing("receiving an upload"), os.fdopen(fd, "wb") as out:
            whole = None  # the upload's real size, when it can be known without reading it
            if isinstance(data, (bytes, bytearray, memoryview)):
                chunks, whole = [bytes(data[: limit + 1])], len(data)
            else:
                if hasattr(data, "seek"):
                    whole = data.seek(0, os.SEEK_END)
                    data.seek(0)
                chunks = _read_up_to(data, limit + 1)
            for chunk in chunks:
                if len(head) < len(PDF_MAGIC):
                    head += chunk[: len(PDF_MAGIC) - len(head)]
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if size > limit and whole is not None:
            size = max(size, whole)  # refused anyway: the message gives the real size
        return Spooled(path=path, size=size, sha256=digest.hexdigest(), head=head)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _read_up_to(stream: BinaryIO, limit: int):
    remaining = limit
    while remaining > 0:
        chunk = stream.read(min(_CHUNK, remaining))
        if not chunk:
            return
        remaining -= len(chunk)
        yield chunk


def save_resume_file(temp_file_path: str | os.PathLike, candidate_id: int) -> Path:
    """Move a validated upload into place as `{id}.pdf`; the temp file is gone afterwards.

    An upload already spooled inside the storage directory (write_temp_file) is fsynced and
    renamed in place; one from elsewhere is copied to a temp file beside the target first.
    Raises ValidationError (not a PDF, empty, too large) and leaves no file behind.
    """
    source = Path(temp_file_path)
    staged: Path | None = None
    try:
        with _writing("saving a resume"):
            target = _path_for(candidate_id)
            directory = ensure_resume_directory()
            with source.open("rb") as src:
                check_pdf_header_and_size(src.read(len(PDF_MAGIC)), os.fstat(src.fileno()).st_size)
                if source.parent.resolve() == directory.resolve():
                    os.fsync(src.fileno())
                    staged = source
                else:
                    src.seek(0)
                    fd, name = tempfile.mkstemp(prefix=f".{candidate_id}-", suffix=".tmp", dir=directory)
                    staged = Path(name)
                    with os.fdopen(fd, "wb") as out:
                        while chunk := src.read(_CHUNK):
                            out.write(chunk)
                        out.flush()
                        os.fsync(out.fileno())
            os.replace(staged, target)
            staged = None
            _fsync_directory(directory)
            return target
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
        source.unlink(missing_ok=True)


@dataclass
class Installed:
    """A file put in place by install_resume_file, with the one it replaced held aside."""
    target: Path
    backup: Path | None

    def keep(self) -> None:
        """The change committed: forget the old file."""
        if self.backup is not None:
            self.backup.unlink(missing_ok=True)
            self.backup = None

    def undo(self) -> None:
        """The change failed: the old file back in place (or no file, if there was none)."""
        if self.backup is not None:
            os.replace(self.backup, self.target)
            self.backup = None
        else:
            self.target.unlink(missing_ok=True)


def install_resume_file(temp_file_path: str | os.PathLike, candidate_id: int) -> Installed:
    """Put a new file in place of `{id}.pdf` in one rename, so a reader finds the old file or
    the new one, never none. The old one stays as a hard link until keep() or undo()."""
    target = _path_for(candidate_id)
    directory = ensure_resume_directory()
    backup: Path | None = None
    if target.exists():
        backup = directory / f".{candidate_id}-{uuid.uuid4().hex}.old"
        with _writing("replacing a resume"):
            os.link(target, backup)
    try:
        save_resume_file(temp_file_path, candidate_id)
    except BaseException:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    return Installed(target, backup)


def link_for_install(candidate_id: int) -> Path:
    """A second name (a temporary hard link) for a stored file, to install under another id."""
    directory = ensure_resume_directory()
    staged = directory / f".{candidate_id}-{uuid.uuid4().hex}.tmp"
    with _writing("linking a resume"):
        os.link(_path_for(candidate_id), staged)
    return staged


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def resume_file_path(candidate_id: int) -> Path:
    """Where candidate `candidate_id`'s file is kept (whether or not it exists)."""
    return _path_for(candidate_id)


def place_resume_file(data: bytes, candidate_id: int) -> Path:
    """Write a file that was already checked (a restored backup) atomically into place."""
    target = _path_for(candidate_id)
    directory = ensure_resume_directory()
    with _writing("restoring a resume"):
        fd, name = tempfile.mkstemp(prefix=f".{candidate_id}-", suffix=".tmp", dir=directory)
    try:
        with _writing("restoring a resume"), os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)
    return target


def get_resume_file_path(candidate_id: int) -> Path | None:
    """The stored file's path, or None when there is no file."""
    path = _path_for(candidate_id)
    return path if path.is_file() else None


def read_resume_file(candidate_id: int) -> bytes | None:
    path = get_resume_file_path(candidate_id)
    try:
        return path.read_bytes() if path else None
    except FileNotFoundError:
        return None


def delete_resume_file(candidate_id: int) -> bool:
    """Remove the file; a file already gone is not an error. True if a file was removed."""
    try:
        _path_for(candidate_id).unlink()
        return True
    except FileNotFoundError:
        return False


def stored_ids() -> set[int]:
    """Ids of every `{id}.pdf` in the storage directory (to find orphans)."""
    directory = get_settings().resume_storage_dir
    if not directory.is_dir():
        return set()
    return {int(p.stem) for p in directory.glob("*.pdf") if p.stem.isdigit()}


# --- erasure (core/privacy.py) ------------------------------------------------------------
# A resume being erased is first renamed to `.erase-{id}.pdf` while the database deletes the
# row; once that commits the file is overwritten and removed, and if it does not, renamed back.
# A process that dies in between leaves the `.erase-` file: `settle_erasures` finishes it (no
# row any more) or puts it back (the row is still there).

_ERASING = ".erase-"


def _erasing_path(candidate_id: int) -> Path:
    return _path_for(candidate_id).with_name(f"{_ERASING}{candidate_id}.pdf")


def stage_erasure(candidate_id: int) -> bool:
    """Move the resume aside for an erasure; False when there is no file."""
    try:
        os.replace(_path_for(candidate_id), _erasing_path(candidate_id))
    except FileNotFoundError:
        return False
    _fsync_directory(get_settings().resume_storage_dir)
    return True


def restore_erasure(candidate_id: int) -> None:
    """The erasure did not commit: the resume goes back where it was."""
    try:
        os.replace(_erasing_path(candidate_id), _path_for(candidate_id))
    except FileNotFoundError:
        pass


def _shred(path: Path) -> None:
    """Overwrite the file's bytes with zeros, then remove it. A file with another name (a hard
    link made while a resume is replaced or moved to another candidate) is only unlinked:
    its bytes may belong to someone else now; the last name's removal overwrites them."""
    try:
        with path.open("r+b") as f:
            info = os.fstat(f.fileno())
            size = info.st_size if info.st_nlink == 1 else 0
            for start in range(0, size, _CHUNK):
                f.write(b"\0" * min(_CHUNK, size - start))
            f.flush()
            os.fsync(f.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def finish_erasure(candidate_id: int) -> None:
    """The erasure committed: the set-aside resume and any staging copy of it are destroyed."""
    directory = get_settings().resume_storage_dir
    _shred(_erasing_path(candidate_id))
    for staged in directory.glob(f".{candidate_id}-*"):  # staging copies, replaced files kept for an undo
        _shred(staged)
    _fsync_directory(directory)


def settle_erasures(exists) -> int:
    """Finish or undo erasures a dead process left half-done; returns how many were settled.

    `exists(candidate_id) -> bool` says whether the row is still there."""
    directory = get_settings().resume_storage_dir
    if not directory.is_dir():
        return 0
    settled = 0
    for path in directory.glob(f"{_ERASING}*.pdf"):
        stem = path.stem[len(_ERASING):]
        if not stem.isdigit():
            continue
        candidate_id = int(stem)
        if exists(candidate_id):
            restore_erasure(candidate_id)
        else:
            finish_erasure(candidate_id)
        settled += 1
    return settled


def remove_stale_uploads(older_than_seconds: float) -> int:
    """Temporary files an interrupted upload or replacement left behind (they hold a resume);
    returns how many."""
    directory = get_settings().resume_storage_dir
    if not directory.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in [*directory.glob(".*.tmp"), *directory.glob(".*.old")]:
        try:
            if path.stat().st_mtime < cutoff:
                _shred(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
