"""The ``latentedu`` console command.

    latentedu grade submissions/*.ipynb [--json] [--csv grades.csv] [--jobs 2] [--timeout 300]
    latentedu doctor
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]

_GRADE_EPILOG = """\
how a notebook is run:
  each notebook runs top to bottom in a fresh kernel, in a temporary copy of its
  folder (the notebook, and the regular files beside it that are not notebooks,
  plus what --with names); the copy is deleted afterwards. A cell that raises
  does not stop the run; a cell over --timeout seconds (default {timeout}) stops
  that notebook's run, and the questions recorded before it are still graded.

what the score trusts, and what not:
  the score comes from an event log that the grader sets up before the first
  learner cell: every check, hint and solution is written at once, signed with a
  one-time key (held by the grader and its own set-up code in the kernel, never
  in a file the notebook can read later), to a folder outside the submission's
  copy. It does
  not come from anything the notebook prints. A record that looks tampered with
  (engine functions replaced, a result set behind the engine's back, a forged
  results_json(), a log line altered) is FLAGGED in the report. Each correct
  answer that is a function defined in the notebook (using only modules, other
  such functions and plain constants) is rebuilt from its source and checked
  again in a clean Python process; if that check disagrees, it counts as
  incorrect and is flagged. Other correct answers are believed as recorded.
  This is not a sandbox: learner code runs with your rights and can read your
  files, use the network, and with deliberate effort find the key in its own
  process. For submissions you do not trust, run the grader in
  a container without network, e.g.
    docker run --rm --network none -v "$PWD/submissions:/in:ro" IMAGE \\
        latentedu grade /in/*.ipynb
  (IMAGE: any image with `pip install 'latentedu[grade]'` done).

exit status: 0 every notebook ran to the end with an unflagged record; 1 a run
stopped early or a record is flagged; 2 a file could not be graded at all.
Needs nbclient, nbformat and ipykernel: pip install 'latentedu[grade]'."""


def _grade(args) -> int:
    from .exercises.grading import GradeFailure, GradingUnavailable, grade_many, write_csv

    results, status = [], 0
    try:
        for result in grade_many(args.notebooks, jobs=args.jobs, timeout=args.timeout, extra_files=args.extra,
                                 recheck=args.recheck):
            results.append(result)
            if isinstance(result, GradeFailure):
                print(f"latentedu grade: {result.message}", file=sys.stderr)
                status = 2
                continue
            if result.stopped or result.flags:
                status = max(status, 1)
            if not args.json:
                print(result.table(), end="\n\n", flush=True)
    except GradingUnavailable as exc:
        print(f"latentedu grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("latentedu grade: interrupted; the notebooks graded so far are reported above", file=sys.stderr)
        status = 130
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
    if args.csv:
        write_csv(results, args.csv)
        print(f"latentedu grade: wrote {args.csv} ({len(results)} notebook(s))", file=sys.stderr)
    return status


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv=None) -> int:
    from .exercises.grading import DEFAULT_TIMEOUT

    parser = argparse.ArgumentParser(prog="latentedu", description="Tools for the latentedu course.")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser(
        "grade", help="run exercise notebooks in a fresh kernel each and grade them",
        description="Run learners' exercise notebooks and report each question as correct, incorrect or "
                    "not attempted, with the hints used and whether the solution was shown.",
        epilog=_GRADE_EPILOG.format(timeout=DEFAULT_TIMEOUT), formatter_class=argparse.RawDescriptionHelpFormatter)
    grade.add_argument("notebooks", nargs="+", help="paths of .ipynb files")
    grade.add_argument("--json", action="store_true", help="print JSON instead of tables")
    grade.add_argument("--csv", metavar="PATH", help="also write one row per learner and question to PATH")
    grade.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT,
                       help=f"seconds allowed per cell (default {DEFAULT_TIMEOUT})")
    grade.add_argument("--jobs", type=_positive, default=1,
                       help="notebooks graded at once, each in its own kernel (default 1; at most one per core)")
    grade.add_argument("--with", dest="extra", action="append", default=[], metavar="PATH",
                       help="a file or folder copied next to every notebook (shared data); repeatable")
    grade.add_argument("--no-recheck", dest="recheck", action="store_false",
                       help="skip re-checking correct answers in a clean process (faster, trusts the kernel more)")
    commands.add_parser("doctor", help="check this environment and say how to fix problems")
    args = parser.parse_args(argv)

    if args.command == "grade":
        from pathlib import Path

        missing = [extra for extra in args.extra if not Path(extra).exists()]
        if missing:
            parser.error(f"--with {missing[0]}: there is no such file or folder")
    if args.command == "doctor":
        from ._runtime import doctor

        doctor()
        return 0
    return _grade(args)


if __name__ == "__main__":
    sys.exit(main())
