"""`latentedu grade`: a per-question table, a score, and a non-zero exit when a notebook cannot run."""

import json

import nbformat
import pytest

from latentedu.cli import main

SETUP = ("from latentedu.exercises.engine import Question, value_check\n"
         "qa = Question('qa', 'Two', '', check=value_check(2.0), hints=['a', 'b'], starter='', solution='',"
         " chapter='cli_test')\n"
         "qb = Question('qb', 'Three', '', check=value_check(3.0), hints=['a', 'b'], starter='', solution='',"
         " chapter='cli_test')")


def _notebook(tmp_path, *cells, name="submission.ipynb"):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


@pytest.mark.notebooks
def test_grade_prints_a_table_and_json(tmp_path, capsys):
    path = _notebook(tmp_path, SETUP, "qa.check(2.0)", "qb.hint()\nqb.check(4.0)", "1 / 0")
    assert main(["grade", str(path)]) == 0
    table = capsys.readouterr().out
    assert "cli_test.qa" in table and "correct" in table and "score: 1/2 (50%)" in table
    assert "ZeroDivisionError" in table
    assert main(["grade", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)[0]
    rows = {r["question"]: r for r in report["questions"]}
    assert rows["cli_test.qb"]["outcome"] == "incorrect" and rows["cli_test.qb"]["hints"] == 1
    assert report["score"] == 0.5


def test_grade_fails_on_a_file_that_is_not_a_notebook(tmp_path, capsys):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{not json")
    assert main(["grade", str(bad)]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.notebooks
def test_grade_fails_when_the_kernel_dies(tmp_path, capsys):
    path = _notebook(tmp_path, SETUP, "import os\nos._exit(1)")
    assert main(["grade", "--timeout", "60", str(path)]) == 2
    assert "kernel died" in capsys.readouterr().err
