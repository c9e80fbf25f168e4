"""Seeding, thread counts, and a health check of the learner's environment."""

from __future__ import annotations

import importlib
import itertools
import os
import platform
import random
import sys

__all__ = ["doctor", "set_seed", "set_threads", "where_am_i"]

# Variables read by the OpenMP, BLAS, numexpr and numba runtimes when they load. numba
# matters too: after one UMAP fit with numba's two default threads, scikit-learn's t-SNE in
# the same kernel was measured 10x slower on two shared cores.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS", "NUMBA_NUM_THREADS")

# On two shared cores, two math threads were never faster than one and were
# sometimes 3-15x slower (measured for the course; see docs/COURSE_MAP.md). Small
# machines therefore get one thread unless the learner chose otherwise.
SMALL_MACHINE_CORES = 2


def default_threads() -> int | None:
    """The thread count the course uses by default, or None to leave libraries alone.

    A count the learner (or their platform) already chose in one of the thread
    variables is kept, and also used for the runtimes they did not name: setting
    ``OMP_NUM_THREADS=1`` alone once left numba with its own default of one
    thread per core. Otherwise small machines get one thread.
    """
    for var in _THREAD_VARIABLES:
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return 1 if (os.cpu_count() or 1) <= SMALL_MACHINE_CORES else None


def apply_thread_default() -> None:
    """Give every math runtime the default thread count (called once by ``import latentedu``).

    Only environment variables the learner left unset are filled in, so a
    choice they made is never overridden; nothing is imported. Call
    :func:`set_threads` to choose yourself.
    """
    threads = default_threads()
    if threads is None:
        return
    unset = [var for var in _THREAD_VARIABLES if var not in os.environ]
    for var in unset:
        os.environ[var] = str(threads)
    chosen = len(unset) < len(_THREAD_VARIABLES)
    if not chosen and ("torch" in sys.modules or "numpy" in sys.modules):
        set_threads(threads)  # already loaded, so too late for the variables alone


def set_threads(n: int) -> None:
    """Use ``n`` threads in torch, BLAS and OpenMP from now on.

    >>> set_threads(2)   # e.g. on a laptop with 4+ cores, for a bigger model
    """
    from ._validation import check_int

    n = check_int(n, "n", low=1, high=max(1, os.cpu_count() or 1) * 4)
    for var in _THREAD_VARIABLES:
        if var == "NUMBA_NUM_THREADS" and "numba" in sys.modules:
            continue  # numba refuses a new pool size once loaded; set_num_threads below instead
        os.environ[var] = str(n)
    if "numba" in sys.modules:
        numba = sys.modules["numba"]
        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
    if "numpy" in sys.modules:
        from threadpoolctl import threadpool_limits

        threadpool_limits(n)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(n)


def set_seed(seed: int = 0) -> None:
    """Seed Python's ``random``, numpy's global generator and torch, for a reproducible notebook.

    The library itself never seeds globally: its random functions take a
    ``random_state``. A notebook calls this once, in its first cell.
    """
    from ._validation import check_int

    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)


def where_am_i() -> str:
    """Name the front end this code runs in: 'colab', 'binder', 'jupyter' or 'console'."""
    if "google.colab" in sys.modules:
        return "colab"
    if "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ:
        return "binder"
    try:
        from IPython import get_ipython
    except ImportError:
        return "console"
    shell = get_ipython()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        return "jupyter"
    return "console"


