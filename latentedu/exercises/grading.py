"""Grade learners' exercise notebooks: run each in a fresh kernel, in a temporary copy of its folder.

Used by the ``latentedu grade`` console command and by the course's own tests
(the solutions must score full marks; the untouched exercises, none).

How a submission is run
    Its notebook and the regular files beside it (data it may read; not other
    notebooks, hidden files or sub-folders) are copied into a new temporary
    folder, plus any ``extra_files`` the instructor names; the kernel runs
    there, and the folder is deleted afterwards. So a submission cannot read
    or change the other submissions or the files in the instructor's folder
    through relative paths, and nothing it writes is left behind.

Where the score comes from
    Not from anything the learner's kernel prints at the end. Before the first
    learner cell, the grader runs a cell of its own (see ``_grader_kernel``)
    that registers a listener with the exercise engine; every check, hint and
    solution is appended at once to an event log in a folder the grader owns,
    outside the submission's copy, each line signed with a key known only to
    the grader process and this cell (the key file is deleted as soon as it is
    read). The score is computed from that log. Each correct answer that is a
    function written in the notebook (using only modules, other such functions
    and plain constants) is then rebuilt from its source and checked again in a
    clean Python process (``_recheck``); if that check disagrees, the answer
    counts as incorrect. The report flags a notebook
    whose record looks tampered with: a log line whose signature or order is
    wrong, a record that did not come from the engine's own check, hint or
    solution, a check function or question object that is not the course's own,
    engine functions replaced by learner code, a question state changed behind
    the engine's back, ``engine.results_json()`` disagreeing with the log, or a
    correct answer that the clean re-check does not confirm.

What it does not do
    It is not a sandbox. Learner code runs with your user's rights: it can read
    your home folder, use the network, and, with deliberate effort, reach the
    signing key in its own process. For submissions you do not trust, run the
    grader in a container without network, e.g.
    ``docker run --rm --network none -v "$PWD/submissions:/in:ro" IMAGE latentedu grade /in/*.ipynb``.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

__all__ = ["DEFAULT_TIMEOUT", "GradeFailure", "GradeReport", "GradingUnavailable", "NotebookCannotRun",
           "check_requirements", "grade", "grade_many", "write_csv"]

DEFAULT_TIMEOUT = 300  # seconds per cell
MAX_COPY_BYTES = 200 * 2**20  # what the files beside one notebook may weigh in all

_SETUP = ("import latentedu.exercises._grader_kernel as _latentedu_grader\n"
          "_latentedu_grader.install({record_dir!r})\n"
          "del _latentedu_grader")
_FINISH = "import sys\nsys.modules['latentedu.exercises._grader_kernel'].finish()"
# run in the submission's folder (for its data files) but never importing from it: a learner's cell
# could have left a `latentedu/` folder there
_RECHECK = ("import sys\nsys.path[:] = [p for p in sys.path if p not in ('', '.')]\n"
            "from latentedu.exercises._recheck import main\nsys.exit(main(sys.argv[1:]))")
_EMPTY = {"outcome": "not attempted", "hints": 0, "solution_shown": False}


class NotebookCannotRun(RuntimeError):
    """The notebook could not be read, or its kernel could not start and load the exercise library."""


class GradingUnavailable(RuntimeError):
    """The packages grading needs (nbclient, nbformat, ipykernel) are not installed."""


def check_requirements() -> None:
    """Raise :class:`GradingUnavailable`, naming the ``grade`` extra, unless grading can run here."""
    missing = [name for name in ("nbclient", "nbformat", "ipykernel") if importlib.util.find_spec(name) is None]
    if missing:
        raise GradingUnavailable(f"grading needs {', '.join(missing)}, which is not installed here. "
                                 "Install it with:  pip install 'latentedu[grade]'")


@dataclass
class GradeReport:
    """One notebook's grade: a row per question (the engine's record format), and what went wrong.

    ``stopped`` says why the run ended early (a cell over the time limit, the
    kernel died); the rows then hold what was recorded before. ``flags`` lists
    signs that the record was tampered with; a flagged score should not be
    believed without a look at the notebook.
    """

    path: str
    rows: list[dict]
    cell_errors: list[str] = field(default_factory=list)
    stopped: str = ""
    flags: list[str] = field(default_factory=list)
    rechecked: dict[str, str] = field(default_factory=dict)

    @property
    def correct(self) -> int:
        return sum(row["outcome"] == "correct" for row in self.rows)

    @property
    def score(self) -> float:
        return self.correct / len(self.rows) if self.rows else 0.0

    @property
    def trusted(self) -> bool:
        return not self.flags

    def table(self) -> str:
        lines = [f"{self.path}", f"{'question':<24} {'outcome':<14} {'hints':>5}  solution seen"]
        for row in self.rows:
            lines.append(f"{row['question']:<24} {row['outcome']:<14} {row['hints']:>5}  "
                         f"{'yes' if row['solution_shown'] else 'no'}")
        lines.append(f"score: {self.correct}/{len(self.rows)} ({self.score:.0%})")
        if self.stopped:
            lines.append(f"run stopped early: {self.stopped}")
        lines += [f"cell error: {error}" for error in self.cell_errors]
        if self.rechecked:
            confirmed = [k for k, note in self.rechecked.items() if note == "confirmed"]
            lines.append(f"re-checked in a clean process: {len(confirmed)} of {self.correct} correct answer(s) "
                         "confirmed")
            lines += [f"  {k}: {note}" for k, note in self.rechecked.items() if note != "confirmed"]
        lines += [f"FLAGGED: {flag}" for flag in self.flags]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"path": self.path, "score": self.score, "correct": self.correct, "questions": self.rows,
                "cell_errors": self.cell_errors, "stopped": self.stopped, "flags": self.flags,
                "trusted": self.trusted, "rechecked": self.rechecked}


@dataclass
class GradeFailure:
    """A notebook that could not be graded at all, and why."""

    path: str
    message: str

    def as_dict(self) -> dict:
        return {"path": self.path, "error": self.message}


# --------------------------------------------------------------------------- running one notebook

def _read_notebook(path: Path):
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except OSError as exc:
        raise NotebookCannotRun(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # broken JSON, or JSON that is not a notebook (nbformat raises many kinds)
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookCannotRun(f"cannot read {path}: it is not a Jupyter notebook ({detail[:200]})") from None
    return nb


def _copy_submission(path: Path, work: Path, extra_files: Sequence[str | os.PathLike]) -> Path:
    """Copy the notebook, its sibling data files and ``extra_files`` into ``work``; return the copy's path."""
    siblings = [item for item in path.parent.iterdir()
                if item.is_file() and not item.is_symlink() and not item.name.startswith(".")
                and item.suffix != ".ipynb"]
    size = sum(item.stat().st_size for item in siblings)
    if size > MAX_COPY_BYTES:
        raise NotebookCannotRun(
            f"{path}: the files beside it weigh {size / 2**20:.0f} MB, more than the "
            f"{MAX_COPY_BYTES / 2**20:.0f} MB copied for each submission. Put each submission in a folder "
            "with only the files it needs, or name shared data with --with.")
    for item in siblings:
        shutil.copy2(item, work / item.name)
    for extra in map(Path, extra_files):
        if extra.is_dir():
            shutil.copytree(extra, work / extra.name, dirs_exist_ok=True)
        elif extra.is_file():
            shutil.copy2(extra, work / extra.name)
        else:
            raise NotebookCannotRun(f"cannot copy {extra} for {path}: there is no such file or folder")
    copy = work / path.name
    shutil.copy2(path, copy)
    return copy


