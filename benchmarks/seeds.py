"""Measure every seed-dependent claim of the lessons on five seeds, and report the spread.

A claim about a training outcome (an autoencoder against PCA, a latent direction's correlation,
a network's test accuracy) must hold on the seed the lesson uses **and** on other seeds, or the
lesson must say how often it holds. ``benchmarks/seed_claims/NN_topic.py`` registers chapter
NN's seed-dependent claims as functions of the seed; this script runs them on ``SEEDS`` and
writes ``benchmarks/results/seeds-YYYYMMDD-HHMMSS.json``::

    {"seeds": [0, 1, 2, 3, 4], "created": ..., "command": ...,
     "claims": [{"name", "notebook", "chapter", "seeds": [...], "holds_on": N, "holds": [bool per seed],
                 "values": [{name: number} per seed], "spread": bool}]}

Run it with ``python benchmarks/seeds.py`` (every chapter) or ``--chapters 03 04`` (those
chapters measured again, the other chapters' claims carried over from the latest report, so
the new report still covers every claim). It prints a table and exits 1 when a claim holds on
fewer than all seeds without being declared a spread.

The format of a ``seed_claims`` file::

    NOTEBOOK = "notebooks/03_autoencoders.ipynb"

    def measure(seed: int) -> dict:      # the lesson's training and measurements, with this seed
        ...                              # where the lesson has SEED = 0; returns {name: float}
        return {"ratio k=2": ..., ...}

    CLAIMS = {                           # the claim's name exactly as the lesson registers it
        "the autoencoder beats PCA at k = 2": lambda m: (m["ratio k=2"] < 1, {"AE / PCA": m["ratio k=2"]}),
    }
    SPREAD = {"name": "how the lesson words it"}   # optional: claims stated as "on N of 5 seeds"

``measure`` runs once per seed and every claim reads its numbers, so a chapter trains its models
once per seed however many claims it makes. A claim in ``SPREAD`` is one the lesson states as a
spread or a count over the seeds (with the measured numbers, copied into the lesson and checked
against the latest report by ``tests/test_lesson_claims.py``), not as holding on every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_DIR = ROOT / "benchmarks" / "seed_claims"
RESULTS_DIR = ROOT / "benchmarks" / "results"
SEEDS = (0, 1, 2, 3, 4)


def load_chapters(directory: Path = CLAIMS_DIR) -> dict:
    """``{"NN_topic": module}`` for every ``seed_claims/NN_*.py``, checked for the format above."""
    chapters = {}
    for path in sorted(Path(directory).glob("[0-9][0-9]_*.py")):
        spec = importlib.util.spec_from_file_location(f"seed_claims_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        problems = [f"{attr} missing" for attr in ("NOTEBOOK", "measure", "CLAIMS") if not hasattr(module, attr)]
        if not problems:
            if not isinstance(module.CLAIMS, dict) or not all(callable(f) for f in module.CLAIMS.values()):
                problems.append("CLAIMS must map each claim's name to a function of the measured numbers")
            unknown = set(getattr(module, "SPREAD", {})) - set(module.CLAIMS)
            if unknown:
                problems.append(f"SPREAD names claims that CLAIMS lacks: {sorted(unknown)}")
        if problems:
            raise ValueError(f"{path}: {'; '.join(problems)} (see benchmarks/seeds.py for the format).")
        chapters[path.stem] = module
    return chapters


def measure_chapter(stem: str, module, seeds=SEEDS) -> list[dict]:
    """Every claim of one chapter on every seed: one entry per claim."""
    per_seed = []
    for seed in seeds:
        started = time.perf_counter()
        numbers = module.measure(seed)
        print(f"  {stem}: seed {seed} measured in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        per_seed.append(numbers)
    entries = []
    spread = getattr(module, "SPREAD", {})
    for name, judge in module.CLAIMS.items():
        holds, values = [], []
        for numbers in per_seed:
            verdict, shown = judge(numbers)
            if hasattr(verdict, "item"):
                verdict = verdict.item()
            if not isinstance(verdict, bool):
                raise TypeError(f"{stem}: claim {name!r} must return (bool, values), got {type(verdict).__name__}.")
            holds.append(verdict)
            values.append({k: float(v) for k, v in shown.items()})
        entries.append({"name": name, "notebook": module.NOTEBOOK, "chapter": stem, "seeds": list(seeds),
                        "holds_on": sum(holds), "holds": holds, "values": values, "spread": name in spread})
    return entries


def latest_report(directory: Path = RESULTS_DIR) -> Path | None:
    """The newest ``seeds-*.json`` (names sort by time)."""
    reports = sorted(Path(directory).glob("seeds-*.json"))
    return reports[-1] if reports else None


def failures(entries: list[dict]) -> list[dict]:
    """Claims that hold on fewer than all their seeds and are not declared a spread."""
    return [e for e in entries if e["holds_on"] < len(e["seeds"]) and not e["spread"]]


def table(entries: list[dict]) -> str:
    lines = [f"{'chapter':<22} {'holds on':>8}  claim: values (min to max over the seeds)"]
    for e in entries:
        keys = list(e["values"][0]) if e["values"] else []
        shown = ", ".join(f"{k} {min(v[k] for v in e['values']):.4g} to {max(v[k] for v in e['values']):.4g}"
                          for k in keys)
        mark = " (stated as a spread)" if e["spread"] else ("" if e["holds_on"] == len(e["seeds"]) else "  <-- FAILS")
        lines.append(f"{e['chapter']:<22} {e['holds_on']:>4} / {len(e['seeds'])}  {e['name']}: {shown}{mark}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", nargs="*", help="chapter numbers or stems to measure (default: all)")
    parser.add_argument("--json", type=Path, help="where to write the report (default: benchmarks/results/seeds-<time>.json)")
    parser.add_argument("--seeds", type=int, nargs="*", default=list(SEEDS))
    args = parser.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    sys.path.insert(0, str(ROOT))
    chapters = load_chapters()
    wanted = [s for s in chapters if not args.chapters or any(s.startswith(c) for c in args.chapters)]
    if not wanted:
        parser.error(f"no seed_claims file matches {args.chapters}; there are {list(chapters)}")
    entries = []
    for stem in wanted:
        entries += measure_chapter(stem, chapters[stem], tuple(args.seeds))
    previous = latest_report()
    if args.chapters and previous is not None:  # carry the other chapters' claims over, unchanged
        carried = [e for e in json.loads(previous.read_text())["claims"]
                   if e["chapter"] not in wanted and e["chapter"] in chapters]
        print(f"carried {len(carried)} claims of other chapters over from {previous.name}", file=sys.stderr)
        entries = sorted(carried + entries, key=lambda e: e["chapter"])
    report = {"seeds": list(args.seeds), "created": time.strftime("%Y-%m-%d %H:%M:%S"),
              "command": "python benchmarks/seeds.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "claims": entries}
    path = args.json or RESULTS_DIR / time.strftime("seeds-%Y%m%d-%H%M%S.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n")
    print(table(entries))
    print(f"\nwritten to {path}")
    bad = failures(entries)
    for e in bad:
        print(f"FAILS: “{e['name']}” ({e['notebook']}) holds on {e['holds_on']} of {len(e['seeds'])} seeds; "
              "reword it as a spread (SPREAD) or change the setting until it holds.")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