def _version(distribution: str) -> str | None:
    """The installed version of a distribution (as pip names it), or None when it is missing."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _release(version: str) -> tuple[int, ...]:
    """``"2.13.0+cpu"`` -> ``(2, 13, 0)``; enough to compare a version with a floor."""
    numbers = []
    for part in version.split("+")[0].split("."):
        digits = "".join(itertools.takewhile(str.isdigit, part))
        if not digits:
            break
        numbers.append(int(digits))
    return tuple(numbers)


# The floors the package declares (pyproject.toml), kept here too for a copy run from source
# without being installed; tests/test_environments.py keeps the two the same.
FLOORS = {"torch": "2.2", "numpy": "1.26", "scipy": "1.11.1", "matplotlib": "3.9", "scikit-learn": "1.6",
          "ipywidgets": "7.7", "tqdm": "4.64", "threadpoolctl": "3.1", "umap-learn": "0.5.8"}

_FIXES = {
    "torch": "pip install --upgrade torch  (on a machine without a GPU, add "
             "--index-url https://download.pytorch.org/whl/cpu)",
    "ipywidgets": "pip install 'ipywidgets>=7.7,<9'",
}

# Pieces some chapters or tools need beyond the core: (distribution, what needs it, how to get it).
_OPTIONAL = [
    ("nbclient", "`latentedu grade` (grading a class's notebooks)", "pip install 'latentedu[grade]'"),
    ("nbformat", "`latentedu grade` (grading a class's notebooks)", "pip install 'latentedu[grade]'"),
]

# The topic module each chapter imports first; doctor() imports them to prove the chapter can start.
_CHAPTER_MODULES = {"00": "dimensions", "01": "neurons", "02": "descent", "03": "autoencoders",
                    "04": "latent", "05": "anomaly", "06": "gan", "07": "vae"}


def _floor_warnings(out) -> list[str]:
    warnings = []
    for name, floor in FLOORS.items():
        version = _version(name)
        print(f"  {name:<13} {version or 'missing'}", file=out)
        fix = _FIXES.get(name, f"pip install --upgrade '{name}>={floor}'")
        if version is None:
            warnings.append(f"{name} is not installed (the course needs {name} >= {floor}): {fix}")
        elif _release(version) < _release(floor):
            warnings.append(f"{name} {version} is older than {floor}, the oldest the course is tested with: {fix}")
    for name, needed_by, fix in _OPTIONAL:
        if _version(name) is None:
            warnings.append(f"{name} is missing, which {needed_by} needs: {fix}")
    return warnings


def _chapter_warnings(out) -> list[str]:
    """Import each chapter's topic module; a chapter that cannot start is named with the reason."""
    warnings = []
    for chapter, module in _CHAPTER_MODULES.items():
        try:
            importlib.import_module(f"latentedu.{module}")
        except Exception as exc:  # any failure to import is what the learner would meet
            warnings.append(f"chapter {chapter} cannot start: importing latentedu.{module} fails with "
                            f"{type(exc).__name__}: {exc}. Check the versions above against the floors.")
    if not warnings:
        print(f"  chapters: all {len(_CHAPTER_MODULES)} import", file=out)
    return warnings


def doctor(file=None, *, check_chapters: bool = True) -> list[str]:
    """Print what matters about this environment and a fix for every problem found.

    It checks each library against the oldest version the course is tested
    with, the optional pieces (grading), the widget front end, and, unless
    ``check_chapters=False``, that every chapter's topic module imports (a few
    seconds). It only warns. Returns the list of warnings.
    """
    out = file or sys.stdout
    from . import __version__

    place = where_am_i()
    print(f"latentedu {__version__} on Python {platform.python_version()} ({platform.system()}), "
          f"running in: {place}", file=out)
    warnings: list[str] = []
    if sys.version_info < (3, 10):
        warnings.append("Python 3.10 or newer is needed; install a newer Python.")
    warnings += _floor_warnings(out)
    try:
        import torch

        threads = torch.get_num_threads()
        device = "GPU: " + torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU only"
        print(f"  torch uses {threads} thread(s) on {os.cpu_count()} core(s); {device} "
              "(every notebook runs on a CPU)", file=out)
    except ImportError:
        pass
    warnings += _widget_warnings(place, out)
    if check_chapters:
        warnings += _chapter_warnings(out)
    for message in warnings:
        print(f"WARNING: {message}", file=out)
    if not warnings:
        print("Everything the course needs is in place.", file=out)
    return warnings


def _widget_warnings(place: str, out) -> list[str]:
    version = _version("ipywidgets")
    if version is None:
        return []
    if place == "colab":
        print("  widgets: Colab renders ipywidgets itself", file=out)
        return []
    if place == "console":
        print("  widgets: not shown in a plain console; every demo also draws a static picture",
              file=out)
        return []
    # JupyterLab (and Notebook 7, built on it) draws widgets with jupyterlab_widgets, whichever
    # ipywidgets is installed; widgetsnbextension serves only the classic Notebook 6.
    frontend = _version("jupyterlab_widgets")
    if frontend is None:
        print("  widgets: jupyterlab_widgets, JupyterLab's widget front end, is missing", file=out)
        wanted = "jupyterlab_widgets" if _release(version) >= (8,) else "'jupyterlab_widgets<2'"
        return [f"sliders will not render in JupyterLab: pip install {wanted}, then restart JupyterLab."]
    print(f"  widgets: ipywidgets {version} with JupyterLab front end jupyterlab_widgets {frontend}; "
          "they render in JupyterLab >= 3, Notebook 7 and VS Code", file=out)
    return []
