"""The notebooks run from a clean kernel (CI executes them here), draw their plots inline, and are stored
without outputs; what opening them needs is the `notebooks` extra."""
from __future__ import annotations

import ast
import importlib.metadata
import re
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@lru_cache(maxsize=None)
def executed(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _draws(cell) -> bool:
    return cell.cell_type == "code" and bool(re.search(r"\.plot\b|\bplt\.", cell.source))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_from_a_clean_kernel(path):
    errors = [o for c in executed(path).cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_cell_that_plots_shows_its_image(path):
    cells = [c for c in executed(path).cells if _draws(c)]
    assert all(any("image/png" in o.get("data", {}) for o in c.outputs) for c in cells), \
        [c.source.splitlines()[0] for c in cells if not any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert "matplotlib.use(" not in "".join(c.source for c in cells)


def _imported(path: Path) -> set[str]:
    """Top-level modules a notebook's code imports (magics left out)."""
    source = "\n".join(line for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
                       for line in c.source.splitlines() if not line.startswith("%"))
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_notebooks_extra_holds_what_opening_them_needs():
    def name(requirement: str) -> str:
        return re.split(r"[<>=\[; ]", requirement, maxsplit=1)[0].lower()

    extra = {name(r) for r in PROJECT["optional-dependencies"]["notebooks"]}
    assert {"jupyterlab", "ipykernel", "matplotlib"} <= extra
    declared = extra | {name(r) for r in PROJECT["dependencies"]} | {"extract"}
    distributions = importlib.metadata.packages_distributions()
    for path in NOTEBOOKS:
        for module in _imported(path):
            if module in distributions:  # not the standard library
                assert {d.lower() for d in distributions[module]} & declared, (path.name, module)
