"""Running a learner's code safely.

:func:`call_learner` calls the learner's function on copies of its
arguments, under a time limit (``_time_limit``; ``_TimeUp`` is not an
``Exception``, so a learner's ``except Exception`` cannot swallow it), and
turns whatever goes wrong (an error, an endless loop, a returned None, an
input changed in place, the ``____`` blank returned) into :class:`.Incorrect`
with a message the learner can act on. :func:`global_rng_untouched` fails code
that reseeds or draws from the global random generators, and puts the
learner's own random state back.
"""

from __future__ import annotations

import contextlib
import copy
import random
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from typing import Any

import numpy as np

from .blanks import Placeholder
from .comparing import kind_of
from .outcomes import Incorrect, _NotAttempted

__all__ = ["call_learner", "global_rng_untouched"]


class _TimeUp(BaseException):
    """Not an Exception, so a learner's ``except Exception`` cannot swallow it."""


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds`` where the OS allows it (main thread, POSIX).

    Elsewhere (Windows, a worker thread) the block runs to the end and the
    caller compares the elapsed time afterwards.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _raise(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _learner_line(exc: BaseException) -> str:
    """' (line N of your code)' for the innermost frame outside this package."""
    package_dir = __file__.rsplit("exercises", 1)[0]
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not f.filename.startswith(package_dir)]
    learner = [f for f in frames if "site-packages" not in f.filename and "/lib/python" not in f.filename]
    if not learner:
        return ""
    frame = learner[-1]
    where = "your cell" if frame.filename.startswith("<") or "ipykernel" in frame.filename else frame.filename
    return f" (line {frame.lineno} of {where}: `{frame.line}`)" if frame.line else ""


def _snapshot(value):
    if hasattr(value, "detach"):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    return None


def _changed(before, after) -> bool:
    if before is None:
        return False
    if hasattr(before, "detach"):
        import torch

        return before.shape != after.shape or not torch.equal(
            torch.nan_to_num(before), torch.nan_to_num(after.detach()))
    return before.shape != after.shape or not np.array_equal(before, after, equal_nan=True)


def call_learner(fn, *args, time_limit: float = 5.0, allow_none: bool = False, copy_args: bool = True,
                 rng_untouched: bool = False, **kwargs):
    """Call the learner's ``fn`` safely and return what it returns.

    Arguments are copied first (the case data stays intact; ``copy_args=False``
    passes them as they are, e.g. tensors made to require grad), the call is
    given ``time_limit`` seconds, and every failure becomes :class:`Incorrect`
    with a message the learner can act on. A function that returns ``None``
    (a forgotten ``return``) is reported as such unless ``allow_none``. With
    ``rng_untouched=True`` the call must leave the global random state alone
    (see :func:`global_rng_untouched`).
    """
    if not callable(fn):
        raise Incorrect(f"Expected a function here, but got {kind_of(fn)}. Pass the function itself, "
                        "without calling it: `q.check(my_function)`, not `q.check(my_function())`.")
    if copy_args:
        args = copy.deepcopy(args)
        kwargs = copy.deepcopy(kwargs)
    named = [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())
    before = [(name, value, _snapshot(value)) for name, value in named]
    guard = global_rng_untouched() if rng_untouched else contextlib.nullcontext()
    start = time.perf_counter()
    try:
        with guard, _time_limit(time_limit):
            result = fn(*args, **kwargs)
    except _TimeUp:
        raise Incorrect(f"Your function was still running after {time_limit:g} s, so it was stopped. "
                        "Look for a loop that never ends, or loop over fewer items.") from None
    except RecursionError:
        raise Incorrect("Your function called itself without end (RecursionError).") from None
    except Incorrect:  # raised by the guard above
        raise
    except Exception as exc:  # the learner's own error, reported in their terms
        raise Incorrect(f"Your function raised `{type(exc).__name__}: {exc}`{_learner_line(exc)}. "
                        "Run it on a small input in a cell of its own to see what goes wrong.") from None
    elapsed = time.perf_counter() - start
    if elapsed > time_limit:
        raise Incorrect(f"Your function took {elapsed:.1f} s, more than the {time_limit:g} s allowed. "
                        "Look for work that could be done once, or vectorised, instead of in a loop.")
    for name, value, snapshot in before:
        if _changed(snapshot, value):
            raise Incorrect(f"Your function changed its input ({name}) in place. Leave inputs as they are: "
                            "work on a copy (`x = x.clone()` or `x = x.copy()`) or build a new result.")
    if isinstance(result, Placeholder):
        raise _NotAttempted
    if result is None and not allow_none:
        raise Incorrect(_RETURNED_NONE)
    return result


_RETURNED_NONE = ("Your function returned None: it has no `return` statement, or one that returns "
                  "nothing. End it with `return <your result>`.")


# --------------------------------------------------------------------------- the global random state

_PROBE_SEED = 918_273_645


def _rng_states() -> dict[str, Any]:
    states = {"Python's `random`": random.getstate(), "numpy's global generator": np.random.get_state()}
    if "torch" in sys.modules:
        states["torch's global generator"] = sys.modules["torch"].get_rng_state()
    return states


def _rng_restore(states: dict[str, Any]) -> None:
    random.setstate(states["Python's `random`"])
    np.random.set_state(states["numpy's global generator"])
    if "torch's global generator" in states:
        sys.modules["torch"].set_rng_state(states["torch's global generator"])


def _same_state(a, b) -> bool:
    if hasattr(a, "equal"):  # a torch ByteTensor
        return bool(a.equal(b))
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same_state(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


@contextmanager
def global_rng_untouched(who: str = "Your function"):
    """Raise :class:`Incorrect` if the block reseeds or draws from a global random generator.

    For questions that ask for a ``torch.Generator`` (or ``np.random.default_rng``):
    code that calls ``torch.manual_seed`` / ``np.random.seed`` or draws with
    ``torch.randn(...)`` without ``generator=`` changes the rest of the
    notebook's randomness. The block runs from a fixed, unusual global state
    (so reseeding with any seed shows), and the learner's own global state is
    put back afterwards, whatever happens.
    """
    saved = _rng_states()
    random.seed(_PROBE_SEED)
    np.random.seed(_PROBE_SEED)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(_PROBE_SEED)
    probe = _rng_states()
    try:
        yield
        changed = [name for name, state in _rng_states().items()
                   if name in probe and not _same_state(state, probe[name])]
    finally:
        _rng_restore(saved)
    if changed:
        raise Incorrect(
            f"{who} changed {' and '.join(changed)}: it reseeded it (`torch.manual_seed`, `np.random.seed`) "
            "or drew from it (`torch.randn(...)` without `generator=`). That changes the randomness of "
            "everything else in the notebook. Use a generator of your own: `g = torch.Generator()"
            ".manual_seed(seed)`, then `torch.randn(..., generator=g)` (numpy: `np.random.default_rng(seed)`).")
