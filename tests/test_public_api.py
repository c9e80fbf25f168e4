"""Every module's ``__all__`` says what it offers, and the lessons use only what is offered."""

import ast
import importlib.util
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import latentedu

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(info.name for info in pkgutil.walk_packages(latentedu.__path__, "latentedu.")
                 if not info.name.rsplit(".", 1)[-1].startswith("_"))
LESSONS = sorted((ROOT / "course").glob("[0-9][0-9]_*.py"))


def _defined_here(module):
    """Public functions and classes written in ``module`` itself (not imported into it)."""
    return {name for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__}


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_what_the_module_defines(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names {missing}, which the module does not define"
    unlisted = sorted(_defined_here(module) - set(exported))
    assert not unlisted, f"{name} defines public {unlisted} but leaves them out of __all__ (list them, or prefix _)"
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"


def _lesson_uses(path):
    """``(module, name)`` for every ``from latentedu.X import name`` and ``alias.name`` in a lesson."""
    tree = ast.parse(path.read_text())
    aliases, uses = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("latentedu"):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if importlib.util.find_spec(target.split(".")[0]) and _is_module(target):
                    aliases[alias.asname or alias.name] = target
                else:
                    uses.add((node.module, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("latentedu"):
                    aliases[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            uses.add((aliases[node.value.id], node.attr))
    return uses


def _is_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lessons_use_only_public_names(lesson):
    problems = []
    for module_name, name in sorted(_lesson_uses(lesson)):
        module = importlib.import_module(module_name)
        if _is_module(f"{module_name}.{name}"):
            continue
        public = getattr(module, "__all__", ())
        if name not in public:
            problems.append(f"{module_name}.{name}" + ("" if hasattr(module, name) else " (missing)"))
    assert not problems, f"{lesson.name} uses names that are not in their module's __all__: {problems}"
