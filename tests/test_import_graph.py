"""No upward imports and no import cycles between prm's modules.

The rules (a module never imports one ranked above it; equal ranks may meet, but never in a circle):
1. The package root (prm, prm.options) < prm.core < prm.cli and prm.ui, which never import each
   other < prm.__main__ (the entry point).
2. In prm.ui: common < widgets < the capability rooms (contacts, touches, ...) < app, main_window,
   window_actions, window_shell. Rooms may use one another, but the room-to-room graph has no cycle.
3. In a room, screens (``*_view``, ``*_window``, ``*_section(s)``, ``*_flow``) sit above its parts
   (models, widgets, dialogs, ops, html): a part never imports a screen.

Every import counts, at module level or inside a function; only ``if TYPE_CHECKING:`` blocks are
skipped. The graph is read from the source with ``ast``, so nothing is imported to build it.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

import prm

ROOT = Path(prm.__file__).parent
INNER = ("prm.core", "prm.cli", "prm.ui")
SHARED = ("common", "widgets")
TOP = ("app", "main_window", "window_actions", "window_shell")
SCREEN_SUFFIXES = ("_view", "_window", "_section", "_sections", "_flow")

Graph = dict[str, set[str]]


def module_files(root: Path = ROOT) -> dict[str, tuple[Path, bool]]:
    """``prm.x.y`` -> (its file, whether it is a package's ``__init__``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = ["prm", *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, however deeply nested, outside ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node):
            for other in node.orelse:
                yield from _imports(ast.Module(body=[other], type_ignores=[]))
        else:
            yield from _imports(node)


def imported_names(source: str, module: str, *, is_package: bool) -> set[str]:
    """Dotted names ``source`` imports, relative ones resolved against ``module``.

    ``from a import b`` names ``a.b`` when that is a module, else ``a`` (see ``_owner``).
    """
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join(anchor + ([node.module] if node.module else []))
        names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _owner(name: str, modules: set[str]) -> str | None:
    """The prm module a dotted name lives in (the longest known prefix), if any."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = ROOT) -> Graph:
    files = module_files(root)
    modules = set(files)
    graph: Graph = {}
    for module, (path, is_package) in files.items():
        targets = imported_names(path.read_text(encoding="utf-8"), module, is_package=is_package)
        owners = {_owner(t, modules) for t in targets}
        graph[module] = {o for o in owners if o is not None and o != module}
    return graph


# --- cycles ------------------------------------------------------------------


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's components with more than one member, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def cycle_path(graph: Graph, component: list[str]) -> list[str]:
    """One concrete cycle through the component's first member: ``[a, b, ..., a]``."""
    members, start = set(component), component[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph.get(node, set()) & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle in {component}")


def describe_cycles(graph: Graph) -> list[str]:
    return [" -> ".join(cycle_path(graph, c)) for c in strongly_connected(graph)]


# --- ranks -------------------------------------------------------------------


def room_of(module: str) -> str | None:
    """The capability room of a prm.ui module (None for the shared layer and the top)."""
    parts = module.split(".")
    if len(parts) < 4 or parts[:2] != ["prm", "ui"] or parts[2] in SHARED:
        return None
    return parts[2]


def is_screen(module: str) -> bool:
    return module.rsplit(".", 1)[-1].endswith(SCREEN_SUFFIXES)


def upward(source: str, target: str) -> str | None:
    """Why ``source`` importing ``target`` points upward, or None when it does not."""
    if target == "prm.__main__":
        return "nothing imports the entry point"
    if source != "prm.__main__" and not source.startswith(INNER) and target.startswith(INNER):
        return "the package root imports nothing of core, cli or ui"
    if source.startswith("prm.core") and target.startswith(("prm.cli", "prm.ui")):
        return "core imports no interface"
    if source.startswith("prm.cli") and target.startswith("prm.ui"):
        return "the CLI never imports the UI"
    if source.startswith("prm.ui") and target.startswith("prm.cli"):
        return "the UI never imports the CLI"
    if not (source.startswith("prm.ui.") and target.startswith("prm.ui.")):
        return None
    layer_of = {"common": 0, "widgets": 1}
    source_part, target_part = source.split(".")[2], target.split(".")[2]
    source_rank = 3 if source_part in TOP else layer_of.get(source_part, 2)
    target_rank = 3 if target_part in TOP else layer_of.get(target_part, 2)
    if target_rank > source_rank:
        names = ("prm.ui.common", "prm.ui.widgets", "a capability room", "the top of the UI")
        return f"{names[source_rank]} imports {names[target_rank]}"
    if source_rank == target_rank == 2 and is_screen(target) and not is_screen(source):
        return "a part of a room imports a screen"
    return None


def upward_imports(graph: Graph) -> list[str]:
    return sorted(
        f"{source} -> {target}: {why}"
        for source, targets in graph.items()
        for target in targets
        if (why := upward(source, target))
    )


def room_graph(graph: Graph) -> Graph:
    rooms: Graph = {}
    for source, targets in graph.items():
        source_room = room_of(source)
        if source_room is None:
            continue
        rooms.setdefault(source_room, set())
        for target in targets:
            target_room = room_of(target)
            if target_room is not None and target_room != source_room:
                rooms[source_room].add(target_room)
    return rooms


def room_edges(graph: Graph, source_room: str, target_room: str) -> list[str]:
    return sorted(
        f"{s} -> {t}"
        for s, targets in graph.items()
        for t in targets
        if room_of(s) == source_room and room_of(t) == target_room
    )


# --- tests -------------------------------------------------------------------


def test_no_import_cycles_between_prm_modules():
    cycles = describe_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_upward_imports():
    found = upward_imports(import_graph())
    assert not found, "upward imports:\n" + "\n".join(found)


def test_capability_rooms_form_no_cycle():
    graph = import_graph()
    rooms = room_graph(graph)
    report = []
    for component in strongly_connected(rooms):
        path = cycle_path(rooms, component)
        report.append(" -> ".join(path))
        for a, b in itertools.pairwise(path):
            report += [f"    {edge}" for edge in room_edges(graph, a, b)]
    assert not report, "rooms that import each other in a circle:\n" + "\n".join(report)


def test_the_graph_sees_every_kind_of_import(tmp_path):
    pkg = tmp_path / "prm"
    (pkg / "ui" / "meetings").mkdir(parents=True)
    (pkg / "core").mkdir()
    for init in (pkg, pkg / "ui", pkg / "ui" / "meetings", pkg / "core"):
        (init / "__init__.py").write_text("")
    (pkg / "core" / "a.py").write_text("from . import b\n")
    (pkg / "core" / "b.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from prm.ui.meetings import part\n"
        "def f():\n    from prm.core.a import thing\n"
    )
    (pkg / "ui" / "meetings" / "part.py").write_text(
        "class P:\n    def m(self):\n        from .meeting_window import W\n"
    )
    (pkg / "ui" / "meetings" / "meeting_window.py").write_text("from ..meetings import part\n")
    graph = import_graph(pkg)
    assert graph["prm.core.a"] == {"prm.core.b"}
    assert graph["prm.core.b"] == {"prm.core.a"}  # the TYPE_CHECKING import is left out
    assert describe_cycles({"prm.core.a": {"prm.core.b"}, "prm.core.b": {"prm.core.a"}}) == [
        "prm.core.a -> prm.core.b -> prm.core.a"
    ]
    assert upward_imports(graph) == [
        "prm.ui.meetings.part -> prm.ui.meetings.meeting_window: a part of a room imports a screen"
    ]
