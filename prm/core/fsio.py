"""Writing files so that a kill, a full disk or an odd target never leaves half a file.

Every file PRM writes for the user (exports, backups, the store header) goes
through ``atomic_writer``: the bytes go to a temporary file in the target's own
folder, are flushed to the disk, and only then renamed over the target, so the
target is either the old file or the whole new one. A symlink is written
through (the link stays, its target changes); anything that is not a regular
file — a FIFO, a device, a folder — is refused rather than replaced.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from prm.core.errors import KnownError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def os_error_message(exc: OSError) -> str:
    """A short reason a person understands, for the common ways a write fails."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno == errno.EIO:
        return "the disk reported an input/output error"
    return exc.strerror or str(exc)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def writable_target(path: Path) -> Path:
    """The regular file a write to ``path`` should replace: symlinks followed,
    special files refused."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise KnownError(f"Cannot write {path}: {os_error_message(exc)}.") from exc
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise KnownError(
            f"Cannot write {path}: it is {kind}, and PRM only replaces regular files.",
            hint="Choose a file name in a folder instead.",
        )
    return target


@contextmanager
def atomic_writer(
    path: Path, *, mode: int | None = None, durable: bool = True
) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it atomically becomes ``path``.

    ``mode`` sets the new file's permissions (default: keep an existing file's,
    else 0600). On any error the temporary file is removed and ``path`` is as it was.
    ``durable=False`` skips the fsyncs (one file per contact: thousands of syncs
    would take minutes, and the export can be written again).
    """
    target = writable_target(Path(path))
    folder = target.parent
    if mode is None:
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = PRIVATE_FILE
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise KnownError(f"Cannot write {path}: {os_error_message(exc)}.") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        if durable:
            fsync_dir(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise KnownError(
            f"Cannot write {path}: {os_error_message(exc)}. Nothing was changed."
        ) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    with atomic_writer(path, mode=mode) as out:
        out.write(data)


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) and make it readable by its owner only."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if os.name == "posix" and stat.S_IMODE(folder.stat().st_mode) != PRIVATE_DIR:
        os.chmod(folder, PRIVATE_DIR)
