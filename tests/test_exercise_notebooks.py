"""The solutions score full marks; the untouched exercises run cleanly and score nothing."""

from pathlib import Path

import nbformat
import pytest

from latentedu.exercises.grading import grade

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def _question_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code" and ".check(" in c.source]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", EXERCISES, ids=[p.name for p in EXERCISES])
def test_solutions_score_full_marks(path):
    report = grade(ROOT / "solutions" / path.name)
    assert not report.cell_errors, report.table()
    assert len(report.rows) >= 4, "each chapter has at least four checked questions"
    assert report.score == 1.0, report.table()


@pytest.mark.notebooks
@pytest.mark.parametrize("path", EXERCISES, ids=[p.name for p in EXERCISES])
def test_untouched_exercises_are_not_attempted(path):
    report = grade(path)
    assert not report.cell_errors, report.table()
    assert report.rows and all(r["outcome"] == "not attempted" for r in report.rows), report.table()
    assert len(_question_cells(path)) == len(report.rows), "every question has a check cell"