def _kernel_env(folder: Path) -> dict:
    """The grader's environment, without the shell's note of where the grader was started."""
    env = {k: v for k, v in os.environ.items() if k not in ("PWD", "OLDPWD")}
    env["PWD"] = str(folder)
    return env


def _read_log(log: Path, key: bytes) -> tuple[list[dict], list[str]]:
    """The log's entries up to the first line that is not the grader's, and what was wrong with it."""
    entries: list[dict] = []
    try:
        lines = log.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return entries, []
    previous = ""
    for number, line in enumerate(lines, start=1):
        try:
            outer = json.loads(line)
            body, mac = outer["body"], outer["mac"]
            good = hmac.compare_digest(hmac.new(key, body.encode(), hashlib.sha256).hexdigest(), mac)
            entry = json.loads(body) if good else None
        except (ValueError, KeyError, TypeError, AttributeError):
            good, entry = False, None
        if not good:
            return entries, [f"line {number} of the grader's event log was altered or forged "
                             "(its signature does not match); later lines were not believed"]
        if entry.get("seq") != len(entries) + 1 or entry.get("prev") != previous:
            return entries, [f"lines of the grader's event log were removed or reordered before line {number}; "
                             "later lines were not believed"]
        entries.append(entry)
        previous = mac
    return entries, []


