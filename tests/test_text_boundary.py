"""The line between the domain and its words (issue 12, plooi 8: one text layer).

The domain (solve, check, explain, conflicts, impact, compare, risk) returns
typed objects; sentences are made only in the text layer (scheduler/text/), the
reports (scheduler/report/) and the edges that call them (commands, web,
letters, export, io writers). These tests read the source, so they fail the
moment a domain module takes a ``lang`` (or ``language``, ``nl``) or imports the
words, directly, lazily inside a function, or through another module, or imports
the input-error catalog (scheduler.messages) itself.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scheduler"

# The domain: modules that compute, check and explain, and never word anything.
DOMAIN_FILES = (
    "check.py",
    "compare.py",
    "explain.py",
    "greedy.py",
    "guards.py",
    "plan.py",
    "references.py",
    "rules.py",
    "scenario.py",
    "school_holidays.py",
    "weeks.py",
    "workflow.py",
)
DOMAIN_PACKAGES = ("solver", "impact", "risk")
# Files inside a domain package that are edge (none today).
EDGE_FILES: tuple[str, ...] = ()
# Where the words live; the domain may not reach them by any import.
WORDS = (
    "scheduler.text",
    "scheduler.report",
    "scheduler.letters",
    "scheduler.web",
    "scheduler.commands",
)
# The input-error catalog: only the loaders' errors word it. A domain module may not
# import it itself (the risk package reaches it through the YAML loader, which is fine).
INPUT_ERRORS = "scheduler.messages"
# Parameter names that would carry a language into the domain.
LANGUAGE_PARAMETERS = ("lang", "language", "nl")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def domain_modules() -> list[Path]:
    found = [PACKAGE / name for name in DOMAIN_FILES]
    for package in DOMAIN_PACKAGES:
        found += sorted((PACKAGE / package).rglob("*.py"))
    edge = {PACKAGE / name for name in EDGE_FILES}
    return [path for path in found if path not in edge]


def _imports(tree: ast.AST) -> set[str]:
    """Every module an import statement names, at any depth (lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _is_words(name: str) -> bool:
    return any(name == words or name.startswith(words + ".") for words in WORDS)


def _all_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


@pytest.mark.parametrize("path", domain_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_domain_function_takes_a_language(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    with_lang = [
        f"{node.name} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)
        if arg.arg in LANGUAGE_PARAMETERS
    ]
    assert with_lang == [], f"{path.name}: words belong in scheduler/text/, not {with_lang}"


@pytest.mark.parametrize("path", domain_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_domain_module_imports_the_words(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    imported = _imports(ast.parse(source))
    direct = sorted(name for name in imported if _is_words(name))
    assert direct == [], f"{path.name} imports {direct}"
    catalog = sorted(n for n in imported if n == INPUT_ERRORS or n.startswith(INPUT_ERRORS + "."))
    assert catalog == [], f"{path.name} imports the input-error catalog {catalog}"
    # import_module("scheduler.text...") and the like: a dependency all the same.
    named = [n.value for n in ast.walk(ast.parse(source))
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and _is_words(n.value)]
    assert named == [], f"{path.name} names {named}"


def _crossing(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """The first import trail from ``start`` to a module of the words, or None."""
    trail = {start: [start]}
    todo = [start]
    while todo:
        current = todo.pop()
        for name in sorted(graph.get(current, ())):
            if name not in trail:
                trail[name] = [*trail[current], name]
                if _is_words(name):
                    return trail[name]
                todo.append(name)
    return None


def test_the_domain_does_not_reach_the_words_through_other_modules() -> None:
    modules = _all_modules()
    graph = {
        name: {i for i in _imports(ast.parse(path.read_text(encoding="utf-8"))) if i in modules}
        for name, path in modules.items()
    }
    for path in domain_modules():
        found = _crossing(graph, _module_name(path))
        assert found is None, " -> ".join(found or ())


def test_the_boundary_test_would_see_a_crossing(tmp_path: Path) -> None:
    """The checks above find a lazy import and a lang parameter (they can fail)."""
    crossing = tmp_path / "crossing.py"
    crossing.write_text(
        "def f(x, *, lang='nl'):\n    from scheduler.text.numbers import listing\n"
        "    return listing(x, lang)\n",
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match="words belong"):
        test_no_domain_function_takes_a_language(crossing)
    with pytest.raises(AssertionError, match=r"imports \['scheduler.text.numbers'"):
        test_no_domain_module_imports_the_words(crossing)
    for name in ("language", "nl"):
        crossing.write_text(f"def f(x, {name}):\n    return x\n", encoding="utf-8")
        with pytest.raises(AssertionError, match=r"words belong.*'f \(line 1\)'"):
            test_no_domain_function_takes_a_language(crossing)
    crossing.write_text("from scheduler import messages\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"input-error catalog \['scheduler.messages'\]"):
        test_no_domain_module_imports_the_words(crossing)


def test_the_transitive_walk_finds_a_crossing_several_imports_deep() -> None:
    graph = {
        "scheduler.plan": {"scheduler.weeks", "scheduler.io.helper"},
        "scheduler.io.helper": {"scheduler.io.other"},
        "scheduler.io.other": {"scheduler.report.numbers"},
        "scheduler.weeks": set(),
    }
    assert _crossing(graph, "scheduler.plan") == [
        "scheduler.plan", "scheduler.io.helper", "scheduler.io.other", "scheduler.report.numbers"
    ]
    graph["scheduler.io.other"] = {"scheduler.weeks"}
    assert _crossing(graph, "scheduler.plan") is None


def test_the_domain_list_names_real_modules() -> None:
    assert all(path.is_file() for path in domain_modules())
    assert all((PACKAGE / name).is_file() for name in EDGE_FILES)
    assert len(domain_modules()) > 40


@pytest.mark.parametrize("module", ["scheduler.io.result_json", "scheduler.text.conflicts"])
def test_the_result_writer_and_the_conflict_words_load_without_or_tools(module: str) -> None:
    """Conflict and Guard are plain data (scheduler/guards.py): words need no solver.

    In a fresh interpreter, so modules this test process imported earlier cannot hide it.
    """
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if 'ortools' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=PACKAGE.parent)
    assert done.stdout.strip() == "[]"
