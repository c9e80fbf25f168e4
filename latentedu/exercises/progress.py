"""A learner's progress: every chapter's questions and where you stand on each.

``latentedu.progress()`` lists, chapter by chapter in course order, every
question with its state in this session (not attempted / incorrect / correct,
hints used, solution seen) and, where your files persist, over all your
sessions. It renders as Markdown in a notebook and as text in a console.

Across sessions
---------------
Each check, hint and solution is written (through :func:`engine.on_record`)
to a small JSON file, by default ``~/.latentedu/progress.json``: one file
for the whole course, whichever folder a notebook runs from, outside the
course's own files (so it survives updating or re-cloning the course and is
never committed), and in the user's home, where a course's notebooks may not
be (Colab opens them from GitHub, with no folder at all). Delete the file, or
call :func:`forget`, to start afresh. The environment variable
``LATENTEDU_PROGRESS`` moves it (a path to a ``.json`` file, or a folder) or,
set to ``off``, stops all writing. Under pytest (``PYTEST_CURRENT_TEST`` is
set, also in the kernels it starts) nothing is written unless that variable
names a file: tests never touch a learner's progress. Nor is anything written
in the kernels ``latentedu grade`` runs (where ``_grader_kernel`` is installed).

The file holds records in the course's one record format
(:class:`engine.Record`, the same rows ``latentedu grade`` reads); a
question's record across sessions keeps its latest checked outcome, the most
hints seen and whether the solution was ever shown. Nothing is sent
anywhere: no network, no account.

What persists depends on where the notebook runs: on your own machine and
in JupyterLab, the file stays; on Binder and in Colab it goes with the
session (Colab recycles idle runtimes): :func:`progress` says so there and
how to keep a copy.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from . import engine
from .engine import Outcome, Record

__all__ = ["COURSE", "Progress", "ProgressWarning", "forget", "progress", "progress_file", "start_recording",
           "stop_recording"]

# The question modules in course order (chapters 00 to 07).
COURSE = ("latent_space", "weights_and_biases", "gradient_descent", "autoencoders", "latent_maps",
          "anomaly_detection", "gans", "vaes")

ENV = "LATENTEDU_PROGRESS"
_OFF = {"off", "0", "no", "false", "none", "disable", "disabled"}
_FORMAT = "latentedu-progress"
_VERSION = 1


class ProgressWarning(UserWarning):
    """The progress file could not be read or written; this session's record is unaffected."""


# --------------------------------------------------------------------------- where the file is

def progress_file() -> Path | None:
    """The progress file in use, or None when saving is off (``LATENTEDU_PROGRESS=off``, under pytest,
    or in a kernel that ``latentedu grade`` runs: grading a class's notebooks must not fill the
    grader's own progress file)."""
    grader = sys.modules.get(f"{__package__}._grader_kernel")
    if grader is not None and getattr(grader, "_finish", None) is not None:  # installed in this kernel
        return None
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in _OFF and setting:
        return None
    if setting:
        path = Path(setting).expanduser()
        return path if path.suffix.lower() == ".json" else path / "progress.json"
    if "PYTEST_CURRENT_TEST" in os.environ:
        return None
    return Path.home() / ".latentedu" / "progress.json"


# --------------------------------------------------------------------------- reading and writing

def _read(path: Path) -> tuple[dict[str, Record], str]:
    """The records in ``path`` and a problem to report ('' when none). A missing file is no problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except OSError as exc:
        return {}, f"could not read {path} ({exc.strerror or exc})"
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise ValueError("it is not a latentedu progress file")
        rows = data.get("records", {})
        if not isinstance(rows, dict):
            raise ValueError("its records are not a JSON object")
        records = {}
        for key, row in rows.items():
            record = Record.from_dict(row)
            records[record.question] = record
        return records, ""
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        return {}, f"{path} is damaged ({exc})"


def _merge(old: Record | None, new: Record) -> Record:
    """A question's record over all sessions: the latest checked outcome, the most hints, solution ever seen."""
    if old is None:
        return new
    outcome = new.outcome if new.outcome != Outcome.NOT_ATTEMPTED.value else old.outcome
    return Record(question=new.question, title=new.title or old.title, outcome=outcome,
                  hints=max(old.hints, new.hints), solution_shown=old.solution_shown or new.solution_shown,
                  chapter=new.chapter or old.chapter, time=new.time or old.time)


def _write(path: Path, records: dict[str, Record]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": _FORMAT, "version": _VERSION,
            "about": "Your latentedu exercise progress. Delete this file to start afresh.",
            "records": {key: records[key].as_dict() for key in sorted(records)}}
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(temporary, path)  # atomic: a crash mid-write never leaves half a file


