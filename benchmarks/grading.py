"""Grading a class: 40 submissions of chapter 00, graded one at a time and then two at a time.

    python benchmarks/grading.py                 # 40 submissions; saves results/grading-DATE.json
    python benchmarks/grading.py --count 4       # a quick try
    python benchmarks/grading.py --jobs 1 2 4    # the parallel settings to time

Each submission is a copy of ``exercises/00_latent_space.ipynb`` in which some
of the answer cells are replaced by the matching cells of
``solutions/00_latent_space.ipynb`` (a different, seeded choice per learner;
some learners also ask for a hint). ``latentedu grade``'s own function,
``grade_many``, grades them all with its default settings (temporary copies,
the signed record, the clean re-check); the script checks that every learner
gets exactly the questions it was given the solution of, then reports the wall
time of each setting, seconds per submission, the speed-up, and the CPU
seconds the kernels, workers and re-check processes used. The load
average before and after is saved with the figures: other work on the machine
slows every setting, so compare settings from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import nbformat  # noqa: E402

from latentedu.exercises.grading import GradeReport, grade_many  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "00_latent_space.ipynb"
_CHECK = re.compile(r"\b(q\d+)\.check\(")


def _answer_cells(nb) -> dict[str, int]:
    """Question name -> index of the code cell that checks it."""
    found = {}
    for index, cell in enumerate(nb.cells):
        match = _CHECK.search(cell.source) if cell.cell_type == "code" else None
        if match:
            found[match.group(1)] = index
    return found


def make_submissions(folder: Path, count: int, seed: int = 0) -> dict[str, set[str]]:
    """Write ``count`` submissions into ``folder``; return, for each, the questions it solves."""
    exercise = nbformat.read(ROOT / "exercises" / CHAPTER, as_version=4)
    solution = nbformat.read(ROOT / "solutions" / CHAPTER, as_version=4)
    blanks, answers = _answer_cells(exercise), _answer_cells(solution)
    questions = sorted(set(blanks) & set(answers))
    rng = random.Random(seed)
    expected = {}
    for n in range(1, count + 1):
        nb = nbformat.read(ROOT / "exercises" / CHAPTER, as_version=4)
        solved = set(rng.sample(questions, rng.randint(0, len(questions))))
        for name in solved:
            nb.cells[blanks[name]].source = solution.cells[answers[name]].source
        asks = rng.choice(questions)
        nb.cells[blanks[asks]].source += f"\n{asks}.hint()"
        path = folder / f"learner{n:02d}.ipynb"
        nbformat.write(nb, path)
        expected[str(path)] = {f"latent_space.{name}" for name in solved}
    return expected


def loadavg() -> list[float] | None:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def time_setting(paths: list[str], jobs: int, expected: dict[str, set[str]]) -> dict:
    load_before = loadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    results = list(grade_many(paths, jobs=jobs))
    seconds = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    wrong = []
    for result in results:
        if not isinstance(result, GradeReport):
            wrong.append(f"{result.path}: {result.message}")
            continue
        correct = {row["question"] for row in result.rows if row["outcome"] == "correct"}
        if correct != expected[result.path] or result.flags or result.stopped or result.cell_errors:
            wrong.append(f"{result.path}: {sorted(correct)} vs {sorted(expected[result.path])} {result.flags} "
                         f"{result.stopped} {result.cell_errors}")
    return {"jobs": jobs, "submissions": len(paths), "seconds": round(seconds, 1),
            "seconds_per_submission": round(seconds / len(paths), 2),
            "cpu_seconds_of_kernels_and_workers": round(cpu, 1),
            "graded_as_expected": len(paths) - len(wrong), "problems": wrong[:5],
            "loadavg_before": load_before, "loadavg_after": loadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="latentedu-grading-bench-") as folder:
        expected = make_submissions(Path(folder), args.count)
        paths = sorted(expected)
        runs = []
        for jobs in args.jobs:
            run = time_setting(paths, jobs, expected)
            runs.append(run)
            print(f"--jobs {jobs}: {run['seconds']:.1f} s for {run['submissions']} submissions "
                  f"({run['seconds_per_submission']:.2f} s each), {run['graded_as_expected']} graded as expected; "
                  f"load average {run['loadavg_before']} -> {run['loadavg_after']}", flush=True)
    base = runs[0]["seconds"]
    for run in runs:
        run["speedup"] = round(base / run["seconds"], 2)
    figures = {"chapter": CHAPTER, "cpu_count": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M:%S"),
               "note": "wall-clock seconds of grade_many with default settings (re-check on); the machine's "
                       "load average (1, 5, 15 min) is saved before and after each setting", "runs": runs}
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"grading-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"speed-up of --jobs {runs[-1]['jobs']}: {runs[-1]['speedup']}x; saved {path}")


if __name__ == "__main__":
    main()
