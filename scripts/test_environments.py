"""Run the tests and every notebook in the floors and Colab environments.

    python3 scripts/test_environments.py            # both: floors, then colab
    python3 scripts/test_environments.py floors     # one of them
    python3 scripts/test_environments.py colab -k widgets   # pytest options after the names

Each environment is a virtual environment ``.venv-NAME`` built from
``constraints/NAME.txt`` (made on first use, reused after) with the course's
``test`` extra: ``floors`` holds every runtime dependency at the minimum
pyproject.toml declares, ``colab`` the versions Google Colab ships. torch is
installed as ``course.py`` installs it (a CPU build). In each, pytest runs the
library tests and executes every lesson and solution notebook; the browser
test and the tests of the course's own tooling (``TOOLING_TESTS``) run only in
the latest environment (``python3 course.py test``). Exits non-zero when any
environment fails, after running all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course  # noqa: E402  (the set-up script at the repository root)

ENVIRONMENTS = ("floors", "colab")
SHOWN = ("torch", "numpy", "scipy", "matplotlib", "scikit-learn", "ipywidgets", "ipykernel", "umap-learn")


def build(name: str) -> Path:
    """``.venv-NAME`` with torch and the course installed under ``constraints/NAME.txt``."""
    folder = ROOT / f".venv-{name}"
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        course.run(sys.executable, "-m", "venv", folder)
    course.install_torch(python)
    course.run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "-c", ROOT / "constraints" / f"{name}.txt", "-e", f"{ROOT}[test]")
    return python


def versions(python: Path) -> str:
    code = ("from importlib import metadata as m\n"
            f"print(', '.join(f'{{n}} {{m.version(n)}}' for n in {SHOWN!r}))")
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


# Tests of the course's own tooling (set-up script, grading, the benchmark, notebook sources and
# lesson-claim bookkeeping) do not depend on the libraries' versions: they run once, in the
# latest environment, which keeps CI's three environments within its time budget.
TOOLING_TESTS = ("test_benchmark.py", "test_cli.py", "test_course_script.py", "test_exercise_notebooks.py",
                 "test_grading.py", "test_lesson_claims.py", "test_notebook_sources.py", "test_quality_bands.py")


def test(name: str, python: Path, pytest_args: list[str]) -> int:
    env = dict(course.jupyter_env(python), LATENTEDU_ENV=name, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1")
    ignored = [f"--ignore=tests/{test_file}" for test_file in TOOLING_TESTS]
    return subprocess.run([str(python), "-m", "pytest", "-m", "not browser", "-p", "no:cacheprovider", *ignored,
                           *pytest_args], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    # environment names first; everything from the first option on goes to pytest (e.g. -k "claims")
    first_option = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    names, pytest_args = argv[:first_option] or list(ENVIRONMENTS), argv[first_option:]
    unknown = sorted(set(names) - set(ENVIRONMENTS))
    if unknown:
        print(f"unknown environment {', '.join(unknown)}; choose from {', '.join(ENVIRONMENTS)}", file=sys.stderr)
        return 2
    results = {}
    for name in names:
        start = time.perf_counter()
        python = build(name)
        course.say(f"{name} environment: {versions(python)}")
        code = test(name, python, pytest_args)
        results[name] = (code, time.perf_counter() - start)
    for name, (code, seconds) in results.items():
        course.say(f"{name}: {'passed' if code == 0 else f'FAILED (pytest exit {code})'} in {seconds:.0f} s")
    return max(code for code, _ in results.values())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