@dataclass
class _Recorder:
    """The on_record listener that keeps the progress file up to date."""

    problem: str = ""
    warned: set = field(default_factory=set)

    def __call__(self, row: dict) -> None:
        path = progress_file()
        if path is None:
            return
        try:
            record = Record.from_dict(row)
            records, problem = _read(path)
            if problem and path.exists() and "damaged" in problem:
                backup = path.with_name(path.stem + ".damaged.json")
                os.replace(path, backup)
                self._report(f"{problem}; it was moved to {backup} and a new file started")
            elif problem:
                self._report(problem)
                return
            records[record.question] = _merge(records.get(record.question), record)
            _write(path, records)
            self.problem = ""
        except (OSError, ValueError) as exc:
            self._report(f"could not save your progress to {path} ({getattr(exc, 'strerror', None) or exc})")

    def _report(self, problem: str) -> None:
        self.problem = problem
        if problem not in self.warned:
            self.warned.add(problem)
            warnings.warn(f"latentedu progress: {problem}. This session's answers are still checked and "
                          f"counted; set {ENV} to another file, or to 'off'.", ProgressWarning, stacklevel=2)


_RECORDER = _Recorder()
_unsubscribe = None


def start_recording() -> None:
    """Subscribe the progress file's writer to the engine (done once, when ``latentedu.exercises`` loads)."""
    global _unsubscribe
    if _unsubscribe is None:
        _unsubscribe = engine.on_record(_RECORDER)


def stop_recording() -> None:
    global _unsubscribe
    if _unsubscribe is not None:
        _unsubscribe()
        _unsubscribe = None


def forget() -> str:
    """Delete the progress file (this session's record stays); returns what was done."""
    path = progress_file()
    if path is None:
        return "Progress is not saved to a file (LATENTEDU_PROGRESS is off), so there is nothing to delete."
    try:
        path.unlink()
    except FileNotFoundError:
        return f"There is no progress file at {path}."
    except OSError as exc:
        return f"Could not delete {path} ({exc.strerror or exc})."
    return f"Deleted {path}."


# --------------------------------------------------------------------------- the course's questions

@dataclass
class _Entry:
    key: str
    name: str
    title: str


def _declared_questions(module_name: str) -> tuple[str, list[_Entry]]:
    """(chapter, questions) of one question module, without importing it when it is not loaded yet.

    Importing a question module builds its data and registers its questions in
    the session (so ``latentedu grade`` would count them); reading its source
    does neither.
    """
    module = sys.modules.get(f"{__package__}.{module_name}")
    if module is not None:
        chapter = getattr(module, "CHAPTER", module_name)
        questions = [q for q in vars(module).values() if isinstance(q, engine.Question)]
        return chapter, [_Entry(q.key, q.name, q.title) for q in questions]
    return _declared_in_source(module_name)


def _declared_in_source(module_name: str) -> tuple[str, list[_Entry]]:
    """(chapter, questions) read from a question module's source: its ``qN = Question("qN", "title", ...)``."""
    spec = importlib.util.find_spec(f"{__package__}.{module_name}")
    if spec is None or not spec.origin:
        return module_name, []
    try:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):  # a broken install: list no questions rather than fail
        return module_name, []
    constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}
    chapter = constants.get("CHAPTER", module_name)
    entries = []
    for node in tree.body:
        call = node.value if isinstance(node, ast.Assign) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "Question"):
            continue
        texts = [arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""
                 for arg in call.args[:2]] + ["", ""]
        name = texts[0] or node.targets[0].id
        keyword = {kw.arg: kw.value for kw in call.keywords}
        own = keyword.get("chapter")
        q_chapter = (own.value if isinstance(own, ast.Constant) else constants.get(own.id, chapter)
                     if isinstance(own, ast.Name) else chapter)
        entries.append(_Entry(f"{q_chapter}.{name}" if q_chapter else name, name, texts[1]))
    return chapter, entries


# --------------------------------------------------------------------------- the report

_MARK = {"correct": "✅", "incorrect": "❌", "not attempted": "·"}


@dataclass
class _Row:
    entry: _Entry
    session: Record
    saved: Record | None


