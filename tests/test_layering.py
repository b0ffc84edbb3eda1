"""Arrows point inward: the domain and the CLI never load Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import prm.core


def test_core_and_cli_never_import_qt():
    modules = [
        m.name
        for m in pkgutil.walk_packages(prm.core.__path__, "prm.core.")
        if ".migrations" not in m.name
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules + ['prm.cli.main', 'prm.__main__']!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'prm.ui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ui_never_imports_the_orm_models():
    """Screens ask core for screens: prm/ui gets dataclasses, never ORM rows.

    Parsed with ``ast`` so a lazy import inside a function counts too, and a
    comment or string mentioning the module does not.
    """
    import ast
    from pathlib import Path

    import prm.ui

    def imported(tree: ast.AST) -> set[str]:
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        return names

    def is_models(name: str) -> bool:
        return name == "prm.core.models" or name.startswith("prm.core.models.")

    offenders = []
    for path in sorted(Path(prm.ui.__path__[0]).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = sorted(n for n in imported(tree) if is_models(n))
        if found:
            offenders.append(f"{path.relative_to(Path(prm.ui.__path__[0]).parent.parent)}: {found}")
    assert offenders == [], "prm/ui imports the ORM models:\n" + "\n".join(offenders)
