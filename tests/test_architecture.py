"""The architecture of docs/architecture.md holds in the code.

The layers and the rule against cycles between sibling modules are import-linter contracts
in pyproject.toml (``lint-imports`` checks them); this module runs them, and checks what
import-linter does not: no module and its package import each other, imports of c87
modules stand at the top of a module (outside the CLI, where they are kept inside the
commands so that ``c87 --help`` stays fast), functions fit in a reader's head (at most 60
lines and a cyclomatic complexity of at most 15), every package says what it owns and
what it may import, and docs/architecture.md draws the layers the contracts check.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "c87"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
MAX_LINES = 60
MAX_COMPLEXITY = 15


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def _layers() -> list[list[str]]:
    """The layers of the layers contract, highest first, each a list of sibling packages."""
    (contract,) = [c for c in _contracts() if c["type"] == "layers"]
    return [[part.strip() for part in layer.split("|")] for layer in contract["layers"]]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The c87 modules an import statement names (``from c87 import store`` names
    c87.store; ``from c87.model import Facts`` names c87.model)."""
    modules = _modules()
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in modules]
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base.pop()
        base = base[: len(base) - node.level + 1]
        name = ".".join([*base, node.module] if node.module else base)
    else:
        name = node.module or ""
    found = [f"{name}.{a.name}" for a in node.names if f"{name}.{a.name}" in modules]
    return found or ([name] if name in modules else [])


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(module: str, path: Path) -> list[tuple[ast.stmt, bool, list[str]]]:
    """Each import of c87 modules in a module: the statement, whether it stands inside a
    function, and the modules it names; imports under ``if TYPE_CHECKING`` are left out."""
    found = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                names = _imported(module, path, child)
                if names:
                    found.append((child, in_function, names))
            walk(child, in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    walk(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_the_layers_and_sibling_contracts_hold() -> None:
    """A part imports only the parts below it, output and store not each other, and no
    modules of one package import each other in a circle (import-linter's contracts)."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout


def test_no_module_imports_itself_back() -> None:
    """No chain of imports leads from a module back to itself (a package and one of its
    modules included, which the sibling contract does not see)."""
    modules = _modules()
    graph = {m: {t for _, _, names in _imports(m, p) for t in names if t != m}
             for m, p in modules.items()}
    cycles = _strongly_connected(graph)
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in cycles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of two or more modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_c87_imports_stand_at_the_top_outside_the_cli() -> None:
    """The dependency graph is read at the top of each module. Only the CLI imports the
    parts inside its commands, so that ``c87 --help`` loads none of them."""
    hidden = [f"{p.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}"
              for m, p in _modules().items() if not m.startswith(("c87.cli", "c87.__main__"))
              for node, in_function, _ in _imports(m, p) if in_function]
    assert not hidden, "imports of c87 modules inside functions:\n" + "\n".join(hidden)


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """A function's lines from its def to its end, its docstring left out."""
    lines = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
            first.value.value, str):
        lines -= first.end_lineno - first.lineno + 1
    return lines


def test_functions_are_at_most_60_lines() -> None:
    long = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    _body_lines(node) > MAX_LINES):
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} "
                            f"({_body_lines(node)} lines)")
    assert not long, f"functions over {MAX_LINES} lines:\n" + "\n".join(long)


def test_functions_are_at_most_complexity_15() -> None:
    """ruff's C901 (McCabe), as ``make lint`` runs it with the limit of pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["ruff"]["lint"]["mccabe"]["max-complexity"] == MAX_COMPLEXITY
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "C901",
                             "--output-format", "concise", str(SRC)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:]


def test_the_architecture_page_draws_the_layers_the_contract_checks() -> None:
    """docs/architecture.md lists the layers, highest first, as pyproject.toml's contract."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    drawn = re.findall(r"^\| (\d+) \| ([^|]+) \|", text, re.M)
    assert drawn, "docs/architecture.md has no table of layers"
    layers = _layers()
    assert [int(n) for n, _ in drawn] == list(range(len(layers), 0, -1))
    assert [sorted(re.findall(r"`(c87\.\w+)`", cell)) for _, cell in drawn] == [
        sorted(layer) for layer in layers]


@pytest.mark.parametrize("package", sorted(
    m for m, p in _modules().items() if p.name == "__init__.py" and m != "c87"))
def test_every_package_says_what_it_owns_and_may_import(package: str) -> None:
    """The docstring of each part names the parts it may import: the layers below it."""
    path = _modules()[package]
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, f"{path.relative_to(ROOT)} has no docstring"
    top = ".".join(package.split(".")[:2])
    layers = _layers()
    rank = next((i for i, layer in enumerate(layers) if top in layer), None)
    if rank is None or top != package:
        return  # a package inside a part: its part's docstring gives the rule
    said = re.search(r"^May import: (.+?)\.?$", doc, re.M)
    assert said, f"{path.relative_to(ROOT)}: no line 'May import: ...'"
    below = sorted(m for layer in layers[rank + 1:] for m in layer)
    assert sorted(re.findall(r"c87\.\w+", said.group(1))) == below
