"""PRM's desktop app (PySide6): a thin shell over ``prm.core`` services.

Nothing here runs SQL; every read and write goes through a core service, on
the serial worker in ``prm.ui.common.tasks``.
"""

# First, before any other module is imported through the UI: PySide6 reads the
# source of every module imported after it unless told otherwise (qt_compat).
from prm.ui.common import qt_compat as _qt_compat  # noqa: F401
