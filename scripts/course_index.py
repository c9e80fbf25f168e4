"""Write the README's course index from the sources and a benchmark run.

For each chapter: its title (the lesson's first heading), the course-map
questions it answers, the widget demos the lesson shows, the number of checked
exercises, and the lesson's measured run time and peak memory from a
``benchmarks/run.py`` JSON file (the newest in ``benchmarks/results/`` unless
``--bench`` names one). The table replaces the lines between the
``COURSE INDEX`` markers in README.md.

    python scripts/course_index.py [--bench benchmarks/results/bench-....json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- COURSE INDEX START -->", "<!-- COURSE INDEX END -->"
REPO = "latentedu/latentedu"

# Which course-map questions each chapter answers (docs/COURSE_MAP.md).
ANSWERS = {
    "00": "Q1-Q4", "01": "Q5, Q6", "02": "Q7, Q8", "03": "Q4, Q9-Q11",
    "04": "Q11-Q14", "05": "Q15, Q16", "06": "Q17-Q19", "07": "Q20",
}


def lesson_title(source: Path) -> str:
    for line in source.read_text().splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return source.stem


def demos_shown(source: Path, factories: list[str]) -> list[str]:
    text = source.read_text()
    return [name for name in factories if re.search(rf"\b{name}\(", text)]


def newest_bench() -> Path | None:
    found = sorted((ROOT / "benchmarks" / "results").glob("*.json"))
    return found[-1] if found else None


def build_table(bench: dict | None) -> str:
    sys.path.insert(0, str(ROOT))
    from latentedu.widgets import registered_demos

    factories = sorted({key.split(".", 1)[1] for key in registered_demos()})
    timings = {Path(row["path"]).name: row for row in (bench or {}).get("notebooks", [])}
    rows = ["| chapter | answers | demos | exercises | run time (2-core CPU) |", "|---|---|---|---|---|"]
    for source in sorted((ROOT / "course").glob("[0-9][0-9]_*.py")):
        if source.stem.endswith("_exercises"):
            continue
        number = source.stem[:2]
        notebook = f"notebooks/{source.stem}.ipynb"
        exercises = ROOT / "course" / f"{source.stem}_exercises.py"
        n_questions = len(re.findall(r"^# %% \[question q\d+\]", exercises.read_text(), re.M)) if exercises.exists() else 0
        colab = f"https://colab.research.google.com/github/{REPO}/blob/main/{notebook}"
        demos = ", ".join(f"`{d}`" for d in demos_shown(source, factories)) or "-"
        timing = timings.get(Path(notebook).name)
        run_time = f"{timing['seconds']:.0f} s, {timing['peak_mb']:.0f} MB" if timing else "not measured"
        exercise_link = (f"[{n_questions} questions](exercises/{source.stem}.ipynb) "
                         f"([solutions](solutions/{source.stem}.ipynb))") if n_questions else "-"
        rows.append(f"| [{lesson_title(source)}]({notebook}) [(Colab)]({colab}) | {ANSWERS.get(number, '')} "
                    f"| {demos} | {exercise_link} | {run_time} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, help="a benchmarks/run.py JSON file")
    args = parser.parse_args(argv)
    bench_path = args.bench.resolve() if args.bench else newest_bench()
    bench = json.loads(bench_path.read_text()) if bench_path else None
    table = build_table(bench)
    text = README.read_text()
    if START not in text or END not in text:
        print("README.md has no course index markers", file=sys.stderr)
        return 2
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}")
    print(table)
    print(f"(run times from {bench_path.relative_to(ROOT) if bench_path else 'no benchmark run'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
