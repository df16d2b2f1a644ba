"""The layout of ``lab/``: no import cycle, handlers never see the session, trees from tables.

The import graph is read with ``ast`` from the source (every import counts: module level,
``TYPE_CHECKING`` blocks and imports inside functions), so a cycle hidden behind a late import
is still a cycle.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import lab.device
from lab.device import handlers
from lab.device.cli.cmdtree import Node
from lab.device.cli.table import Table
from lab.device.handlers import registry

ROOT = Path(lab.device.__file__).parents[2]  # the folder that holds lab/
NOT_HANDLERS = {f"lab.device.handlers.{m}" for m in ("common", "registry", "actions", "ca_show")}


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Module name -> file of every module of ``package`` under ``root``."""
    mods = {}
    for path in (root / package.replace(".", "/")).rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (a ``from pkg import name`` of a
    submodule counts as importing that submodule)."""
    mods = module_files(root, package)

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        deps: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {owner(a.name) for a in node.names if a.name.split(".")[0] == package}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        pkg = pkg.rpartition(".")[0]
                    base = f"{pkg}.{base}".rstrip(".")
                if base.split(".")[0] != package:
                    continue
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    deps.add(sub if sub in mods else owner(base))
        graph[name] = {d for d in deps if d is not None and d != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (``[a, b, ..., a]``), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(mod: str) -> list[str] | None:
        state[mod] = 1
        path.append(mod)
        for dep in sorted(graph.get(mod, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)) is not None:
                return found
        path.pop()
        state[mod] = 2
        return None

    for mod in sorted(graph):
        if mod not in state and (found := visit(mod)) is not None:
            return found
    return None


GRAPH = import_graph(ROOT, "lab")


def test_the_cycle_finder_finds_a_cycle_behind_a_late_import(tmp_path: Path) -> None:
    pkg = tmp_path / "lab"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from lab.sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from lab import c\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import lab.a\n"
    )
    graph = import_graph(tmp_path, "lab")
    assert graph["lab.a"] == {"lab.sub.b"}
    assert find_cycle(graph) == ["lab.a", "lab.sub.b", "lab.c", "lab.a"]
    (pkg / "c.py").write_text("")
    assert find_cycle(import_graph(tmp_path, "lab")) is None


def test_no_import_cycle_inside_lab() -> None:
    assert len(GRAPH) > 40  # the whole package was read
    assert find_cycle(GRAPH) is None


def _imports(prefix: str) -> dict[str, set[str]]:
    return {m: deps for m, deps in GRAPH.items() if m.startswith(prefix)}


def test_handlers_see_the_context_never_the_session_or_the_device() -> None:
    banned = {"lab.device.cli.session", "lab.device.cli.host", "lab.device.device", "lab.device"}
    for mod, deps in _imports("lab.device.handlers.").items():
        assert not deps & banned, mod


# lab.device's layers, bottom first: a module imports its own layer or lower ones only
LAYERS = ("pki", "model", "cli", "handlers", "device")


def _layer(mod: str) -> int | None:
    parts = mod.split(".")
    if parts[:2] != ["lab", "device"] or len(parts) < 3 or parts[2] not in LAYERS:
        return None
    return LAYERS.index(parts[2])


def test_lower_layers_never_import_higher_ones() -> None:
    checked = 0
    for mod, deps in GRAPH.items():
        level = _layer(mod)
        if level is None:
            continue
        checked += 1
        assert "lab.device" not in deps, mod  # the package itself is the top
        for dep in deps:
            dep_level = _layer(dep)
            assert dep_level is None or dep_level <= level, f"{mod} imports {dep}"
    assert checked > 30
    context = GRAPH["lab.device.cli.context"]  # the handlers' protocol stays a leaf of cli
    assert all(_layer(d) in (0, 1) or d == "lab.device.cli.out" for d in context), context


def test_only_the_device_builds_the_command_trees() -> None:
    users = {m for m, deps in GRAPH.items() if "lab.device.handlers.registry" in deps}
    assert users == {"lab.device.device"}


def _handler_modules() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(handlers.__path__)]
    return [
        f"lab.device.handlers.{n}" for n in names if f"lab.device.handlers.{n}" not in NOT_HANDLERS
    ]


def test_every_handler_module_exports_a_table_that_is_registered() -> None:
    mods = _handler_modules()
    assert len(mods) >= 8
    tables = [importlib.import_module(m).TABLE for m in mods]
    assert all(isinstance(t, Table) for t in tables)
    assert sorted(map(id, tables)) == sorted(map(id, registry.TABLES))


def _nodes(node: Node, path: str) -> list[tuple[str, Node]]:
    found = []
    for word, child in node.keywords.items():
        found += [(f"{path} {word}", child), *_nodes(child, f"{path} {word}")]
    for name, kind, child in node.args:
        found += [(f"{path} <{name}:{kind}>", child), *_nodes(child, f"{path} <{name}:{kind}>")]
    return found


def test_every_word_of_every_mode_has_a_help_text() -> None:
    for crypto in (True, False):
        for mode, tree in registry.command_set(crypto).trees.items():
            nodes = _nodes(tree.root, mode)
            assert nodes, mode
            for path, node in nodes:
                assert node.help.strip(), path
                assert set(node.option_help) == set(node.options or {}), path
    trustpoint = registry.command_set(True).trees["config"].root.keywords["crypto"]
    assert trustpoint.keywords["pki"].keywords["trustpoint"].help == "Define a CA trustpoint"
