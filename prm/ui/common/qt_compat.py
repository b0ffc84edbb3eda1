"""Workarounds for defects in the Qt binding, each detected at run time, not by version.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every signal emitted from Python drops one reference to
``True``. After a few thousand emits (a busy session: every worker result is
one) the count reaches zero and CPython aborts with "bool_dealloc: deallocating
True or False". Signals emitted by Qt itself (clicks, timers) are not affected.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

_applied = False


def _emit_loses_a_reference() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        _incref(True)  # pay back what the probe itself cost
    return lost > 0


def _incref(obj: object) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def apply() -> None:
    """Install the workarounds this binding needs (idempotent; call before any emit)."""
    global _applied
    if _applied:
        return
    _applied = True
    if not _emit_loses_a_reference():
        return
    from PySide6.QtCore import SignalInstance

    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if isinstance(result, bool):
            _incref(result)  # the reference emit() should have given us
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    log.info("worked around PySide6's SignalInstance.emit reference leak")
