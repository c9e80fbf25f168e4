"""Every notebook is built from its one source in course/ and its outputs are current."""

import importlib.util
import os
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "scripts" / "build_notebooks.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

TARGETS = build.targets()
IDS = [t[2].relative_to(ROOT).as_posix() for t in TARGETS]


def test_there_are_notebooks():
    assert len(TARGETS) >= 3


@pytest.mark.parametrize("source,variant,target", TARGETS, ids=IDS)
def test_notebook_matches_source_and_library(source, variant, target):
    assert target.exists(), f"{target.name} is missing: run python scripts/build_notebooks.py {source.stem[:2]}"
    cells = build.build_cells(source, variant, target.relative_to(ROOT).as_posix())
    # In the floors and Colab environments the libraries differ from the ones the notebooks were
    # built with by design; there only the course's own sources and code are compared.
    reasons = build.stale_reasons(target, cells, check_versions=os.environ.get("LATENTEDU_ENV", "latest") == "latest")
    assert not reasons, (f"{target.relative_to(ROOT)} is stale ({'; '.join(reasons)}): "
                         f"run python scripts/build_notebooks.py {source.stem[:2]}")


@pytest.mark.parametrize("source,variant,target", TARGETS, ids=IDS)
def test_notebook_opening(source, variant, target):
    nb = nbformat.read(target, as_version=4)
    first, colab, imports = nb.cells[0], nb.cells[1], nb.cells[2]
    assert first.cell_type == "markdown" and "colab.research.google.com" in first.source
    assert "mybinder.org" in first.source
    assert "google.colab" in colab.source and "%pip install" in colab.source
    assert f"@v{build.VERSION}" in colab.source, "the Colab cell must install the release the notebook was built with"
    assert imports.cell_type == "code" and "set_seed(" in imports.source, \
        "the first code cell after the Colab cell must import and call set_seed"


@pytest.mark.parametrize("source,variant,target", TARGETS, ids=IDS)
def test_outputs_are_stored_where_promised(source, variant, target):
    nb = nbformat.read(target, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    has_outputs = any(c.outputs for c in code)
    if variant == "exercise":
        assert not has_outputs, "exercise notebooks are stored without outputs"
    else:
        assert nb.metadata["latentedu"]["executed"], "lesson and solution notebooks are stored run"
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        assert not errors, f"stored outputs contain an error: {errors[0].ename}: {errors[0].evalue}"


def test_exercises_and_solutions_come_in_pairs():
    exercises = {p.name for p in (ROOT / "exercises").glob("*.ipynb")}
    solutions = {p.name for p in (ROOT / "solutions").glob("*.ipynb")}
    lessons = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert exercises == solutions
    assert exercises <= lessons, "every exercise notebook belongs to a lesson of the same name"
    built = {t[2].name for t in TARGETS}
    assert exercises | lessons <= built, "a notebook exists that no source in course/ builds"


def test_fingerprints_ignore_docstrings_and_comments_but_not_code(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Doc."""\n\ndef f(x):\n    """Twice x."""\n    return 2 * x  # double\n')
    before = build.file_digest(module)
    module.write_text('"""Another doc."""\n\n\ndef f(x):\n    # a comment\n    return 2 * x\n')
    assert build.file_digest(module) == before
    module.write_text('"""Doc."""\n\ndef f(x):\n    """Twice x."""\n    return 3 * x\n')
    assert build.file_digest(module) != before
