"""The ``latentedu`` console command.

    latentedu grade submissions/*.ipynb [--json] [--timeout 300]
    latentedu doctor
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="latentedu", description="Tools for the latentedu course.")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="run exercise notebooks in a fresh kernel and grade them")
    grade.add_argument("notebooks", nargs="+", help="paths of .ipynb files")
    grade.add_argument("--json", action="store_true", help="print JSON instead of tables")
    grade.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    commands.add_parser("doctor", help="check this environment and say how to fix problems")
    args = parser.parse_args(argv)

    if args.command == "doctor":
        from ._runtime import doctor

        doctor()
        return 0

    from .exercises.grading import NotebookCannotRun, grade as grade_notebook

    reports, failed = [], 0
    for path in args.notebooks:
        try:
            report = grade_notebook(path, timeout=args.timeout)
        except NotebookCannotRun as exc:
            print(f"latentedu grade: {exc}", file=sys.stderr)
            failed += 1
            continue
        reports.append(report)
        if not args.json:
            print(report.table(), end="\n\n")
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