def _summary(row: dict) -> tuple:
    return row.get("outcome"), row.get("hints"), bool(row.get("solution_shown"))


def _describe(summary: tuple) -> str:
    outcome, hints, seen = summary
    return f"{outcome}, {hints} hint(s){', solution seen' if seen else ''}"


def _grade_from_log(entries: list[dict], stopped: str) -> tuple[list[dict], list[str], dict[str, dict]]:
    """Rows from the signed record events, the flags raised while reading them, and each question's
    latest checked answer as the recorder captured it (for the re-check)."""
    flags: list[str] = []
    declared: dict[str, dict] = {}
    state: dict[str, dict] = {}
    answers: dict[str, dict] = {}
    final = None
    for entry in entries:
        kind, data = entry.get("kind"), entry.get("data") or {}
        if kind in ("cell", "final"):
            for row in data.get("declared", []):
                declared.setdefault(row.get("question"), row)
            if kind == "final":
                final = data
            continue
        if kind != "record":
            continue
        row = dict(data.get("row") or {})
        key = row.get("question")
        before = state.get(key, {"question": key, **_EMPTY})
        via = data.get("via")
        if via not in ("check", "hint", "solution"):
            flags.append(f"{key}: a record that did not come from the engine's check, hint or solution "
                         "(not believed)")
            continue
        if not data.get("own_check") and row.get("outcome") == "correct":
            flags.append(f"{key}: checked by a function that is not the course's own check "
                         "(replaced, or a question declared in the notebook); its 'correct' is not believed")
            row["outcome"] = before["outcome"] if before["outcome"] != "correct" else "incorrect"
        if not data.get("registered"):
            flags.append(f"{key}: recorded by a question object that is not the declared one")
        if data.get("chapter_question") is False:
            flags.append(f"{key}: recorded by a question declared again in the notebook, not the chapter's own "
                         "(not believed)")
            row["outcome"] = before["outcome"]
        if via != "check" and row.get("outcome") != before["outcome"]:
            flags.append(f"{key}: the outcome changed in a {via}() call, which cannot change it "
                         "(set behind the engine's back; not believed)")
            row["outcome"] = before["outcome"]
        state[key] = row
        if via == "check":
            answers[key] = data.get("answer") or {"unavailable": "no answer was captured"}
    rows = []
    for key in dict.fromkeys([*declared, *state]):
        if key in state:
            rows.append(state[key])
        else:
            known = declared[key]
            rows.append({"question": key, "title": known.get("title", ""), **_EMPTY,
                         "chapter": known.get("chapter", ""), "time": ""})
    if final is None:
        if not stopped:
            flags.append("the closing record is missing: the grader's recorder was removed or replaced")
        return rows, flags, answers
    if final.get("replaced"):
        flags.append(f"learner code replaced the engine's {', '.join(final['replaced'])}")
    if final.get("removed"):
        flags.append(f"learner code removed {' and '.join(final['removed'])}")
    by_key = {row["question"]: row for row in rows}
    for live in final.get("declared", []):
        logged = by_key.get(live.get("question"))
        if logged is not None and _summary(live) != _summary(logged):
            flags.append(f"{live.get('question')}: its state in the kernel ({_describe(_summary(live))}) differs "
                         f"from the recorded checks ({_describe(_summary(logged))}); it was changed behind the "
                         "engine's back")
    reported = final.get("reported")
    if isinstance(reported, list):
        try:
            claimed = {r["question"]: _summary(r) for r in reported}
        except (TypeError, KeyError):
            claimed = None
        if claimed != {row["question"]: _summary(row) for row in rows}:
            n_claimed = sum(s[0] == "correct" for s in (claimed or {}).values())
            flags.append(f"engine.results_json() in the notebook reports {n_claimed} correct, the grader's record "
                         f"{sum(r['outcome'] == 'correct' for r in rows)}: it was forged or altered")
    else:
        flags.append(f"engine.results_json() failed in the notebook ({reported})")
    return rows, flags, answers


