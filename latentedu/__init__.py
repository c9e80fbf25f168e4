"""latentedu: a hands-on course about latent space.

The notebooks import this small library for the machinery (data, models,
plots, widget demos, exercise checks) and keep the ideas themselves visible.
Start a notebook with::

    import latentedu as le
    le.set_seed(0)
"""

from importlib import import_module as _import_module

from ._runtime import apply_thread_default, doctor, set_seed, set_threads, where_am_i

__version__ = "0.1.0"
__all__ = ["__version__", "doctor", "progress", "set_seed", "set_threads", "where_am_i"]

# Topic modules load on first use (``le.data``, ``le.plotting``...), so that
# ``import latentedu`` stays light and ``le.doctor()`` works even when torch is broken.
_SUBMODULES = ("anomaly", "autoencoders", "data", "descent", "dimensions", "downloads", "exercises", "gan",
               "latent", "metrics", "nets", "neurons", "plotting", "training", "vae", "widgets")


def progress(*args, **kwargs):
    """Every chapter's exercises and where you stand on each (see :mod:`latentedu.exercises.progress`)."""
    return _import_module(".exercises.progress", __name__).progress(*args, **kwargs)


def __getattr__(name: str):
    if name in _SUBMODULES:
        return _import_module(f".{name}", __name__)
    raise AttributeError(f"module 'latentedu' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Tab completion lists the lazy topic modules as well as what is already loaded."""
    return sorted(set(globals()) | set(_SUBMODULES))


# The one deliberate effect of importing the package: on a machine with two
# cores or fewer, math libraries default to one thread (see _runtime).
apply_thread_default()
