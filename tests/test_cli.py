"""`latentedu grade`: a per-question table, a score, JSON and CSV, and clear exits when a notebook cannot run."""

import csv
import json

import nbformat
import pytest

from latentedu.cli import main
from latentedu.exercises import grading

SETUP = ("from latentedu.exercises.engine import Question, value_check\n"
         "qa = Question('qa', 'Two', '', check=value_check(2.0), hints=['a', 'b', 'c'], starter='', solution='',"
         " chapter='cli_test')\n"
         "qb = Question('qb', 'Three', '', check=value_check(3.0), hints=['a', 'b', 'c'], starter='', solution='',"
         " chapter='cli_test')")


def _notebook(folder, *cells, name="submission.ipynb"):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.mark.notebooks
def test_grade_prints_a_table_and_json(tmp_path, capsys):
    path = _notebook(tmp_path, SETUP, "qa.check(2.0)", "qb.hint()\nqb.check(4.0)", "1 / 0")
    assert main(["grade", str(path)]) == 0
    table = capsys.readouterr().out
    assert "cli_test.qa" in table and "correct" in table and "score: 1/2 (50%)" in table
    assert "cell 4: ZeroDivisionError" in table and "FLAGGED" not in table
    assert main(["grade", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)[0]
    rows = {r["question"]: r for r in report["questions"]}
    assert rows["cli_test.qb"]["outcome"] == "incorrect" and rows["cli_test.qb"]["hints"] == 1
    assert report["score"] == 0.5 and report["trusted"] is True and report["stopped"] == ""


def test_grade_fails_on_a_file_that_is_not_a_notebook(tmp_path, capsys):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{not json")
    assert main(["grade", str(bad)]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("text", ['{"a": 1}', "[1, 2]", '{"cells": 3, "nbformat": 4}', "null"])
def test_json_that_is_not_a_notebook_gets_the_same_message(tmp_path, capsys, text):
    bad = tmp_path / "looks_like_json.ipynb"
    bad.write_text(text)
    assert main(["grade", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"cannot read {bad}: it is not a Jupyter notebook" in err and "Traceback" not in err


@pytest.mark.notebooks
def test_one_bad_file_keeps_the_others_results_with_json(tmp_path, capsys):
    bad = tmp_path / "a_bad.ipynb"
    bad.write_text('{"a": 1}')
    good = _notebook(tmp_path, SETUP, "qa.check(2.0)", name="b_good.ipynb")
    assert main(["grade", "--json", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out[0] == {"path": str(bad), "error": out[0]["error"]} and "cannot read" in out[0]["error"]
    assert out[1]["path"] == str(good) and out[1]["correct"] == 1
    assert "cannot read" in captured.err


@pytest.mark.notebooks
def test_a_dead_kernel_keeps_the_partial_record(tmp_path, capsys):
    path = _notebook(tmp_path, SETUP, "qa.check(2.0)", "import os\nos._exit(1)", "qb.check(3.0)")
    assert main(["grade", "--timeout", "60", str(path)]) == 1
    out = capsys.readouterr().out
    assert "kernel died in cell 3" in out and "score: 1/2" in out


@pytest.mark.notebooks
def test_jobs_and_csv(tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    paths = [_notebook(folder, SETUP, *cells, name=f"{name}.ipynb") for name, cells in
             [("alice", ["qa.check(2.0)", "qb.check(3.0)"]), ("bob", ["qa.check(1.0)"]),
              ("carol", ["qb.solution()"])]]
    (folder / "dave.ipynb").write_text("[]")
    table = tmp_path / "grades.csv"
    assert main(["grade", "--jobs", "2", "--csv", str(table), *map(str, paths), str(folder / "dave.ipynb")]) == 2
    out = capsys.readouterr().out
    assert out.index("alice.ipynb") < out.index("bob.ipynb") < out.index("carol.ipynb")  # input order
    with open(table, newline="") as handle:
        rows = list(csv.DictReader(handle))
    got = {(r["learner"], r["question"]): r for r in rows}
    assert got["alice", "cli_test.qb"]["outcome"] == "correct" and got["alice", "cli_test.qb"]["score"] == "1.0000"
    assert got["bob", "cli_test.qa"]["outcome"] == "incorrect"
    assert got["carol", "cli_test.qb"]["solution_shown"] == "yes"
    assert "cannot read" in got["dave", ""]["error"]
    assert len(rows) == 3 * 2 + 1


def test_help_says_what_grading_trusts(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"default {grading.DEFAULT_TIMEOUT}" in text and "not a sandbox" in text
    assert "--network none" in text and "temporary copy" in text and "latentedu[grade]" in text


def test_a_missing_grading_dependency_names_the_extra(tmp_path, capsys, monkeypatch):
    real = grading.importlib.util.find_spec
    monkeypatch.setattr(grading.importlib.util, "find_spec",
                        lambda name, *a: None if name == "nbclient" else real(name, *a))
    path = _notebook(tmp_path, SETUP)
    assert main(["grade", str(path)]) == 2
    assert "pip install 'latentedu[grade]'" in capsys.readouterr().err


def test_jobs_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--jobs", "0", "x.ipynb"])
    assert "at least 1" in capsys.readouterr().err
