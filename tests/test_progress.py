"""A learner's progress: the state of every question this session and, through a small file, across sessions."""

import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
import torch

from latentedu.exercises import progress as progress_module
from latentedu.exercises import vaes
from latentedu.exercises.engine import Record, results
from latentedu.exercises.grading import GradeReport
from latentedu.exercises.progress import COURSE, ProgressWarning, forget, progress, progress_file

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (vaes.q1, vaes.q2, vaes.q3)


def _right_q1(mean, log_var, eps):
    return mean + torch.exp(0.5 * log_var) * eps


def _wrong_q1(mean, log_var, eps):
    return mean


def _fresh_session():
    """Forget this session's state of the questions used here (as a new kernel would)."""
    for q in QUESTIONS:
        q.hints_shown, q.solution_shown, q.last, q.changed_at = 0, False, None, ""


@pytest.fixture(autouse=True)
def clean_questions():
    saved = [(q.hints_shown, q.solution_shown, q.last, q.changed_at) for q in QUESTIONS]
    _fresh_session()
    yield
    for q, state in zip(QUESTIONS, saved):
        q.hints_shown, q.solution_shown, q.last, q.changed_at = state


@pytest.fixture
def saved_to(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv("LATENTEDU_PROGRESS", str(path))
    return path


def _row(report, key):
    return next(row for _, _, rows in report.chapters for row in rows if row.entry.key == key)


def test_the_state_of_each_question_in_a_session(monkeypatch):
    monkeypatch.setenv("LATENTEDU_PROGRESS", "off")
    vaes.q1.check(_wrong_q1)
    vaes.q1.hint()
    vaes.q1.check(_right_q1)
    vaes.q2.check(lambda mean, log_var: mean)
    vaes.q3.hint()
    vaes.q3.solution()
    report = progress()
    q1, q2, q3 = (_row(report, f"vaes.{n}").session for n in ("q1", "q2", "q3"))
    assert (q1.outcome, q1.hints, q1.solution_shown) == ("correct", 1, False)
    assert (q2.outcome, q2.hints, q2.solution_shown) == ("incorrect", 0, False)
    assert (q3.outcome, q3.hints, q3.solution_shown) == ("not attempted", 1, True)
    assert _row(report, "vaes.q4").session.outcome == "not attempted"
    text = str(report)
    assert re.search(r"q1 · The reparameterisation trick\s+✅ correct\s+hints 1\s+solution no", text)
    assert re.search(r"q3 · Sampling from the prior, then decoding\s+· not attempted\s+hints 1\s+solution yes", text)
    assert "not saved between sessions" in text


def test_every_chapter_is_listed_in_course_order(monkeypatch):
    monkeypatch.setenv("LATENTEDU_PROGRESS", "off")
    report = progress()
    assert [chapter for chapter, _, _ in report.chapters] == list(COURSE)
    assert all(rows for _, _, rows in report.chapters), "every chapter has questions"
    text, markdown = str(report), report._repr_markdown_()
    headings = [f"{i:02d} · " for i in range(8)]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    assert all(f"**{h}" in markdown for h in headings) and "| question | this session |" in markdown
    assert "**" not in text and "|---" not in text
    assert [chapter for chapter, _, _ in progress("vaes").chapters] == ["vaes"]
    with pytest.raises(ValueError, match="no chapter 'vae'"):
        progress("vae")


def test_course_order_matches_the_exercise_notebooks():
    sources = sorted((ROOT / "course").glob("[0-9][0-9]_*_exercises.py"))
    modules = [re.search(r"from latentedu\.exercises\.(\w+) import", p.read_text()).group(1) for p in sources]
    assert tuple(modules) == COURSE


@pytest.mark.parametrize("module_name", COURSE)
def test_questions_read_from_source_match_the_imported_module(module_name):
    module = __import__(f"latentedu.exercises.{module_name}", fromlist=["CHAPTER"])
    chapter, entries = progress_module._declared_in_source(module_name)
    assert chapter == module.CHAPTER
    imported = progress_module._declared_questions(module_name)[1]
    assert [(e.key, e.name, e.title) for e in entries] == [(e.key, e.name, e.title) for e in imported]
    assert len(entries) >= 4


def test_the_file_is_written_and_read_back_in_a_later_session(saved_to):
    vaes.q1.hint()
    vaes.q1.hint()
    vaes.q1.check(_right_q1)
    vaes.q2.check(lambda mean, log_var: mean)
    data = json.loads(saved_to.read_text())
    assert data["format"] == "latentedu-progress" and data["version"] == 1
    stored = {key: Record.from_dict(row) for key, row in data["records"].items()}
    assert (stored["vaes.q1"].outcome, stored["vaes.q1"].hints) == ("correct", 2)
    assert stored["vaes.q2"].outcome == "incorrect" and stored["vaes.q2"].chapter == "vaes"
    session_row = next(r for r in results("vaes") if r["question"] == "vaes.q1")
    assert stored["vaes.q1"].as_dict() == session_row  # one record format, file and session alike

    _fresh_session()  # a new kernel: nothing done yet in this session
    vaes.q1.hint()  # a hint alone keeps the earlier outcome; the hint count keeps its maximum
    report = progress()
    q1 = _row(report, "vaes.q1")
    assert q1.session.outcome == "not attempted" and q1.saved.outcome == "correct" and q1.saved.hints == 2
    assert "all sessions: ✅ correct" in str(report) and "| ✅ correct |" in report._repr_markdown_()
    total, session, overall = report._counts()  # other tests may have left other questions correct
    assert overall == session + 1 and str(saved_to) in str(report)
    assert f"{session} of {total} questions correct in this session, {overall} over all your sessions" in str(report)

    vaes.q1.check(_wrong_q1)  # the latest checked outcome is the one that counts
    vaes.q1.solution()
    stored = json.loads(saved_to.read_text())["records"]["vaes.q1"]
    assert (stored["outcome"], stored["hints"], stored["solution_shown"]) == ("incorrect", 2, True)


def test_the_file_holds_rows_that_grading_reads(saved_to):
    vaes.q1.check(_right_q1)
    rows = list(json.loads(saved_to.read_text())["records"].values())
    report = GradeReport("progress", rows)
    assert report.correct == 1 and "vaes.q1" in report.table()


def test_a_damaged_file_is_set_aside_with_a_message_and_the_session_survives(saved_to):
    saved_to.write_text("{ this is not json")
    report = progress()
    assert "damaged" in report.problem and "damaged" in str(report)
    with pytest.warns(ProgressWarning, match="damaged"):
        result = vaes.q1.check(_right_q1)
    assert result.outcome.value == "correct"
    assert next(r for r in results("vaes") if r["question"] == "vaes.q1")["outcome"] == "correct"
    backup = saved_to.with_name("progress.damaged.json")
    assert backup.read_text() == "{ this is not json"  # the old file is kept, not overwritten
    assert json.loads(saved_to.read_text())["records"]["vaes.q1"]["outcome"] == "correct"


@pytest.mark.parametrize("content", ['{"format": "something else"}', "[1, 2]",
                                     '{"format": "latentedu-progress", "records": {"x": {"question": "x"}}}'])
def test_files_that_are_not_progress_files_are_reported(saved_to, content):
    saved_to.write_text(content)
    assert "damaged" in progress().problem


def test_an_unwritable_location_gives_a_message_and_never_breaks_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LATENTEDU_PROGRESS", str(blocker / "progress.json"))
    with pytest.warns(ProgressWarning, match="could not"):
        result = vaes.q1.check(_right_q1)
    assert result.outcome.value == "correct"
    vaes.q1.hint()  # a second failure warns no more, and still breaks nothing
    report = progress()
    assert _row(report, "vaes.q1").session.outcome == "correct" and _row(report, "vaes.q1").session.hints == 1
    assert "could not" in str(report) and "This session's record above is complete" in str(report)


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    for setting in ("off", "OFF", "0"):
        monkeypatch.setenv("LATENTEDU_PROGRESS", setting)
        assert progress_file() is None
        vaes.q1.check(_right_q1)
        vaes.q2.hint()
    assert list(tmp_path.rglob("*")) == []
    assert "not saved between sessions" in str(progress())
    assert "nothing to delete" in forget()


def test_a_grading_kernel_writes_nothing(saved_to, monkeypatch):
    grader = types.ModuleType("grader")
    grader._finish = None  # loaded, not installed: this is no grading kernel
    monkeypatch.setitem(sys.modules, "latentedu.exercises._grader_kernel", grader)
    assert progress_file() == saved_to
    grader._finish = lambda: None  # installed by `latentedu grade`
    assert progress_file() is None
    vaes.q1.check(_right_q1)
    assert not saved_to.exists()


def test_where_the_file_goes(tmp_path, monkeypatch):
    monkeypatch.delenv("LATENTEDU_PROGRESS", raising=False)
    assert progress_file() is None  # under pytest, nothing is written unless asked for
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress_file() == tmp_path / ".latentedu" / "progress.json"
    monkeypatch.setenv("LATENTEDU_PROGRESS", str(tmp_path / "drive"))
    assert progress_file() == tmp_path / "drive" / "progress.json"
    monkeypatch.setenv("LATENTEDU_PROGRESS", "~/mine.json")
    assert progress_file() == tmp_path / "mine.json"


def test_forget_deletes_the_file(saved_to):
    assert "no progress file" in forget()
    vaes.q1.check(_right_q1)
    assert saved_to.exists()
    assert f"Deleted {saved_to}" in forget() and not saved_to.exists()


def test_colab_and_binder_say_what_persists(saved_to, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    text = str(progress())
    assert "Colab" in text and "drive.mount" in text and "files.download" in text and str(saved_to) in text
    monkeypatch.delitem(sys.modules, "google.colab")
    monkeypatch.setenv("BINDER_SERVICE_HOST", "1")
    text = str(progress())
    assert "Binder" in text and "deleted when the session ends" in text


def test_progress_neither_imports_nor_registers_other_chapters():
    code = ("import sys, latentedu as le\nfrom latentedu.exercises.engine import results\n"
            "report = le.progress()\n"
            "print(sorted(m for m in sys.modules if m.startswith('latentedu.exercises.')))\n"
            "print(len(results()), sum(len(rows) for _, _, rows in report.chapters))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "LATENTEDU_PROGRESS": "off", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    modules, counts = done.stdout.strip().splitlines()
    engine_and_progress = ["blanks", "checks", "comparing", "engine", "outcomes", "progress", "running"]
    assert modules == str([f"latentedu.exercises.{name}" for name in engine_and_progress])
    registered, listed = map(int, counts.split())
    assert registered == 0 and listed >= 40
