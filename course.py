#!/usr/bin/env python3
"""Set up the course and open it, or set it up and run every test.

    python3 course.py lab     # make .venv, install everything, open JupyterLab at chapter 00
    python3 course.py test    # make .venv, install everything, run the whole test suite

Works with Python >= 3.10 on Linux, macOS and Windows, without a GPU. Inside
an activated virtual environment (or conda env) it installs there instead of
making .venv. A torch that is already installed is reused; otherwise a CPU
build is installed, never the multi-GB CUDA build that a bare `pip install
torch` brings on Linux. Set LATENTEDU_TORCH to choose the torch install
yourself: it holds pip arguments, e.g.
    LATENTEDU_TORCH="torch==2.4.1 --index-url https://download.pytorch.org/whl/cpu"
(on Linux, a plain "torch" from PyPI is the CUDA build, a download of several GB).

`lab` serves the whole repository (notebooks/, exercises/, solutions/) with
chapter 00 open, and prints the address to open it by hand on a machine
without a browser. Ctrl+C stops it.
"""

from __future__ import annotations

import glob
import os
import platform
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
FIRST_NOTEBOOK = "notebooks/00_latent_space.ipynb"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


class SetupFailed(Exception):
    """Set-up cannot go on; the message says what was tried and what to do."""


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
    folders = find_links_folders(python)
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    for folder in folders:
        wheels = sorted(glob.glob(os.path.join(folder, f"torch-*+cpu-{tag}-*.whl")))
        if wheels:
            return wheels[-1]
    return None


def describe_platform() -> str:
    return (f"Python {platform.python_version()} (cp{sys.version_info.major}{sys.version_info.minor}) "
            f"on {platform.system()} {platform.machine()}")


def find_links_folders(python: Path) -> list[str]:
    config = subprocess.run([str(python), "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
    folders = os.environ.get("PIP_FIND_LINKS", "").split()
    return folders + [line.split("=", 1)[1].strip("'\" ") for line in config.splitlines() if "find-links" in line]


def torch_from_env(python: Path, chosen: str) -> None:
    """Install torch with the pip arguments in LATENTEDU_TORCH (shlex-split: quotes work)."""
    try:
        words = shlex.split(chosen)
    except ValueError as exc:
        raise SetupFailed(f"LATENTEDU_TORCH={chosen!r} cannot be read as pip arguments ({exc}).") from None
    if not words:
        raise SetupFailed("LATENTEDU_TORCH is set but empty: unset it, or give pip arguments such as "
                          f"'torch --index-url {CPU_INDEX}'.")
    cuda_risk = (platform.system() == "Linux" and "--index-url" not in words and "-i" not in words
                 and not any(w.endswith(".whl") or "+cpu" in w for w in words))
    if cuda_risk:
        say("note: on Linux, torch from PyPI is the CUDA build, a download of several GB; "
            f"add '--index-url {CPU_INDEX}' to LATENTEDU_TORCH for the CPU build (about 200 MB)")
    code = run(python, "-m", "pip", "install", *words, check=False)
    if code != 0:
        raise SetupFailed(f"pip could not install LATENTEDU_TORCH={chosen!r} (pip exited with {code}; its "
                          "message is above). Fix or unset LATENTEDU_TORCH, then run this again.")


def install_torch(python: Path) -> None:
    """Reuse an installed torch, or install a CPU build: from the CPU index, else from a local wheel.

    pip runs without --quiet here, so its progress bar shows the download.
    """
    if has_torch(python):
        return
    pip = [python, "-m", "pip", "install"]
    chosen = os.environ.get("LATENTEDU_TORCH")
    if chosen is not None:
        torch_from_env(python, chosen)
        return
    if platform.system() == "Darwin":
        code = run(*pip, "torch", check=False)  # macOS wheels on PyPI are CPU builds already
        if code != 0:
            raise SetupFailed(f"pip could not install torch for {describe_platform()} (pip exited with {code}; "
                              "its message is above). See https://pytorch.org/get-started/locally/ for the "
                              "Python versions torch supports, or set LATENTEDU_TORCH to pip arguments that work.")
        return
    say("installing a CPU build of torch (about 200 MB, not the multi-GB CUDA build)")
    tried = []
    if not reachable(CPU_INDEX):
        tried.append(f"the CPU index {CPU_INDEX}: it cannot be reached from here (no network, or a proxy)")
    else:
        code = run(*pip, "torch", "--index-url", CPU_INDEX, check=False)
        if code == 0:
            return
        tried.append(f"the CPU index {CPU_INDEX}: pip exited with {code} (its message is above; usually it "
                     f"means the index has no CPU build of torch for {describe_platform()})")
    wheel = local_cpu_wheel(python)
    folders = [] if wheel else find_links_folders(python)
    if wheel:
        code = run(*pip, wheel, check=False)
        if code == 0:
            return
        tried.append(f"the local wheel {wheel}: pip exited with {code} (its message is above)")
    elif folders:
        tried.append(f"a local wheel torch-*+cpu-cp{sys.version_info.major}{sys.version_info.minor}-*.whl in "
                     f"{', '.join(folders)}: there is none")
    else:
        tried.append("a local CPU wheel: no wheel folder is set (PIP_FIND_LINKS or pip's find-links)")
    raise SetupFailed(
        f"Could not install a CPU build of torch for {describe_platform()}.\nTried:\n"
        + "".join(f"  - {t}\n" for t in tried)
        + "What you can do:\n"
        "  - run this with a Python version that has CPU builds of torch "
        "(see https://pytorch.org/get-started/locally/);\n"
        f"  - download a CPU wheel matching {describe_platform()} from {CPU_INDEX}/torch/ on a machine with "
        "network, put it in a folder, and set PIP_FIND_LINKS to that folder;\n"
        "  - or set LATENTEDU_TORCH to pip arguments that reach a CPU build, e.g. a mirror:\n"
        "      LATENTEDU_TORCH='torch --index-url https://YOUR-MIRROR/whl/cpu' python3 course.py lab\n"
        "    (LATENTEDU_TORCH=torch alone works too, but on Linux it installs the CUDA build, "
        "a download of several GB)."
    )


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


def free_port(start: int = 8888, tries: int = 50) -> int:
    """The first port from ``start`` that nothing listens on (so the printed address is right)."""
    for port in range(start, start + tries):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lab_command(python: Path, port: int) -> list:
    """JupyterLab serving the repository root, opening chapter 00 inside it."""
    args = [python, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return args


def lab_url(port: int, token: str) -> str:
    return f"http://localhost:{port}/lab/tree/{FIRST_NOTEBOOK}?token={token}"


def lab() -> int:
    python = install("lab")
    port, token = free_port(), secrets.token_hex(24)
    say(f"serving {ROOT} with {FIRST_NOTEBOOK} open; if no browser opens, open this address "
        f"(Ctrl+C here stops the lab):\n\n    {lab_url(port, token)}\n")
    env = dict(jupyter_env(python), JUPYTER_TOKEN=token)  # in the environment, not on the command line
    try:
        return run(*lab_command(python, port), check=False, cwd=ROOT, env=env)
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


def cli(argv: list[str]) -> int:
    """main(), with set-up failures and Ctrl+C reported in a line or a paragraph, not a traceback."""
    try:
        return main(argv)
    except KeyboardInterrupt:
        print("\n[course] interrupted; run the same command again to carry on where it stopped.",
              file=sys.stderr)
        return 130
    except SetupFailed as exc:
        print(f"[course] {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        command = " ".join(str(c) for c in exc.cmd)
        print(f"[course] this step failed (exit status {exc.returncode}; its message is above): {command}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
