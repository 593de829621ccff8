"""The dependency line: core ◄ presentation ◄ interfaces (the CLI and the app), checked by reading imports.

``simulator/`` (the core: scenario, engine, tools, calibration fits) returns numbers and typed
results: it imports neither the presentation layer nor any drawing or app library.
``presentation/`` (charts, report, messages, levers, links) imports the core, never an interface.
The one exception is ``simulator/__main__.py``, the ``python -m simulator`` entry point, which
nothing imports: it hands over to :mod:`cli.commands`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INTERFACES = {"cli", "appviews", "app", "streamlit"}
DRAWING = {"altair", "vl_convert", "streamlit", "pandas.io.formats.style"}


def _imports(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved), at any depth."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


CORE_FILES = [p for p in sorted((ROOT / "simulator").rglob("*.py")) if p.name != "__main__.py"]
PRESENTATION_FILES = sorted((ROOT / "presentation").rglob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_presentation_interface_or_drawing_library(path):
    tops = _top(_imports(path))
    assert not tops & ({"presentation"} | INTERFACES | DRAWING), f"{path.name} imports {sorted(tops & ({'presentation'} | INTERFACES | DRAWING))}"


@pytest.mark.parametrize("path", PRESENTATION_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_presentation_imports_no_interface(path):
    tops = _top(_imports(path))
    assert not tops & INTERFACES, f"{path.name} imports {sorted(tops & INTERFACES)}"


def test_the_checks_see_real_imports():
    """The reader resolves relative imports: charts.py's ``from . import i18n`` is presentation.i18n."""
    names = _imports(ROOT / "presentation" / "charts.py")
    assert "presentation.i18n" in names and "altair" in names and "simulator.result" in names
    assert len(CORE_FILES) >= 20 and len(PRESENTATION_FILES) >= 8


def test_nothing_imports_the_entry_point():
    for path in [*CORE_FILES, *PRESENTATION_FILES, *sorted((ROOT / "cli").glob("*.py"))]:
        assert "simulator.__main__" not in _imports(path), path
