"""PRM's desktop app (PySide6): a thin shell over ``prm.core`` services.

Nothing here runs SQL; every read and write goes through a core service, on
the serial worker in ``prm.ui.common.tasks``.
"""