@dataclass
class Progress:
    """What :func:`progress` returns: renders as Markdown in a notebook, as text in a console."""

    chapters: list[tuple[str, str, list[_Row]]]
    path: Path | None
    problem: str = ""
    where: str = "console"

    def _counts(self) -> tuple[int, int, int]:
        rows = [row for _, _, chapter_rows in self.chapters for row in chapter_rows]
        session = sum(row.session.outcome == "correct" for row in rows)
        overall = sum((row.saved or row.session).outcome == "correct" for row in rows)
        return len(rows), session, overall

    def _notes(self) -> list[str]:
        notes = []
        if self.problem:
            notes.append(f"⚠️ {self.problem}. This session's record above is complete; only saving is affected.")
        if self.path is None:
            notes.append(f"Progress is not saved between sessions ({ENV} is off).")
        elif self.where == "colab":
            notes.append(
                f"In Colab your files vanish when the runtime is recycled (after idling, or at the latest after "
                f"about 12 hours), and {self.path} with them. To keep your progress, mount Google Drive "
                "(`from google.colab import drive; drive.mount('/content/drive')`) and, before checking "
                f"answers, `import os; os.environ['{ENV}'] = '/content/drive/MyDrive/latentedu/progress.json'`; "
                f"or download the file: `from google.colab import files; files.download('{self.path}')`.")
        elif self.where == "binder":
            notes.append(
                f"On Binder your files, {self.path} included, are deleted when the session ends. To keep your "
                f"progress, copy it next to this notebook (`import shutil; shutil.copy('{self.path}', "
                "'my-progress.json')`) and download that from the file browser; next time, upload it and set "
                f"`os.environ['{ENV}']` to its path.")
        else:
            notes.append(f"Saved in {self.path} (delete it, or call `latentedu.exercises.progress.forget()`, "
                         "to start afresh).")
        return notes

    def _cells(self, row: _Row) -> tuple[str, str, str, str]:
        session = f"{_MARK[row.session.outcome]} {row.session.outcome}"
        saved = row.saved or row.session
        overall = f"{_MARK[saved.outcome]} {saved.outcome}"
        hints = max(row.session.hints, saved.hints)
        solution = "yes" if row.session.solution_shown or saved.solution_shown else "no"
        return session, overall, str(hints), solution

    @staticmethod
    def _tally(rows: list[_Row]) -> str:
        correct = sum((row.saved or row.session).outcome == "correct" for row in rows)
        return f"{correct} of {len(rows)} correct"

    def _headline(self) -> str:
        total, session, overall = self._counts()
        return (f"Your progress: {session} of {total} questions correct in this session"
                + (f", {overall} over all your sessions" if self.path is not None else ""))

    def _repr_markdown_(self) -> str:
        saved = self.path is not None
        lines = [f"**{self._headline()}**"]
        for chapter, heading, rows in self.chapters:
            lines += ["", f"**{heading}** ({self._tally(rows) if rows else 'no questions yet'})", ""]
            if not rows:
                continue
            head = "| question | this session |" + (" all sessions |" if saved else "") + " hints | solution seen |"
            lines += [head, "|---|---|" + ("---|" if saved else "") + "---:|---|"]
            for row in rows:
                session_cell, overall_cell, hints, solution = self._cells(row)
                title = f"{row.entry.name} · {row.entry.title}" if row.entry.title else row.entry.name
                lines.append(f"| {title} | {session_cell} |" + (f" {overall_cell} |" if saved else "")
                             + f" {hints} | {solution} |")
        lines += [""] + self._notes()
        return "\n".join(lines)

    def __str__(self) -> str:
        lines = [self._headline()]
        for chapter, heading, rows in self.chapters:
            lines += ["", f"{heading} ({self._tally(rows) if rows else 'no questions yet'})"]
            for row in rows:
                session_cell, overall_cell, hints, solution = self._cells(row)
                title = f"{row.entry.name} · {row.entry.title}" if row.entry.title else row.entry.name
                title = title if len(title) <= 48 else title[:47] + "…"
                line = f"  {title:<48} {session_cell:<16} hints {hints}  solution {solution}"
                if overall_cell != session_cell:
                    line += f"  (all sessions: {overall_cell})"
                lines.append(line)
        lines += [""] + self._notes()
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def as_records(self) -> list[dict]:
        """This session's rows, in the record format ``latentedu grade`` uses."""
        return [row.session.as_dict() for _, _, rows in self.chapters for row in rows]


_TITLES = {"latent_space": "Latent space", "weights_and_biases": "Weights and biases",
           "gradient_descent": "Gradient descent", "autoencoders": "Dimensionality reduction and autoencoders",
           "latent_maps": "Latent maps", "anomaly_detection": "Anomaly detection", "gans": "GANs",
           "vaes": "Variational autoencoders"}


def _heading(number: int, chapter: str) -> str:
    return f"{number:02d} · {_TITLES.get(chapter, chapter.replace('_', ' ').capitalize())}"


def progress(chapter: str | None = None) -> Progress:
    """Every chapter's questions and your state on each: this session, and over all sessions when saved.

    ``chapter`` (e.g. ``"vaes"``) shows one chapter only.
    """
    from .._runtime import where_am_i

    path = progress_file()
    saved, problem = _read(path) if path is not None else ({}, "")
    problem = problem or _RECORDER.problem
    session_rows = {row["question"]: Record.from_dict(row) for row in engine.results()}
    chapters = []
    for number, module_name in enumerate(COURSE):
        chapter_id, entries = _declared_questions(module_name)
        if chapter is not None and chapter not in (chapter_id, module_name):
            continue
        rows = []
        for entry in entries:
            session = session_rows.get(entry.key) or Record(entry.key, entry.title, Outcome.NOT_ATTEMPTED.value,
                                                            0, False, chapter_id)
            rows.append(_Row(entry, session, _merge(saved.get(entry.key), session) if entry.key in saved
                             else None))
        chapters.append((chapter_id, _heading(number, chapter_id), rows))
    if chapter is not None and not chapters:
        known = ", ".join(COURSE)
        raise ValueError(f"progress(): there is no chapter {chapter!r}; the chapters are {known}")
    return Progress(chapters, path, problem, where_am_i())
