"""Grading a class: submissions run in temporary copies, the score comes from the grader's own signed
record (a forged results_json() is flagged, not believed), and a slow cell keeps the partial record."""

import hashlib
import hmac
import json
import tempfile

import nbformat
import pytest

from latentedu.cli import main
from latentedu.exercises import grading

CHAPTER = "from latentedu.exercises.latent_space import q1, q2, q3, q4, q5"
SETUP = ("from latentedu.exercises.engine import Question, value_check\n"
         "qa = Question('qa', 'A', '', check=value_check(2.0), hints=['h1', 'h2', 'h3'], starter='', solution='', chapter='t')\n"
         "qb = Question('qb', 'B', '', check=value_check(3.0), hints=['h1', 'h2', 'h3'], starter='', solution='', chapter='t')")
FORGE = ("import json\n"
         "from latentedu.exercises import engine\n"
         "engine.results_json = lambda *a: json.dumps([dict(r, outcome='correct') for r in engine.results()])\n"
         "print(engine.results_json())")


def _notebook(folder, *cells, name="submission.ipynb"):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.mark.notebooks
def test_a_forged_results_json_is_flagged_and_not_believed(tmp_path, capsys):
    path = _notebook(tmp_path, CHAPTER, "q1.check(lambda images: 0)", FORGE)
    report = grading.grade(path)
    printed = "".join(o.get("text", "") for o in nbformat.read(path, 4).cells[0].get("outputs", []))
    assert printed == ""  # the submission itself is left as it was
    n = len(report.rows)
    assert n >= 5 and all(r["question"].startswith("latent_space.") for r in report.rows)
    # what the old probe (print(engine.results_json()) in the learner's kernel) would have believed: n/n
    assert any(f"reports {n} correct, the grader's record 0" in flag for flag in report.flags), report.flags
    assert any("replaced the engine's results_json" in flag for flag in report.flags)
    assert report.correct == 0 and not report.trusted
    assert {r["question"]: r["outcome"] for r in report.rows}["latent_space.q1"] == "incorrect"
    assert main(["grade", str(path)]) == 1
    assert "FLAGGED" in capsys.readouterr().out


@pytest.mark.notebooks
def test_state_set_behind_the_engine_is_not_believed(tmp_path):
    path = _notebook(tmp_path, CHAPTER,
                     "from latentedu.exercises.engine import Outcome, Result, _notify\n"
                     "q2.last = Result('x', Outcome.CORRECT)\n"
                     "q3.last = Result('x', Outcome.CORRECT)\nq3.hint()\n"
                     "_notify(dict(q4.record().as_dict(), outcome='correct'))\n"
                     "q5._check = lambda answer: None\nq5.check(0)\n"
                     "from latentedu.exercises.engine import Question, value_check\n"
                     "fake = Question('q6', 'x', '', check=value_check(1.0), hints=['h1', 'h2', 'h3'], starter='', solution='',"
                     " chapter='latent_space')\nfake.check(1.0)")
    report = grading.grade(path)
    assert report.correct == 0, report.table()
    text = "\n".join(report.flags)
    assert "latent_space.q2: its state in the kernel (correct" in text
    assert "latent_space.q3: the outcome changed in a hint() call" in text
    assert "latent_space.q4: a record that did not come from the engine's check" in text
    assert "latent_space.q5: checked by a function that is not the course's own" in text
    assert "latent_space.q6: recorded by a question declared again in the notebook" in text


@pytest.mark.notebooks
def test_a_check_loosened_inside_the_kernel_is_caught_by_the_clean_recheck(tmp_path):
    path = _notebook(tmp_path, CHAPTER,
                     "from latentedu.exercises import engine\nengine._expect = lambda *args, **kwargs: None",
                     "def flatten(images):\n    return images\n\nq1.check(flatten)",
                     "q3.check(lambda d: 1.0)")
    report = grading.grade(path)
    rows = {r["question"]: r for r in report.rows}
    assert report.correct == 1 and rows["latent_space.q1"]["outcome"] == "incorrect", report.table()
    assert any(f.startswith("latent_space.q1: recorded as correct, but the same answer re-checked in a clean "
                            "process is incorrect") for f in report.flags), report.flags
    assert report.rechecked["latent_space.q3"] == "not re-checked: the answer is a lambda or a closure"


@pytest.mark.notebooks
def test_an_honest_notebook_is_not_flagged(tmp_path):
    solution = "def flatten(images):\n    return images.reshape(len(images), -1)\n\nq1.check(flatten)"
    report = grading.grade(_notebook(tmp_path, CHAPTER, solution, "q2.hint()\nq2.solution()"))
    rows = {r["question"]: r for r in report.rows}
    assert report.trusted, report.flags
    assert rows["latent_space.q1"]["outcome"] == "correct" and report.correct == 1
    assert report.rechecked == {"latent_space.q1": "confirmed"}
    assert rows["latent_space.q2"]["hints"] == 1 and rows["latent_space.q2"]["solution_shown"]


