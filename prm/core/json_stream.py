"""Reading a large JSON file piece by piece, with line and column in every error.

The standard library parses whole documents only; a full export can be
hundreds of megabytes. ``JsonStream`` walks the outer structure (objects,
arrays, their punctuation) itself and hands each small value — one row — to
``json``'s C decoder, so memory holds one buffer and one row at a time. One
value larger than ``max_value`` characters is refused instead of read without end.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

from prm.core.errors import KnownError
from prm.core.fsio import os_error_message

CHUNK = 1 << 16
MAX_VALUE = 256 << 20  # one row: a large photo, base64, fits easily
_WHITESPACE = " \t\r\n"


class JsonStream:
    def __init__(self, text: io.TextIOBase, name: str, *, max_value: int = MAX_VALUE) -> None:
        self._src, self.name, self._max = text, name, max_value
        self._buf, self._pos, self._eof = "", 0, False
        self._lines = 0  # newlines in the text already dropped from the buffer
        self._col0 = 0  # characters after the last dropped newline
        self._decoder = json.JSONDecoder()

    # --- errors ----------------------------------------------------------------

    def where(self, index: int | None = None) -> tuple[int, int]:
        """(line, column), both from 1, of ``index`` in the buffer (default: here)."""
        index = self._pos if index is None else index
        newlines = self._buf.count("\n", 0, index)
        if newlines == 0:
            return self._lines + 1, self._col0 + index + 1
        return self._lines + newlines + 1, index - self._buf.rfind("\n", 0, index)

    def error(self, what: str, index: int | None = None) -> KnownError:
        line, column = self.where(index)
        return KnownError(
            f"{self.name} is not a valid PRM export: {what} (line {line}, column {column}).",
            hint="Nothing was imported.",
        )

    # --- reading ---------------------------------------------------------------

    def _fill(self) -> bool:
        """Read more text, dropping what was consumed; False at the end of the file."""
        if self._eof:
            return False
        if self._pos:
            dropped = self._buf[: self._pos]
            newlines = dropped.count("\n")
            if newlines:
                self._lines += newlines
                self._col0 = len(dropped) - dropped.rfind("\n") - 1
            else:
                self._col0 += len(dropped)
            self._buf, self._pos = self._buf[self._pos :], 0
        if len(self._buf) > self._max:
            raise self.error(f"a value longer than {self._max // (1 << 20)} MB", 0)
        try:
            chunk = self._src.read(max(CHUNK, len(self._buf)))
        except UnicodeDecodeError as exc:
            raise KnownError(
                f"{self.name} is not a PRM export: it is not UTF-8 text ({exc.reason}).",
                hint="Nothing was imported.",
            ) from None
        except OSError as exc:
            raise KnownError(f"Could not read {self.name}: {os_error_message(exc)}.") from exc
        if not chunk:
            self._eof = True
            return False
        self._buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            buf, pos = self._buf, self._pos
            while pos < len(buf) and buf[pos] in _WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self._fill():
                return ""

    def expect(self, chars: str, what: str) -> str:
        found = self.peek()
        if not found or found not in chars:
            shown = "the end of the file" if not found else repr(found)
            raise self.error(f"expected {what}, found {shown}")
        self._pos += 1
        return found

    def value(self) -> Any:
        """The next complete JSON value."""
        if not self.peek():
            raise self.error("the file ends too early (it is truncated)")
        while True:
            try:
                found, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                # Maybe only cut off by the buffer's end: read on, then judge.
                cut = exc.msg.startswith("Unterminated string") or len(self._buf) - exc.pos < 64
                offset = exc.pos - self._pos
                if cut and self._fill():
                    continue
                at = self._pos + offset  # _fill may have moved the buffer
                if exc.msg.startswith("Unterminated string") or at >= len(self._buf.rstrip()):
                    raise self.error("the file ends too early (it is truncated)", at) from None
                raise self.error(exc.msg[0].lower() + exc.msg[1:], at) from None
            except RecursionError:
                raise self.error("values nested too deeply") from None
            if end == len(self._buf) and self._fill():
                continue  # a number may go on in the next chunk
            self._pos = end
            return found

    def at_end(self) -> bool:
        return self.peek() == ""


def open_regular(path: Path) -> io.TextIOWrapper:
    """Open a regular file as UTF-8 text; FIFOs, devices and folders are refused
    before anything could block or read without end."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise KnownError(
                f"Could not read {path}: it is {kind}.",
                hint="Name a file written by prm export-all.",
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise KnownError(f"Could not read {path}: {os_error_message(exc)}.") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the two looks
        os.close(fd)
        raise KnownError(f"Could not read {path}: it is not a regular file.")
    return io.TextIOWrapper(io.FileIO(fd, "rb"), encoding="utf-8-sig", newline="")
