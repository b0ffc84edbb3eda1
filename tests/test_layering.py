"""Arrows point inward: the domain and the CLI never load Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import prm.core


def test_core_and_cli_never_import_qt():
    modules = [m.name for m in pkgutil.walk_packages(prm.core.__path__, "prm.core.")
               if ".migrations" not in m.name]
    code = (
        "import importlib, sys\n"
        f"for name in {modules + ['prm.cli.main', 'prm.__main__']!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'prm.ui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
