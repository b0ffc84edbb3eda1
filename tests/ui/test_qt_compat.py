"""Emitting signals from Python must not eat references to True (PySide6 6.12.0)."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal

from prm.ui.common import qt_compat


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)
    payload = Signal(int, object, object)


def test_many_emits_leave_true_and_false_alone(qapp):
    qt_compat.apply()
    emitter = _Emitter()
    received = []
    emitter.payload.connect(lambda *args: received.append(args))
    gc.collect()  # other tests' garbage would release references to True meanwhile
    gc.disable()
    try:
        true_before = sys.getrefcount(True)
        for n in range(5000):
            emitter.plain.emit()
            emitter.flag.emit(n % 2 == 0)
            emitter.payload.emit(n, None, True)
        lost = true_before - sys.getrefcount(True)
    finally:
        gc.enable()
    assert len(received) == 5000
    assert lost < 100  # without the workaround: 15,000, and CPython aborts long before
