"""Reading a file the user named, without hanging on a FIFO or reading /dev/zero forever.

Only regular files are read: a folder, a FIFO, a device or a socket is refused
with a message saying what it is. The check is made on the opened descriptor
(opened non-blocking, so a FIFO cannot stall the open), never on the name
alone. Every read is counted: a file that grows past ``limit`` while being
read stops with a clear error instead of filling memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO, Self

from prm.core.errors import KnownError

MB = 1 << 20


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size_text(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"


def open_input(path: Path | str, *, limit: int, what: str = "file") -> BinaryIO:
    """``path`` opened for reading in binary, refused unless it is a regular file of at
    most ``limit`` bytes; reading past ``limit`` raises KnownError. ``what`` names the
    file in messages ("vCard file", "photo")."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise KnownError(_open_failure(path, exc, what)) from None
    except ValueError:  # a NUL byte: no file can have that name
        raise KnownError(f"“{str(path)[:60]}” is not a file name.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KnownError(
                f"{path} is {_kind(info.st_mode)}, not a {what}; PRM reads only regular files."
            )
        if info.st_size > limit:
            raise KnownError(
                f"{path} is larger than {_size_text(limit)}; PRM reads a {what} up to that size."
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return _Bounded(handle, path=path, limit=limit, what=what)


def read_input(path: Path | str, *, limit: int, what: str = "file") -> bytes:
    with open_input(path, limit=limit, what=what) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise KnownError(f"Could not read {path}: {exc.strerror or exc}.") from None


def _open_failure(path: Path, exc: OSError, what: str) -> str:
    if exc.errno == errno.ENOENT:
        return f"There is no file {path}."
    if exc.errno == errno.EISDIR:
        return f"{path} is a folder, not a {what}."
    if exc.errno == errno.ENAMETOOLONG:
        return f"The file name is too long: {str(path)[:60]}…"
    return f"Could not read {path}: {exc.strerror or exc}."


class _Bounded:
    """A binary reader that refuses to go past ``limit`` bytes in total."""

    def __init__(self, handle: BinaryIO, *, path: Path, limit: int, what: str) -> None:
        self._handle, self._path, self._limit, self._what = handle, path, limit, what
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        room = self._limit - self._read + 1  # one byte more tells "too large" from "exactly full"
        data = self._handle.read(room if size is None or size < 0 else min(size, room))
        self._read += len(data)
        if self._read > self._limit:
            raise KnownError(
                f"{self._path} is larger than {_size_text(self._limit)} (it grew while being read); "
                f"PRM reads a {self._what} up to that size."
            )
        return data

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
