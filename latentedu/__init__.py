"""latentedu: a hands-on course about latent space.

The notebooks import this small library for the machinery (data, models,
plots, widget demos, exercise checks) and keep the ideas themselves visible.
Start a notebook with::

    import latentedu as le
    le.set_seed(0)
"""

from ._runtime import apply_thread_default, doctor, set_seed, set_threads, where_am_i

__version__ = "0.1.0"
__all__ = ["__version__", "doctor", "set_seed", "set_threads", "where_am_i"]

# The one deliberate effect of importing the package: on a machine with two
# cores or fewer, math libraries default to one thread (see _runtime).
apply_thread_default()