def _recheck(rows: list[dict], answers: dict[str, dict], folder: str, record: str,
             timeout: int) -> tuple[dict[str, str], list[str]]:
    """Re-check every correct answer that can be rebuilt, in a clean Python process run in ``folder``.

    Returns a note per correct question ("confirmed", or why it was not
    re-checked) and flags for answers the clean check does not find correct
    (their rows are set to incorrect).
    """
    notes: dict[str, str] = {}
    items = []
    for row in rows:
        if row["outcome"] != "correct":
            continue
        spec = answers.get(row["question"], {"unavailable": "no answer was captured"})
        if "unavailable" in spec:
            notes[row["question"]] = f"not re-checked: {spec['unavailable']}"
        else:
            items.append({"question": row["question"], "chapter": row.get("chapter", ""), "answer": spec})
    if not items:
        return notes, []
    given, back = os.path.join(record, "recheck-in.json"), os.path.join(record, "recheck-out.json")
    with open(given, "w", encoding="utf-8") as handle:
        json.dump(items, handle)
    flags = []
    try:
        subprocess.run([sys.executable, "-c", _RECHECK, given, back], cwd=folder,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, check=False)
        with open(back, encoding="utf-8") as handle:
            verdicts = json.load(handle)
    except (subprocess.TimeoutExpired, OSError, ValueError) as exc:
        for item in items:
            notes[item["question"]] = f"not re-checked: the clean process did not finish ({type(exc).__name__})"
        return notes, flags
    by_key = {row["question"]: row for row in rows}
    for item in items:
        key = item["question"]
        verdict = verdicts.get(key) if isinstance(verdicts, dict) else None
        if not isinstance(verdict, dict) or verdict.get("outcome") is None:
            why = verdict.get("why") if isinstance(verdict, dict) else None
            notes[key] = f"not re-checked: {why or 'no verdict came back'}"
        elif verdict["outcome"] == "correct":
            notes[key] = "confirmed"
        else:
            notes[key] = f"re-checked: {verdict['outcome']}"
            by_key[key]["outcome"] = "incorrect"
            flags.append(f"{key}: recorded as correct, but the same answer re-checked in a clean process is "
                         f"{verdict['outcome']} ({str(verdict.get('message', ''))[:200]}); counted as incorrect")
    return notes, flags