@pytest.mark.notebooks
def test_a_submission_runs_in_a_temporary_copy_of_its_folder(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "data.txt").write_text("numbers")
    shared = tmp_path / "shared.csv"
    shared.write_text("1,2")
    _notebook(folder, "print('other learner')", name="bob.ipynb")
    alice = _notebook(folder, "import os\nprint(open('data.txt').read(), open('shared.csv').read())",
                      "os.remove('data.txt')", "os.remove('bob.ipynb')", "open('left_behind.txt', 'w').write('x')",
                      "import os\nassert os.environ['PWD'] == os.getcwd() and 'submissions' not in os.getcwd()",
                      name="alice.ipynb")
    report = grading.grade(alice, extra_files=[shared])
    assert (folder / "data.txt").read_text() == "numbers"  # its copy was deleted, not the file
    assert (folder / "bob.ipynb").exists() and shared.exists()
    assert not (folder / "left_behind.txt").exists()
    assert report.cell_errors == ["cell 3: FileNotFoundError: [Errno 2] No such file or directory: 'bob.ipynb'"]
    assert list(scratch.iterdir()) == []  # the copies and the grader's record are cleaned up


@pytest.mark.notebooks
def test_a_cell_over_the_time_limit_keeps_the_partial_record(tmp_path, capfd):
    path = _notebook(tmp_path, SETUP, "qa.hint()\nqa.check(2.0)", "import time\ntime.sleep(120)", "qb.solution()")
    report = grading.grade(path, timeout=5)
    rows = {r["question"]: r for r in report.rows}
    assert rows["t.qa"]["outcome"] == "correct" and rows["t.qa"]["hints"] == 1
    assert rows["t.qb"]["outcome"] == "not attempted" and not rows["t.qb"]["solution_shown"] and len(rows) == 2
    assert "cell 3 ran longer than 5 s" in report.stopped and report.trusted
    assert report.cell_errors == []
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "ZMQ" not in captured.err


def _signed(key, entries):
    lines, previous = [], ""
    for seq, (kind, data) in enumerate(entries, start=1):
        body = json.dumps({"seq": seq, "prev": previous, "kind": kind, "data": data}, sort_keys=True)
        mac = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
        lines.append(json.dumps({"body": body, "mac": mac}))
        previous = mac
    return lines


def test_the_event_log_rejects_altered_removed_and_unsigned_lines(tmp_path):
    key = b"k" * 32
    row = {"question": "c.q1", "title": "", "outcome": "incorrect", "hints": 0, "solution_shown": False}
    lines = _signed(key, [("ready", {}), ("record", {"row": row, "via": "check", "own_check": True,
                                                      "registered": True}), ("cell", {"declared": [row]})])
    log = tmp_path / "events.jsonl"
    log.write_text("\n".join(lines))
    entries, problems = grading._read_log(log, key)
    assert len(entries) == 3 and problems == []
    log.write_text("\n".join([lines[0], lines[1].replace("incorrect", "correct"), lines[2]]))
    entries, problems = grading._read_log(log, key)
    assert len(entries) == 1 and "line 2" in problems[0] and "altered or forged" in problems[0]
    log.write_text("\n".join([lines[0], lines[2]]))
    entries, problems = grading._read_log(log, key)
    assert len(entries) == 1 and "removed or reordered" in problems[0]
    log.write_text("\n".join(_signed(b"another key" * 3, [("ready", {})])))
    assert grading._read_log(log, key)[0] == []


def test_rows_come_from_the_record_events_and_declared_questions():
    row = {"question": "c.q1", "title": "One", "outcome": "correct", "hints": 2, "solution_shown": False}
    declared = [dict(row, outcome="not attempted", hints=0), {"question": "c.q2", "title": "Two",
                                                             "outcome": "not attempted", "hints": 0,
                                                             "solution_shown": False}]
    entries = [{"kind": "ready", "data": {}},
               {"kind": "record", "data": {"row": row, "via": "check", "own_check": True, "registered": True}},
               {"kind": "cell", "data": {"declared": declared}}]
    rows, flags, answers = grading._grade_from_log(entries, stopped="a cell ran too long")
    assert [(r["question"], r["outcome"], r["hints"]) for r in rows] == [("c.q1", "correct", 2),
                                                                         ("c.q2", "not attempted", 0)]
    assert flags == [] and answers == {"c.q1": {"unavailable": "no answer was captured"}}
    rows, flags, answers = grading._grade_from_log(entries, stopped="")
    assert flags == ["the closing record is missing: the grader's recorder was removed or replaced"]


def test_learner_names_are_paths_relative_to_the_shared_folder(tmp_path):
    names = grading._learner_names([str(tmp_path / "alice" / "ch00.ipynb"), str(tmp_path / "bob" / "ch00.ipynb")])
    assert names == ["alice/ch00", "bob/ch00"]
    assert grading._learner_names([str(tmp_path / "alice.ipynb"), str(tmp_path / "bob.ipynb")]) == ["alice", "bob"]


@pytest.mark.notebooks
def test_the_recheck_does_not_import_code_the_submission_left_in_its_folder(tmp_path):
    planted = ("import os\nos.makedirs('latentedu/exercises', exist_ok=True)\n"
               "open('latentedu/__init__.py', 'w').close()\nopen('latentedu/exercises/__init__.py', 'w').close()\n"
               "open('latentedu/exercises/_recheck.py', 'w').write("
               "'import json, sys\\ndef main(argv):\\n    items = json.load(open(argv[0]))\\n"
               "    json.dump({i[\"question\"]: {\"outcome\": \"correct\"} for i in items}, open(argv[1], \"w\"))\\n')")
    path = _notebook(tmp_path, CHAPTER, planted, "from latentedu.exercises import engine\n"
                     "engine._expect = lambda *args, **kwargs: None",
                     "def flatten(images):\n    return images\n\nq1.check(flatten)")
    report = grading.grade(path)
    assert {r["question"]: r["outcome"] for r in report.rows}["latent_space.q1"] == "incorrect", report.table()
