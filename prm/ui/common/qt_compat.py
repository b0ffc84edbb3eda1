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

import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature, which skip_feature_scan tames)

log = logging.getLogger(__name__)

_applied = False


def skip_feature_scan() -> None:
    """PySide6 reads the source text of every module imported after it, looking
    for ``from __feature__ import`` (snake_case, true_property). PRM uses neither,
    so that scan is pure start-up cost (~0.15 s over the UI's modules). Decide by
    name instead: PRM's UI modules use PySide ("no feature", as the scan would
    find), every other module is left alone (as the scan finds for them)."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return  # another PySide6: its own behaviour, slower but right
    feature._mod_uses_pyside = lambda module: getattr(module, "__name__", "").startswith(
        ("prm.ui", "PySide6")
    )


# Before the rest of the UI is imported: ``prm/ui/__init__.py`` imports this module first,
# so not even the store's libraries (SQLAlchemy: ~300 modules) are scanned.
skip_feature_scan()


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
