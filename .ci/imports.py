"""The import contract of the project: no cycles, and layers that point one way.

Usage: python .ci/imports.py [root] — prints every problem and exits 1 if there is any.
Stdlib only, so that CI can run it before anything is installed; tests/test_architecture.py
runs it too, on the tree and on small trees made to break each rule.

Every `import` statement counts, at any depth (an import inside a function still closes a
cycle when the other side imports back). A package's `__init__` importing its own submodules
is not a cycle unless a submodule imports the package back.

The layers of an app (a module belongs to the layer named by the first folder or file under
the app: `services/bases.py` and `services.py` are both "services"):

    views, urls, admin ──► forms ──► services ──► documents / exports ──► selectors ──► models
    tasks ──► services            demo ──► services

What is forbidden is listed in FORBIDDEN: a layer on the left may not import, from any app,
a module of a layer on the right. `pairing.engine` is pure: it imports no Django and no
module of the project.

Between packages the arrows run one way too:

    reports ──► programme, surveys, pairing ──► common

`common` (Russian word forms, the PDF renderer, charts, QR, downloads, email) is a leaf: it
imports no app and not the project package. `reports` assembles documents, monitoring, cases
and the public page from every app and stands on top: no other app imports it.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

SKIP = {".venv", "venv", "node_modules", "migrations", ".git", "static", "media", "templates"}
APPS = {"programme", "surveys", "pairing", "reports"}
LEAF = "common"
ON_TOP = "reports"

FORBIDDEN: dict[str, set[str]] = {
    "models": {"services", "selectors", "views", "forms", "urls", "admin", "tasks", "demo"},
    "services": {"views", "forms", "urls", "admin", "tasks", "demo"},
    "selectors": {"views", "forms", "urls", "admin", "tasks", "demo"},
    "forms": {"views", "urls", "admin", "tasks", "demo"},
    "documents": {"services", "views", "forms", "urls", "admin", "tasks", "demo"},
    "exports": {"services", "views", "forms", "urls", "admin", "tasks", "demo"},
    "tasks": {"views", "forms", "urls", "admin", "demo"},
}
PURE = {"pairing.engine"}


def find_modules(root: Path) -> dict[str, Path]:
    modules = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP and not d.startswith(".")]
        for file in files:
            if file.endswith(".py"):
                path = Path(folder) / file
                dotted = str(path.relative_to(root).with_suffix("")).replace(os.sep, ".")
                modules[dotted.removesuffix(".__init__")] = path
    return modules


def imported_names(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every dotted name the module imports (project modules resolved, others as written)."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            subs = [f"{source}.{alias.name}" for alias in node.names]
            names.update(s for s in subs if s in modules)
            if any(s not in modules for s in subs):
                names.add(source)
    return names


def resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] not in APPS or "tests" in parts:
        return None
    return parts[1]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def check(root: Path) -> list[str]:
    modules = find_modules(root)
    problems = []
    edges: dict[str, set[str]] = {}
    for module, path in sorted(modules.items()):
        names = imported_names(module, path, modules)
        targets = {resolve(n, modules) for n in names} - {None, module}
        edges[module] = {t for t in targets if t in modules}
        if module in PURE:
            impure = sorted(n for n in names if n.split(".")[0] in APPS | {"django", "mentoring"})
            if impure:
                problems.append(f"{module} must stay pure but imports {', '.join(impure)}")
        top = module.split(".")[0]
        if top == LEAF:
            above = sorted(n for n in names if n.split(".")[0] in APPS | {"mentoring"})
            if above:
                problems.append(f"{module} is a leaf helper but imports {', '.join(above)}")
        elif top in APPS - {ON_TOP} and "tests" not in module.split("."):
            upward = sorted(t for t in edges[module] if t.split(".")[0] == ON_TOP)
            if upward:
                problems.append(
                    f"{module} imports {', '.join(upward)}: only {ON_TOP} stands on top"
                )
        forbidden = FORBIDDEN.get(layer(module) or "", set())
        for target in sorted(edges[module]):
            if layer(target) in forbidden:
                problems.append(f"layers: {module} ({layer(module)}) imports {target}")
    for group in cycles(edges):
        problems.append("cycle: " + " <-> ".join(group))
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = check(root)
    for problem in problems:
        print(problem)
    if not problems:
        print("imports: no cycles, layers point one way")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
