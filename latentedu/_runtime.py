"""Seeding, thread counts, and a health check of the learner's environment."""

from __future__ import annotations

import importlib
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
# sometimes 3-15x slower (measured for the course; see COURSE_MAP). Small
# machines therefore get one thread unless the learner chose otherwise.
SMALL_MACHINE_CORES = 2


def default_threads() -> int | None:
    """The thread count the course uses by default, or None to leave libraries alone."""
    if any(var in os.environ for var in _THREAD_VARIABLES):
        return None  # the learner (or their platform) already chose
    return 1 if (os.cpu_count() or 1) <= SMALL_MACHINE_CORES else None


def apply_thread_default() -> None:
    """Pin math libraries to one thread on small machines (called once by ``import latentedu``).

    Only environment defaults are set here, so libraries that load later pick
    them up; nothing is imported. Call :func:`set_threads` to choose yourself.
    """
    threads = default_threads()
    if threads is None:
        return
    for var in _THREAD_VARIABLES:
        os.environ.setdefault(var, str(threads))
    if "torch" in sys.modules or "numpy" in sys.modules:
        set_threads(threads)


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


def _version(module_name: str) -> str | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, "__version__", "unknown")


def _major_minor(version: str) -> tuple[int, int]:
    parts = version.split("+")[0].split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return (0, 0)


# (module, minimum version, how to fix)
_REQUIREMENTS = [
    ("torch", (2, 2), "pip install --upgrade torch  (on a machine without a GPU, add "
                      "--index-url https://download.pytorch.org/whl/cpu)"),
    ("numpy", (1, 26), "pip install --upgrade numpy"),
    ("matplotlib", (3, 8), "pip install --upgrade matplotlib"),
    ("sklearn", (1, 3), "pip install --upgrade scikit-learn"),
    ("ipywidgets", (7, 7), "pip install 'ipywidgets>=7.7,<9'"),
    ("tqdm", (4, 64), "pip install --upgrade tqdm"),
]


def doctor(file=None) -> list[str]:
    """Print what matters about this environment and a fix for every problem found.

    It only warns: every notebook still runs. Returns the list of warnings.
    """
    out = file or sys.stdout
    from . import __version__

    warnings: list[str] = []
    place = where_am_i()
    print(f"latentedu {__version__} on Python {platform.python_version()} ({platform.system()}), "
          f"running in: {place}", file=out)
    if sys.version_info < (3, 10):
        warnings.append("Python 3.10 or newer is needed; install a newer Python.")
    for module, minimum, fix in _REQUIREMENTS:
        version = _version(module)
        shown = "missing" if version is None else version
        print(f"  {module:<11} {shown}", file=out)
        if version is None:
            warnings.append(f"{module} is not installed: {fix}")
        elif _major_minor(version) < minimum:
            warnings.append(f"{module} {version} is older than {minimum[0]}.{minimum[1]}: {fix}")
    try:
        import torch

        threads = torch.get_num_threads()
        device = "GPU: " + torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU only"
        print(f"  torch uses {threads} thread(s) on {os.cpu_count()} core(s); {device} "
              "(every notebook runs on a CPU)", file=out)
    except ImportError:
        pass
    warnings += _widget_warnings(place, out)
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
    frontend = _version("jupyterlab_widgets") if _major_minor(version)[0] >= 8 else _version("widgetsnbextension")
    if frontend is None:
        print("  widgets: the front-end extension is missing", file=out)
        return ["sliders will not render: pip install jupyterlab_widgets, then restart JupyterLab."]
    print(f"  widgets: ipywidgets {version} with front end {frontend}; they render in "
          "JupyterLab >= 3, Notebook 7 and VS Code", file=out)
    return []
