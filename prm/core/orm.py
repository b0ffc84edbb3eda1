"""The ORM model classes, built on first use rather than on import.

Building every table's SQLModel class costs ~0.2 s, and the modules the window
imports at start-up (touches, gifts, events, meetings, ...) only need a model once
a query runs. Those modules write ``orm.Contact`` inside their functions; the
first such access builds ``prm.core.models``, after the first list is on screen.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    from prm.core import models

    value = getattr(models, name)
    globals()[name] = value  # later accesses skip this hook
    return value
