"""Build the course notebooks from their one source in ``course/``.

Every notebook is written as a percent-format Python file (``# %%`` starts a
code cell, ``# %% [markdown]`` a Markdown cell, ``# %% [question q1]`` expands
a declared exercise question). This script turns

    course/NN_topic.py            -> notebooks/NN_topic.ipynb   (lesson, run, outputs stored)
    course/NN_topic_exercises.py  -> exercises/NN_topic.ipynb   (starters, stored without outputs)
                                  -> solutions/NN_topic.ipynb   (solutions, run, outputs stored)

Stored outputs are kept honest by a fingerprint: after running a notebook
the script records a hash of its cells and of every ``latentedu`` module the
kernel imported. ``tests/test_notebook_sources.py`` recomputes both and fails
when a notebook's cells drifted from its source or its outputs came from an
older library; the fix is always to run this script again.

Usage::

    python scripts/build_notebooks.py             # build and run everything
    python scripts/build_notebooks.py 03 05       # only the chapters whose names start so
    python scripts/build_notebooks.py --no-run    # rebuild cells, keep no outputs (fast)
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
REPO = "latentedu/latentedu"  # GitHub owner/name used by the Colab and Binder links
# The release a notebook was built with: its Colab cell installs that one, so a notebook opened
# next year gets the library it was written for, not whatever main has become.
VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "latentedu" / "__init__.py").read_text()).group(1)
PACKAGE_SPEC = f"latentedu @ git+https://github.com/{REPO}@v{VERSION}"

CELL_MARK = re.compile(r"^# %%(?:\s+\[(?P<kind>[a-z]+)(?:\s+(?P<arg>\w+))?\])?(?:\s+tags=(?P<tags>\[.*\]))?\s*$")
# Libraries whose versions can change what a notebook prints or draws.
OUTPUT_SHAPING = ("numpy", "torch", "scipy", "scikit-learn", "matplotlib", "umap-learn")

QUESTIONS_IMPORT = re.compile(r"from latentedu\.exercises\.(\w+) import")

COLAB_CELL = f'''# In Colab, install the course's library first; everywhere else this cell does nothing.
# This installs latentedu {VERSION}, the release this notebook was built with. For the newest
# library, change "@v{VERSION}" to "@main" (its notebooks may have moved on from this one).
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "{PACKAGE_SPEC}"'''

# Exercise notebooks end with the learner's progress over the whole course (latentedu.progress).
PROGRESS_MARKDOWN = ("## Where you stand\n\nEvery chapter's questions, and where you are on each: this session, "
                     "and across sessions where your files persist.")
PROGRESS_CELL = "from latentedu import progress\n\nprogress()"
# Running the reference solutions is not the learner's progress: their checks are not saved.
SOLUTIONS_NOT_PROGRESS = ("import os\n\nos.environ[\"LATENTEDU_PROGRESS\"] = \"off\"  "
                          "# these are the reference solutions: checking them is not saved as your progress\n\n")

HINT_CELL = "# {q}.hint()      # a hint; call it again for the next one\n# {q}.solution()  # the reference solution"

PROBE = ("import json as _j, sys as _s\n"
         "print(_j.dumps(sorted(m.__file__ for n, m in list(_s.modules.items())"
         " if n.split('.')[0] == 'latentedu' and getattr(m, '__file__', None))))")


def badges(path: str) -> str:
    return (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"(https://colab.research.google.com/github/{REPO}/blob/main/{path}) "
            f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]"
            f"(https://mybinder.org/v2/gh/{REPO}/main?urlpath=lab/tree/{path})")


# ----------------------------------------------------------------------------- parsing

def parse(source: str) -> list[dict]:
    """Split percent-format text into raw cells: {kind, arg, tags, text}."""
    cells: list[dict] = []
    current = None
    for line in source.splitlines():
        match = CELL_MARK.match(line)
        if match:
            current = {"kind": match["kind"] or "code", "arg": match["arg"],
                       "tags": json.loads(match["tags"]) if match["tags"] else [], "lines": []}
            cells.append(current)
        elif current is not None:
            current["lines"].append(line)
    for cell in cells:
        lines = cell.pop("lines")
        if cell["kind"] == "markdown":
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines]
        cell["text"] = "\n".join(lines).strip("\n")
    return cells


def _new_cell(kind: str, text: str, tags=()):
    import nbformat.v4 as v4

    cell = v4.new_markdown_cell(text) if kind == "markdown" else v4.new_code_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def build_cells(source_path: Path, variant: str, target: str) -> list:
    """The cells of one notebook. ``variant`` is "lesson", "exercise" or "solution"."""
    text = source_path.read_text()
    raw = parse(text)
    module = None
    match = QUESTIONS_IMPORT.search(text)
    if match:
        module = importlib.import_module(f"latentedu.exercises.{match[1]}")
    cells = []
    first_code = True
    for cell in raw:
        if cell["kind"] == "question":
            if module is None:
                raise SystemExit(f"{source_path}: a question cell needs `from latentedu.exercises.X import ...`")
            question = getattr(module, cell["arg"])
            cells.append(_new_cell("markdown", f"### {question.label}\n\n{question.prompt}"))
            code = question.starter if variant == "exercise" else question.solution_code
            cells.append(_new_cell("code", code.rstrip("\n"), cell["tags"]))
            if variant == "exercise":
                cells.append(_new_cell("code", HINT_CELL.format(q=question.name)))
            continue
        text = cell["text"]
        if cell["kind"] == "code" and first_code:
            cells.append(_new_cell("code", COLAB_CELL, ["nbval-ignore-output"]))
            first_code = False
            if variant == "solution":
                text = SOLUTIONS_NOT_PROGRESS + text
        cells.append(_new_cell(cell["kind"], text, cell["tags"]))
    if variant == "exercise":
        cells.append(_new_cell("markdown", PROGRESS_MARKDOWN))
        cells.append(_new_cell("code", PROGRESS_CELL, ["nbval-ignore-output"]))
    if cells and cells[0].cell_type == "markdown":
        cells[0].source = cells[0].source + "\n\n" + badges(target)
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i}"  # stable ids, so a rebuild changes no more than it must
    return cells


def targets() -> list[tuple[Path, str, Path]]:
    """(source, variant, notebook) for every notebook of the course."""
    out = []
    for source in sorted(COURSE.glob("[0-9][0-9]_*.py")):
        if source.stem.endswith("_exercises"):
            stem = source.stem[: -len("_exercises")]
            out.append((source, "exercise", ROOT / "exercises" / f"{stem}.ipynb"))
            out.append((source, "solution", ROOT / "solutions" / f"{stem}.ipynb"))
        else:
            out.append((source, "lesson", ROOT / "notebooks" / f"{source.stem}.ipynb"))
    return out


# ----------------------------------------------------------------------------- fingerprints

def cells_digest(cells) -> str:
    payload = json.dumps([[c.cell_type, c.source, c.metadata.get("tags", [])] for c in cells])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return tree


def file_digest(path: Path) -> str:
    """A hash of what the code does: its syntax tree without docstrings, comments or layout.

    Editing a docstring or a comment in the library leaves every notebook fresh;
    any change to the code itself makes the notebooks that imported it stale.
    """
    tree = _without_docstrings(ast.parse(path.read_bytes(), filename=str(path)))
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:16]


def library_versions() -> dict[str, str]:
    """Versions of the libraries whose behaviour shapes the stored outputs."""
    from importlib import metadata

    versions = {}
    for name in OUTPUT_SHAPING:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def library_digests(files) -> dict[str, str]:
    package_root = ROOT / "latentedu"
    digests = {}
    for name in files:
        path = Path(name).resolve()
        try:
            rel = path.relative_to(package_root)
        except ValueError:
            continue  # an installed copy elsewhere: not ours to fingerprint
        digests[str(rel)] = file_digest(path)
    return dict(sorted(digests.items()))


def stale_reasons(notebook_path: Path, cells, *, check_versions: bool = True) -> list[str]:
    """Why a stored notebook no longer matches its source and the library (empty when fresh).

    ``check_versions=False`` leaves out the versions of numpy, torch and the
    others, for runs in an environment other than the one the notebooks are
    built in (the floors and Colab environments of ``.ci/run``).
    """
    import nbformat

    stored = nbformat.read(notebook_path, as_version=4)
    reasons = []
    if [(c.cell_type, c.source) for c in stored.cells] != [(c.cell_type, c.source) for c in cells]:
        reasons.append("its cells differ from the source in course/")
    meta = stored.metadata.get("latentedu", {})
    if meta.get("cells") != cells_digest(cells):
        reasons.append("its cells changed since it was built")
    if meta.get("executed"):
        for rel, digest in meta.get("library", {}).items():
            path = ROOT / "latentedu" / rel
            if not path.exists() or file_digest(path) != digest:
                reasons.append(f"its outputs came from an older latentedu/{rel}")
        if check_versions:
            built_with, now = meta.get("versions", {}), library_versions()
            reasons += [f"its outputs came from {name} {built_with.get(name, '(unrecorded)')}, "
                        f"and {version} is installed now" for name, version in now.items()
                        if built_with.get(name) != version]
    return reasons


# ----------------------------------------------------------------------------- building

def execute(nb, workdir: Path, timeout: int = 600) -> list[str]:
    """Run ``nb`` in a fresh kernel in place; return the latentedu files it imported."""
    import nbformat.v4 as v4
    from nbclient import NotebookClient

    nb.cells.append(v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(workdir)}})
    client.execute()
    probe = nb.cells.pop()
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def build(source: Path, variant: str, target: Path, run: bool) -> float:
    import nbformat
    import nbformat.v4 as v4

    rel = target.relative_to(ROOT).as_posix()
    cells = build_cells(source, variant, rel)
    nb = v4.new_notebook(cells=cells)
    nb.metadata.update({
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    meta = {"source": source.relative_to(ROOT).as_posix(), "cells": cells_digest(cells), "executed": False}
    start = time.perf_counter()
    if run and variant != "exercise":
        meta["library"] = library_digests(execute(nb, target.parent))
        meta["versions"] = library_versions()
        meta["executed"] = True
    nb.metadata["latentedu"] = meta
    target.parent.mkdir(exist_ok=True)
    nbformat.write(nb, target)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="name prefixes, e.g. 00 03_autoencoders")
    parser.add_argument("--no-run", action="store_true", help="write cells only, without running them")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    chosen = [t for t in targets() if not args.chapters or any(t[0].stem.startswith(p) for p in args.chapters)]
    if not chosen:
        print("No notebook sources match", args.chapters, file=sys.stderr)
        return 2
    for source, variant, target in chosen:
        seconds = build(source, variant, target, run=not args.no_run)
        print(f"{target.relative_to(ROOT)}  ({variant}, {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
