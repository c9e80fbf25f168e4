#!/usr/bin/env python3
"""Set up the course and open it, or set it up and run every test.

    python3 course.py lab     # make .venv, install everything, open JupyterLab at chapter 00
    python3 course.py test    # make .venv, install everything, run the whole test suite

Works with Python >= 3.10 on Linux, macOS and Windows, without a GPU. Inside
an activated virtual environment (or conda env) it installs there instead of
making .venv. A torch that is already installed is reused; otherwise a CPU
build is installed, never the multi-GB CUDA build that a bare `pip install
torch` brings on Linux. Set LATENTEDU_TORCH (e.g. "torch==2.4.1") to choose
the torch requirement yourself.
"""

from __future__ import annotations

import glob
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
FIRST_NOTEBOOK = "notebooks/00_latent_space.ipynb"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*cmd, check: bool = True, **kwargs) -> int:
    say(" ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=check, **kwargs).returncode


def environment_python() -> Path:
    """The interpreter to install into: the active environment, else ./.venv (made if missing)."""
    if sys.prefix != sys.base_prefix or os.environ.get("CONDA_PREFIX"):
        return Path(sys.executable)
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {platform.python_version()}.")
    python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        run(sys.executable, "-m", "venv", VENV)
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    return python


def has_torch(python: Path) -> bool:
    probe = "import torch; print(torch.__version__)"
    found = subprocess.run([str(python), "-c", probe], capture_output=True, text=True)
    if found.returncode == 0:
        say(f"reusing the installed torch {found.stdout.strip()}")
    return found.returncode == 0


def reachable(url: str, timeout: float = 10.0) -> bool:
    """Whether ``url`` answers at all (pip would otherwise retry an unreachable index for minutes)."""
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=timeout).close()
    except OSError as exc:
        say(f"{url} cannot be reached ({getattr(exc, 'reason', exc)}); looking for a local CPU wheel")
        return False
    return True


def local_cpu_wheel(python: Path) -> str | None:
    """A CPU torch wheel in pip's find-links folders (an offline wheelhouse), if any."""
    config = subprocess.run([str(python), "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
    folders = os.environ.get("PIP_FIND_LINKS", "").split()
    folders += [line.split("=", 1)[1].strip("'\" ") for line in config.splitlines() if "find-links" in line]
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    for folder in folders:
        wheels = sorted(glob.glob(os.path.join(folder, f"torch-*+cpu-{tag}-*.whl")))
        if wheels:
            return wheels[-1]
    return None


def install_torch(python: Path) -> None:
    if has_torch(python):
        return
    pip = [python, "-m", "pip", "install", "--quiet"]
    chosen = os.environ.get("LATENTEDU_TORCH")
    if chosen:
        run(*pip, chosen)
        return
    if platform.system() == "Darwin":
        run(*pip, "torch")  # macOS wheels on PyPI are CPU builds already
        return
    say("installing a CPU build of torch (about 200 MB, not the multi-GB CUDA build)")
    if reachable(CPU_INDEX) and run(*pip, "torch", "--index-url", CPU_INDEX, check=False) == 0:
        return
    wheel = local_cpu_wheel(python)
    if wheel and run(*pip, wheel, check=False) == 0:
        return
    sys.exit("Could not install a CPU build of torch. Install one yourself, e.g.\n"
             f"  {python} -m pip install torch --index-url {CPU_INDEX}\n"
             "or set LATENTEDU_TORCH to a requirement pip can reach, then run this again.")


def install(extras: str) -> Path:
    python = environment_python()
    install_torch(python)
    run(python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]")
    return python


def jupyter_env(python: Path) -> dict:
    """Environment in which the kernel named python3 is this environment's Python,
    even where an older user-level kernel of that name exists."""
    prefix = subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"],
                            capture_output=True, text=True, check=True).stdout.strip()
    data = os.path.join(prefix, "share", "jupyter")
    return dict(os.environ, JUPYTER_PATH=os.pathsep.join(filter(None, [data, os.environ.get("JUPYTER_PATH")])))


def lab() -> int:
    python = install("lab")
    say(f"opening JupyterLab at {FIRST_NOTEBOOK} (Ctrl+C here stops it)")
    args = [python, "-m", "jupyter", "lab", FIRST_NOTEBOOK]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    try:
        return run(*args, check=False, cwd=ROOT, env=jupyter_env(python))
    except KeyboardInterrupt:
        return 0


def test(pytest_args: list[str]) -> int:
    python = install("test,lab")
    env = dict(jupyter_env(python), OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    if shutil.which("chromium") is None and not os.path.exists("/usr/bin/chromium"):
        say("no Chromium found: the browser tests will be skipped (apt-get install chromium enables them)")
    return run(python, "-m", "pytest", *pytest_args, check=False, cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lab", "test"):
        print(__doc__)
        return 2
    if argv[0] == "lab":
        return lab()
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