def grade(path, timeout: int = DEFAULT_TIMEOUT, kernel_name: str = "python3",
          extra_files: Sequence[str | os.PathLike] = (), recheck: bool = True) -> GradeReport:
    """Run the notebook at ``path`` top to bottom in a temporary copy of its folder and grade it.

    A cell that raises does not stop the run; a cell over ``timeout`` seconds
    or a dying kernel does, and the questions recorded before it are still
    graded (``report.stopped`` says why). With ``recheck``, every correct
    answer that can be rebuilt from its source is checked again in a clean
    process (``report.rechecked`` says which). Raises :class:`NotebookCannotRun`
    when the file is not a notebook or the exercise library cannot be loaded
    in the kernel, :class:`GradingUnavailable` when nbclient is missing.
    """
    check_requirements()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = _read_notebook(path)
    n_learner = len(nb.cells)
    with tempfile.TemporaryDirectory(prefix="latentedu-grade-", ignore_cleanup_errors=True) as work, \
            tempfile.TemporaryDirectory(prefix="latentedu-record-", ignore_cleanup_errors=True) as record:
        copy = _copy_submission(path, Path(work), extra_files)
        key = secrets.token_bytes(32)
        fd = os.open(os.path.join(record, "key"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        nb.cells.insert(0, nbformat.v4.new_code_cell(_SETUP.format(record_dir=record)))
        nb.cells.append(nbformat.v4.new_code_cell(_FINISH))
        client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, allow_errors=True,
                                resources={"metadata": {"path": str(copy.parent)}})
        running = {"index": 0}
        client.on_cell_start = lambda cell, cell_index: running.update(index=cell_index)
        stopped = ""
        # the kernel's own stderr (transport warnings, ZMQ noise when a run is cut short) goes to a log
        # in the grader's folder, not to the instructor's terminal; what cells print still reaches the notebook
        kernel_log = open(os.path.join(record, "kernel.log"), "wb")
        try:
            client.execute(stdout=kernel_log, stderr=kernel_log, env=_kernel_env(copy.parent))
        except CellTimeoutError:
            stopped = (f"cell {running['index']} ran longer than {timeout} s, so the run stopped there "
                       "(later cells were not run)")
        except DeadKernelError:
            stopped = f"the kernel died in cell {running['index']} (later cells were not run)"
        except Exception as exc:  # the kernel could not start, or nbclient failed in another way
            raise NotebookCannotRun(f"{path}: the notebook could not be run ({type(exc).__name__}: {exc})") from None
        finally:
            kernel_log.close()
        if stopped and running["index"] > n_learner:
            stopped = ""  # the grader's own closing cell: nothing of the learner's was cut short
        entries, flags = _read_log(Path(record) / "events.jsonl", key)
        if entries and entries[0].get("kind") == "ready":
            rows, more_flags, answers = _grade_from_log(entries, stopped)
            notes, recheck_flags = _recheck(rows, answers, str(copy.parent), record, timeout) if recheck else ({}, [])
    if not entries or entries[0].get("kind") != "ready":
        errors = [f"{o.ename}: {o.evalue}" for o in nb.cells[0].get("outputs", []) if o.output_type == "error"]
        raise NotebookCannotRun(f"{path}: the exercise library could not be loaded in the kernel"
                                + (f" ({errors[0]})" if errors else ""))
    errors = [f"cell {i}: {o.ename}: {o.evalue}" for i, cell in enumerate(nb.cells[1:n_learner + 1], start=1)
              for o in cell.get("outputs", []) if o.output_type == "error"
              and not (stopped and i == running["index"] and o.ename == "KeyboardInterrupt")]
    return GradeReport(str(path), rows, errors, stopped, list(dict.fromkeys(flags + more_flags + recheck_flags)),
                       notes)


# --------------------------------------------------------------------------- many notebooks

def _grade_or_failure(path, timeout, kernel_name, extra_files, recheck):
    try:
        return grade(path, timeout=timeout, kernel_name=kernel_name, extra_files=extra_files, recheck=recheck)
    except NotebookCannotRun as exc:
        return GradeFailure(str(path), str(exc))
    except GradingUnavailable:
        raise
    except Exception as exc:  # one notebook's surprise must not lose the others' results
        return GradeFailure(str(path), f"{path}: could not be graded ({type(exc).__name__}: {exc})")


def grade_many(paths: Iterable, *, jobs: int = 1, timeout: int = DEFAULT_TIMEOUT, kernel_name: str = "python3",
               extra_files: Sequence[str | os.PathLike] = (),
               recheck: bool = True) -> Iterator[GradeReport | GradeFailure]:
    """Grade every notebook, ``jobs`` at a time (each in its own process and kernel), in the given order.

    Yields a :class:`GradeReport` or, for a notebook that could not be graded,
    a :class:`GradeFailure`; one bad file never stops the others.
    """
    paths = [str(p) for p in paths]
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    check_requirements()
    if jobs == 1 or len(paths) < 2:
        for path in paths:
            yield _grade_or_failure(path, timeout, kernel_name, tuple(extra_files), recheck)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_grade_or_failure, path, timeout, kernel_name, tuple(extra_files), recheck)
                   for path in paths]
        for path, future in zip(paths, futures):
            try:
                yield future.result()
            except GradingUnavailable:
                raise
            except Exception as exc:  # a worker that died
                yield GradeFailure(path, f"{path}: could not be graded ({type(exc).__name__}: {exc})")


def _learner_names(paths: Sequence[str]) -> list[str]:
    """Each path relative to the folder all of them share, without ``.ipynb``: 'alice' or 'alice/ch00'."""
    if not paths:
        return []
    absolute = [Path(p).resolve() for p in paths]
    common = Path(os.path.commonpath([str(p.parent) for p in absolute]))
    return [str(p.relative_to(common).with_suffix("")) for p in absolute]


CSV_COLUMNS = ["learner", "path", "question", "title", "outcome", "hints", "solution_shown", "score",
               "flagged", "stopped", "error"]


def write_csv(results: Sequence[GradeReport | GradeFailure], path) -> None:
    """One row per learner and question (a failed notebook gets one row with its error), for a gradebook."""
    names = _learner_names([r.path for r in results])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for name, result in zip(names, results):
            if isinstance(result, GradeFailure):
                writer.writerow({"learner": name, "path": result.path, "error": result.message})
                continue
            for row in result.rows:
                writer.writerow({"learner": name, "path": result.path, "question": row["question"],
                                 "title": row.get("title", ""), "outcome": row["outcome"], "hints": row["hints"],
                                 "solution_shown": "yes" if row["solution_shown"] else "no",
                                 "score": f"{result.score:.4f}", "flagged": "; ".join(result.flags),
                                 "stopped": result.stopped, "error": ""})
