"""The exercise engine: declared questions, robust checks, and results that render.

A chapter declares its questions once, in a module of its own (see
``latent_space.py``). In the exercise notebook the learner writes an answer
and calls ``q1.check(answer)``; ``q1.hint()`` reveals the next hint and
``q1.solution()`` shows the reference solution. Nothing is read from the
learner's globals: the answer is always passed explicitly.

A check has three outcomes: *not attempted* (the ``____`` placeholder is still
there), *incorrect* (with a specific message that never gives the expected
value away) and *correct*. Whatever the learner hands over (a function that
raises or returns None, the wrong type, shape or dtype, numpy where torch was
asked, NaN, an input changed in place, code that runs too long) becomes an
*incorrect* result with a message, never a traceback from inside this library.

Checks that test the contract (for question authors)
----------------------------------------------------
Use these instead of writing the test by hand; ``tests/questions_helper.py``
probes every question for the same defects.

``function_check(reference, cases, ...)``
    calls the learner's function on every :class:`Case` and compares with the
    reference. Options:

    - ``names=("dw", "db")``: the result is a tuple; messages name its parts
      ("The `db` your function returns on ... is about 30% too large").
    - ``differentiable=(1, 2, 3)`` (positions or keyword names): for a loss or
      anything that must support ``.backward()``. Those arguments are passed as
      tensors that require grad; a result computed under ``torch.no_grad()``,
      rebuilt with ``torch.tensor(x.item())`` or partly ``.detach()``-ed fails
      (its gradients are compared with the reference's). Do not list inputs the
      reference is not differentiable in (BCE's target ``x``).
    - ``rng_untouched=True``: for a question that asks for a ``torch.Generator``
      (or ``np.random.default_rng``): reseeding or drawing from the global
      torch / numpy / ``random`` generators fails, and the learner's global
      state is restored. ``global_rng_untouched()`` is the same as a context
      manager for a custom check.
    - ``time_limit``, ``rtol``, ``atol``, ``kind`` ("torch", "numpy", "any", "same").

    A reference that returns a list makes it a typed list check
    (:func:`expect_sequence`).

``value_check(expected, names=...)``
    compares a value (number, array, tuple, list).

``choice_check(correct, options, reasons=..., explain=...)``
    multiple choice and predict-then-verify questions. Accepts the same formats
    everywhere ("c", "C", "(c)", "c.", "c)", " c ", the option's own text; see
    :func:`parse_choice`). ``reasons[letter]`` says why a wrong letter is wrong;
    ``explain`` follows "Well done." for the right one (why the prediction
    holds). Any check may return such a string: ``Question.check`` appends it.

For custom checks (a function taking the answer and raising :class:`Incorrect`):
``call_learner(fn, *args, time_limit=5, allow_none=False, rng_untouched=False)``
runs learner code safely (a returned None is "Your function returned None"),
``expect_number`` (too large / too small and roughly by how much, never the
difference: :func:`how_far`), ``expect_array(..., indices=True, order="nearest
first")`` (positions: "the right indices in the wrong order", never "largest
difference 32"), ``expect_sequence(got, expected, what="dimensions",
order="increasing")`` (a set, a tensor, a numpy array, numpy ints, wrong order,
too many / too few each get their own message), ``expect_gradients`` and
:func:`kind_of` ("a numpy array of shape (3,)", "an int") for messages.

Hints come in at least :data:`MIN_HINTS` (3) steps: a nudge toward the idea,
then the method (useful on its own), then the answer (``tests/questions_helper.py``
enforces it, and the constructor refuses fewer).

A function (or a learner's class) that still has a ``____`` line, or reads a
global that still holds ``____`` (``lr = ____`` in the cell above), is checked
all the same: if it works, it is *correct*, with a note naming the line with
the blank; if not, it is *not attempted*, naming that line (and the variable).

Records
-------
Every change of a question's state (a check, a hint, a solution) makes a
:class:`Record` (the one record format that :func:`results`, ``latentedu
grade`` and ``progress()`` share) and calls the :func:`on_record` listeners.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import dis
import enum
import inspect
import json
import linecache
import math
import random
import re
import signal
import sys
import threading
import time
import traceback
import types
import warnings
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable, Sequence

import numpy as np

__all__ = [
    "Case",
    "Incorrect",
    "MIN_HINTS",
    "Outcome",
    "Placeholder",
    "Question",
    "Record",
    "Result",
    "____",
    "blank_lines",
    "call_learner",
    "choice_check",
    "expect_array",
    "expect_gradients",
    "expect_number",
    "expect_sequence",
    "function_check",
    "global_rng_untouched",
    "how_far",
    "kind_of",
    "on_record",
    "parse_choice",
    "results",
    "results_json",
    "value_check",
]


# --------------------------------------------------------------------------- placeholder

class Placeholder:
    """The ``____`` blank in an exercise. Any operation on it gives it back, so a
    starter cell runs top to bottom and the check reports *not attempted*."""

    __array_ufunc__ = None  # numpy hands every operator back to us

    def __array_function__(self, func, types, args, kwargs):  # np.mean(____) and friends
        return self

    def __repr__(self) -> str:
        return "____"

    def _same(self, *args, **kwargs):
        return self

    def __getattr__(self, name: str):
        if name.startswith("_"):  # leave Python's, IPython's and numpy's protocols alone
            raise AttributeError(name)
        return self

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return ____

    __call__ = __getitem__ = _same
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _same
    __matmul__ = __rmatmul__ = __mod__ = __rmod__ = __neg__ = __pos__ = __abs__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _same

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


____ = Placeholder()


def _holds_placeholder(answer, _depth: int = 0) -> bool:
    """True when the answer is, contains, or (a function) refers to ``____``."""
    if _depth > 4:
        return False
    if isinstance(answer, Placeholder):
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(_holds_placeholder(item, _depth + 1) for item in answer)
    if isinstance(answer, dict):
        return any(_holds_placeholder(v, _depth + 1) for v in answer.values())
    if isinstance(answer, np.ndarray) and answer.dtype == object:
        return any(_holds_placeholder(item, _depth + 1) for item in answer.ravel()[:1000])
    code = getattr(answer, "__code__", None)
    return code is not None and _code_names_placeholder(code)


def _code_names_placeholder(code: types.CodeType) -> bool:
    if "____" in code.co_names:
        return True
    return any(isinstance(const, types.CodeType) and _code_names_placeholder(const)
               for const in code.co_consts)


_LIBRARY_MODULES = ("builtins", "torch", "numpy", "sklearn", "scipy", "latentedu", "functools", "umap")


def _learner_codes(answer) -> list[tuple[types.CodeType, dict]]:
    """(code, globals) of a learner's function, or of the methods of a learner's class or object."""
    code = getattr(answer, "__code__", None)
    if isinstance(code, types.CodeType):
        return [(code, getattr(answer, "__globals__", {}))]
    cls = answer if isinstance(answer, type) else type(answer)
    if cls.__module__.split(".")[0] in _LIBRARY_MODULES:
        return []
    codes = []
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] in _LIBRARY_MODULES:
            continue
        for member in vars(klass).values():
            member = getattr(member, "__func__", member)  # staticmethod / classmethod
            if isinstance(getattr(member, "__code__", None), types.CodeType):
                codes.append((member.__code__, getattr(member, "__globals__", {})))
    return codes


def _all_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _all_names(const)
    return names


def _blank_names(code: types.CodeType, globals_: dict) -> set[str]:
    """``____`` itself and the globals the code reads that still hold it (``lr = ____`` in the cell above)."""
    return {name for name in _all_names(code)
            if name == "____" or isinstance(globals_.get(name), Placeholder)}


def _placeholder_lines(code: types.CodeType, blanks: set[str]) -> list[tuple[int, str]]:
    """(line, name) for every read of one of the ``blanks`` names in ``code`` and the code nested in it."""
    found, line = [], None
    for inst in dis.get_instructions(code):
        positions = getattr(inst, "positions", None)
        if positions is not None and positions.lineno is not None:
            line = positions.lineno
        elif isinstance(inst.starts_line, int) and not isinstance(inst.starts_line, bool):
            line = inst.starts_line
        if inst.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF") and inst.argval in blanks:
            found.append((line if line is not None else code.co_firstlineno, inst.argval))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found += _placeholder_lines(const, blanks)
    return found


def _blank_uses(answer) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, text, global names that hold the blank) for each line of learner code that uses ``____``."""
    found: dict[int, tuple[str, set]] = {}
    for code, globals_ in _learner_codes(answer):
        blanks = _blank_names(code, globals_)
        if not blanks:
            continue
        for line, name in _placeholder_lines(code, blanks):
            text = linecache.getline(code.co_filename, line).strip() if line else ""
            entry = found.setdefault(line, (text, set()))
            if name != "____":
                entry[1].add(name)
    return [(line, text, tuple(sorted(via))) for line, (text, via) in sorted(found.items())]


def blank_lines(answer) -> list[tuple[int, str]]:
    """``(line number, line text)`` for each line of a learner's function (or class) that
    still uses the ``____`` blank, directly or through a global that still holds it;
    empty for anything that is not code.

    Line numbers count from the top of the notebook cell (or of the file) the
    code was written in, as Python's own error messages do.
    """
    return [(line, text) for line, text, _ in _blank_uses(answer)]


def _describe_blanks(uses: list[tuple[int, str, tuple[str, ...]]]) -> str:
    """'Line 3 (`y = ____`) still has a blank `____`' or 'line 5 (`h = x * lr`) uses `lr`, which is
    still `____`' for the lines :func:`_blank_uses` found (three at most, then how many more)."""

    def where(n: int, text: str) -> str:
        return f"line {n} (`{text}`)" if text else f"line {n}"

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    shown = uses[:3]
    direct = [where(n, text) for n, text, via in shown if not via]
    clauses = [f"{listed(direct)} still {'has' if len(direct) == 1 else 'have'} a blank `____`"] if direct else []
    for n, text, via in shown:
        if via:
            names = listed([f"`{name}`" for name in via])
            clauses.append(f"{where(n, text)} uses {names}, which {'is' if len(via) == 1 else 'are'} still `____`")
    if len(uses) > 3:
        clauses.append(f"{len(uses) - 3} more line{'s' if len(uses) > 4 else ''} too")
    sentence = "; ".join(clauses)
    return sentence[0].upper() + sentence[1:]


# --------------------------------------------------------------------------- outcomes

class Outcome(enum.Enum):
    NOT_ATTEMPTED = "not attempted"
    INCORRECT = "incorrect"
    CORRECT = "correct"


class Incorrect(Exception):
    """Raised by a check to say the answer is wrong; its message is shown to the learner."""


class _NotAttempted(Exception):
    pass


_MARKS = {Outcome.CORRECT: "✅", Outcome.INCORRECT: "❌", Outcome.NOT_ATTEMPTED: "✏️"}


@dataclass
class Result:
    """What a check, a hint or a solution returns: renders as Markdown in a notebook
    and as plain text in a console. ``bool(result)`` is True only when correct."""

    label: str
    outcome: Outcome | None
    message: str = ""
    code: str = ""

    def __bool__(self) -> bool:
        return self.outcome is Outcome.CORRECT

    def _headline(self) -> str:
        if self.outcome is None:
            return self.label
        return f"{_MARKS[self.outcome]} {self.label}: {self.outcome.value}"

    def _repr_markdown_(self) -> str:
        parts = [f"**{self._headline()}**"]
        if self.message:
            parts.append(self.message)
        if self.code:
            parts.append(f"```python\n{self.code.rstrip()}\n```")
        return "\n\n".join(parts)

    def __str__(self) -> str:
        parts = [self._headline()]
        if self.message:
            parts.append(self.message)
        if self.code:
            parts.append(self.code.rstrip())
        return "\n".join(parts)

    def __repr__(self) -> str:  # what a console prints for a bare `q1.check(x)`
        return str(self)


# --------------------------------------------------------------------------- calling learner code

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


# --------------------------------------------------------------------------- describing values

def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def kind_of(value) -> str:
    """A few words for what a value is, for messages: 'a numpy array of shape (3,)', 'an int', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, Placeholder):
        return "the blank `____`"
    if isinstance(value, bool):
        return f"a bool ({value})"
    module = type(value).__module__.split(".")[0]
    if module == "torch" and hasattr(value, "shape"):
        if value.ndim == 0:
            return f"a 0-dimensional torch tensor ({value.dtype})"
        return f"a torch tensor of shape {tuple(value.shape)}"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a numpy {value.dtype} number"
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        word = {list: "list", tuple: "tuple", set: "set", frozenset: "set", dict: "dict"}[type(value)] \
            if type(value) in (list, tuple, set, frozenset, dict) else type(value).__name__
        count = len(value)
        return _article(f"{word} of {count} item{'s' if count != 1 else ''}")
    if isinstance(value, str):
        return f"a string ({value[:30]!r}{'...' if len(value) > 30 else ''})"
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return "a function"
    if isinstance(value, type):
        return f"a class ({value.__name__})"
    return _article({"int": "int", "float": "float", "complex": "complex number"}.get(
        type(value).__name__, f"value of type {type(value).__name__}"))


_kind = kind_of  # the older name, kept for the chapter modules that used it


def _is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def _share(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def how_far(got: float, expected: float) -> str:
    """'about 30% too large', 'about 3 times too small', 'too large, by less than 1%': how far
    ``got`` is from ``expected`` in relative terms, without stating the difference itself
    (which, with the learner's own value, would give the expected value away)."""
    if expected == 0 or not math.isfinite(got):
        return "too large" if got > expected else "too small"
    if got == 0:
        return "zero, which is too small" if expected > 0 else "zero, which is too large"
    if (got > 0) != (expected > 0):
        return "of the wrong sign"
    ratio = got / expected
    direction = "too large" if abs(got) > abs(expected) else "too small"
    if expected < 0:  # -20 against -2 is '10 times too large in magnitude', not '10 times too small'
        direction += " in magnitude"
    big = max(ratio, 1 / ratio)
    if big >= 2:
        if big >= 1000:
            return f"more than 1000 times {direction}"
        times = f"{big:.1f}".rstrip("0").rstrip(".") if big < 10 else f"{float(f'{big:.1g}'):g}"
        return f"about {times} times {direction}"
    rel = abs(ratio - 1)
    if rel < 0.01:
        return f"{direction}, by less than 1%"
    return f"{_percent(rel)} {direction}"


def _percent(rel: float) -> str:
    """'less than 1%', 'about 4%', 'about 30%': a relative size, rounded coarsely on purpose."""
    if rel < 0.01:
        return "less than 1%"
    return f"about {round(rel * 100) if rel < 0.1 else round(rel * 10) * 10}%"


def _none_message(name: str) -> str:
    if name.startswith("What your function returns"):
        where = name[len("What your function returns"):]
        return f"Your function returned None{where}: end it with `return <your result>`."
    return f"{name} is None. Did you assign the result, or does a function forget its `return`?"


# --------------------------------------------------------------------------- comparisons

def expect_number(got, expected: float, *, name: str = "Your answer", rtol: float = 1e-4,
                  atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless ``got`` is a number close to ``expected``.

    One-element tensors and arrays count as numbers. The tolerance is
    ``atol + rtol * |expected|``; the message says too large / too small and
    roughly by how much (:func:`how_far`), never ``expected`` or the difference.
    """
    if isinstance(got, Placeholder):
        raise _NotAttempted
    if got is None:
        raise Incorrect(_none_message(name))
    if hasattr(got, "shape") and getattr(got, "ndim", 0) > 0 and np.prod(got.shape) == 1:
        got = got.reshape(())
    if hasattr(got, "item") and getattr(got, "ndim", 1) == 0:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise Incorrect(f"{name} should be a single number, but it is {kind_of(got)}.")
    got = float(got)
    if math.isnan(got) or math.isinf(got):
        raise Incorrect(f"{name} is {got}. Look for a division by zero or the log of zero.")
    if abs(got - expected) > atol + rtol * abs(expected):
        raise Incorrect(f"{name} ({got:.6g}) is {how_far(got, expected)}.")


def expect_array(got, expected, *, name: str = "Your answer", kind: str = "same",
                 rtol: float = 1e-4, atol: float = 1e-6, indices: bool = False, order: str = "") -> None:
    """Raise :class:`Incorrect` unless ``got`` matches the array or tensor ``expected``.

    ``kind`` is "torch", "numpy", "any", or "same" (the type of ``expected``).
    Checks, in order: None, the type, the shape, integer-versus-float dtype,
    NaN or infinity, then the values with tolerance ``atol + rtol * |expected|``.
    With ``indices=True`` the values are positions (of neighbours, of
    dimensions): the message says when they are the right ones in the wrong
    order (``order`` says which order, e.g. "nearest first") or how many do
    not belong, never a 'difference' between indices.
    """
    import torch

    if isinstance(got, Placeholder):
        raise _NotAttempted
    if got is None:
        raise Incorrect(_none_message(name))
    if kind == "same":
        kind = "torch" if isinstance(expected, torch.Tensor) else "numpy"
    if kind == "torch" and not isinstance(got, torch.Tensor):
        fix = " Convert it with `torch.as_tensor(x)`, or use torch operations throughout." \
            if isinstance(got, np.ndarray) else ""
        raise Incorrect(f"{name} should be a torch.Tensor, but it is {kind_of(got)}.{fix}")
    if kind == "numpy" and not isinstance(got, np.ndarray):
        fix = " Convert it with `x.detach().numpy()`, or use numpy operations throughout." \
            if isinstance(got, torch.Tensor) else ""
        raise Incorrect(f"{name} should be a numpy array, but it is {kind_of(got)}.{fix}")
    if kind == "any" and not isinstance(got, (torch.Tensor, np.ndarray)):
        raise Incorrect(f"{name} should be an array or a tensor, but it is {kind_of(got)}.")
    got_np = got.detach().cpu().numpy() if isinstance(got, torch.Tensor) else np.asarray(got)
    exp_np = expected.detach().cpu().numpy() if isinstance(expected, torch.Tensor) else np.asarray(expected)
    if got_np.shape != exp_np.shape:
        raise Incorrect(f"{name} has shape {tuple(got_np.shape)}, but it should have shape "
                        f"{tuple(exp_np.shape)}.")
    if got_np.dtype == object or not np.issubdtype(got_np.dtype, np.number) and got_np.dtype != bool:
        raise Incorrect(f"{name} should hold numbers, but its dtype is {got_np.dtype}.")
    if np.issubdtype(exp_np.dtype, np.floating) and not np.issubdtype(got_np.dtype, np.floating):
        raise Incorrect(f"{name} holds integers ({got_np.dtype}) where fractions are expected; "
                        "check for integer division or a missing `.float()`.")
    if indices and not np.issubdtype(got_np.dtype, np.integer):
        raise Incorrect(f"{name} should hold integer indices, but its dtype is {got_np.dtype}; "
                        "`np.argsort` and `torch.argsort` give integers.")
    if np.issubdtype(got_np.dtype, np.floating) and not np.isfinite(got_np).all():
        n_bad = int((~np.isfinite(got_np)).sum())
        raise Incorrect(f"{name} contains {n_bad} NaN or infinite value(s). Look for a division by zero, "
                        "the log of zero, or a value that grew without bound.")
    got_f = got_np.astype(np.float64)
    exp_f = exp_np.astype(np.float64)
    wrong = np.abs(got_f - exp_f) > atol + rtol * np.abs(exp_f)
    if not wrong.any():
        return
    if indices:
        _indices_message(got_np.ravel(), exp_np.ravel(), name=name, order=order, what="indices")
    if wrong.size == 1:
        raise Incorrect(f"{name} has the right shape, but its value ({got_f.item():.6g}) is "
                        f"{how_far(got_f.item(), exp_f.item())}.")
    n_wrong = int(wrong.sum())
    scale = float(np.abs(exp_f).max())
    if scale > 0:
        worst = float(np.abs(got_f - exp_f).max()) / scale
        size = (f"by up to {_percent(worst)} of the largest expected value" if worst < 1
                else "by more than the largest expected value")
    else:
        size = "where all should be zero"
    raise Incorrect(f"{name} has the right shape, but {n_wrong} of {wrong.size} values {_is_are(n_wrong)} off "
                    f"({size}{'; almost all values differ' if wrong.size >= 10 and wrong.mean() > 0.9 else ''}).")


def _indices_message(got, expected, *, name: str, order: str, what: str) -> None:
    """Raise the message for positions that differ: right ones in the wrong order, or some that do not belong."""
    from collections import Counter

    got_count, exp_count = Counter(int(i) for i in got), Counter(int(i) for i in expected)
    if got_count == exp_count:
        raise Incorrect(f"{name} holds the right {what}, but in the wrong order"
                        f"{f': they should be in order, {order}' if order else ''}.")
    if len(got_count) < len(got):
        raise Incorrect(f"{name} lists some {what} more than once; each should appear once.")
    extra = sum((got_count - exp_count).values())
    raise Incorrect(f"{name}: {extra} of the {len(got)} {what} should not be there.")


def expect_sequence(got, expected: Sequence, *, name: str = "Your answer", what: str = "items",
                    ordered: bool = True, order: str = "", rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless ``got`` is a list (or tuple) matching ``expected``.

    For answers such as "the list of dimensions, as Python ints, in increasing
    order". Specific messages for None, a set (no order), a tensor or a numpy
    array (convert with ``.tolist()``), too many or too few items, items of the
    wrong type (``numpy.int64`` or a tensor where a Python int is asked), the
    right items in the wrong order (``order`` says which order, e.g.
    "increasing"), and items that do not belong. ``what`` names the items
    ("dimensions"). Integer items are compared exactly; other numbers with the
    tolerance. With ``ordered=False`` any order (and a set) is accepted.
    """
    if isinstance(got, Placeholder):
        raise _NotAttempted
    if got is None:
        raise Incorrect(_none_message(name))
    module = type(got).__module__.split(".")[0]
    if isinstance(got, (set, frozenset)):
        if ordered:
            raise Incorrect(f"{name} is a set, and a set has no order. Return a list"
                            f"{f' ({order} order)' if order else ''}: `sorted(your_set)` makes one.")
        got = sorted(got, key=repr) if any(not isinstance(g, (int, float)) for g in got) else sorted(got)
    if module == "torch" or isinstance(got, np.ndarray):
        holder = "torch tensor" if module == "torch" else "numpy array"
        raise Incorrect(f"{name} is {_article(holder)}, but the question asks for a Python list of {what}. "
                        "`.tolist()` turns it into one.")
    if not isinstance(got, (list, tuple)):
        raise Incorrect(f"{name} should be a list of {what}, but it is {kind_of(got)}.")
    if len(got) != len(expected):
        raise Incorrect(f"{name} has {_share(len(got), 'item')}: that is too {'many' if len(got) > len(expected) else 'few'}.")
    integers = all(isinstance(e, (int, np.integer)) and not isinstance(e, bool) for e in expected)
    for i, item in enumerate(got):
        if isinstance(item, Placeholder):
            raise _NotAttempted
        if integers and (isinstance(item, bool) or not isinstance(item, int)):
            fix = " Convert each with `int(d)`." if hasattr(item, "item") else ""
            raise Incorrect(f"{_part_name(f'item {i + 1}', name, named=False)} is {kind_of(item)}, but the "
                            f"{what} should be Python ints.{fix}")
    if integers:
        got_list, exp_list = [int(g) for g in got], [int(e) for e in expected]
        if ordered and got_list != exp_list or not ordered and sorted(got_list) != sorted(exp_list):
            _indices_message(got_list, exp_list, name=name, order=order, what=what)
        return
    for i, (g, e) in enumerate(zip(got, expected)):
        _expect(g, e, name=_part_name(f"item {i + 1}", name, named=False), rtol=rtol, atol=atol, kind="any")


def expect_gradients(got, inputs: Sequence, expected_grads: Sequence | None = None, *,
                     names: Sequence[str] | None = None, name: str = "Your result",
                     rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless gradients flow from ``got`` back to every tensor in ``inputs``.

    For anything that must support ``.backward()`` (a loss, a sample built with
    the reparameterisation trick). ``inputs`` are the tensors the learner's
    code was given, made to require grad. A result computed under
    ``torch.no_grad()``, cut off with ``.detach()`` / ``.item()`` / ``.numpy()``
    or rebuilt with ``torch.tensor(...)`` fails; with ``expected_grads`` (the
    reference's gradients on the same inputs) a result that is only partly
    cut off fails too. :func:`function_check` does all this with
    ``differentiable=(...)``.
    """
    import torch

    names = list(names) if names is not None else [f"input {i + 1}" for i in range(len(inputs))]
    if not isinstance(got, torch.Tensor):
        raise Incorrect(f"{name} should be a torch tensor that `.backward()` works on, but it is {kind_of(got)}.")
    if not got.requires_grad:
        raise Incorrect(f"{name} is cut off from the inputs, so `.backward()` on it fails: it was computed "
                        "under `torch.no_grad()`, detached (`.detach()`, `.item()`, `.numpy()`), or rebuilt "
                        "with `torch.tensor(...)`. Compute it from the inputs with torch operations only.")
    try:
        grads = torch.autograd.grad(got.sum(), list(inputs), allow_unused=True)
    except RuntimeError as exc:
        raise Incorrect(f"`.backward()` on {name[0].lower()}{name[1:]} fails: {exc}") from None
    for i, (grad, label) in enumerate(zip(grads, names)):
        reference = expected_grads[i] if expected_grads is not None else None
        if grad is None:
            if expected_grads is not None and reference is None:
                continue
            raise Incorrect(f"No gradient flows from {name[0].lower()}{name[1:]} back to `{label}`: the part "
                            f"that depends on `{label}` is detached (`.detach()`, `.item()`, `torch.tensor(...)`, "
                            "or a `torch.no_grad()` block). Keep it in torch operations.")
        if reference is None:
            continue
        g, r = grad.detach().double(), reference.detach().double()
        if not torch.allclose(g, r, rtol=max(rtol, 1e-4) * 10, atol=max(atol, 1e-6) * 10):
            raise Incorrect(f"{name} has the right value, but its gradient with respect to `{label}` is wrong: "
                            f"part of the computation is cut off from `{label}` (`.detach()`, `.item()`, "
                            "`torch.tensor(...)`, or a `torch.no_grad()` block) or is a constant.")


def _part_name(label: str, whole: str, *, named: bool) -> str:
    """How messages name one part of a tuple answer: "Your `dw`", "The `db` your function returns on ..."."""
    function = "What your function returns"
    if named and whole == "Your answer":
        return f"Your `{label}`"
    if named and whole.startswith(function):
        return f"The `{label}` your function returns{whole[len(function):]}"
    part = f"`{label}`" if named else label
    return f"{part[0].upper()}{part[1:]} of {whole[0].lower()}{whole[1:]}"


def _expect(got, expected, *, name: str, rtol: float, atol: float, kind: str,
            names: Sequence[str] | None = None) -> None:
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        expect_number(got, float(expected), name=name, rtol=rtol, atol=atol)
    elif hasattr(expected, "shape"):
        expect_array(got, expected, name=name, rtol=rtol, atol=atol, kind=kind)
    elif isinstance(expected, tuple):
        if isinstance(got, Placeholder):
            raise _NotAttempted
        if got is None:
            raise Incorrect(_none_message(name))
        labels = list(names) if names is not None else [f"item {i + 1}" for i in range(len(expected))]
        want = f"({', '.join(labels)})" if names is not None else f"of {len(expected)} values"
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise Incorrect(f"{name} should be a tuple {want}, but it is {kind_of(got)}.")
        for label, g, e in zip(labels, got, expected):
            _expect(g, e, name=_part_name(label, name, named=names is not None), rtol=rtol, atol=atol,
                    kind=kind)
    elif isinstance(expected, list):
        expect_sequence(got, expected, name=name, rtol=rtol, atol=atol)
    elif isinstance(got, Placeholder):
        raise _NotAttempted
    elif isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            raise Incorrect(f"{name} should be True or False, but it is {kind_of(got)}.")
        if bool(got) != bool(expected):
            raise Incorrect(f"{name} ({bool(got)}) is not right.")
    elif isinstance(expected, str) and not isinstance(got, str):
        raise Incorrect(f"{name} should be a string, but it is {kind_of(got)}.")
    else:
        try:
            same = bool(got == expected)
        except Exception:  # an array or tensor compared with a scalar, and the like
            same = False
        if not same:
            raise Incorrect(f"{name} ({got!r:.60}) is not right." if isinstance(got, (str, int, float))
                            else f"{name} is {kind_of(got)}, which is not right.")


# --------------------------------------------------------------------------- multiple choice

_CHOICE = re.compile(r"""^[\s"'(\[]*([a-z])[\s"')\].:]*$""")


def parse_choice(answer, options: Sequence[str]) -> str:
    """The letter the learner chose, in lower case; the same formats are accepted everywhere:
    "c", "C", "(c)", "c.", "c)", " c ", and the text of an option itself. Raises
    :class:`Incorrect` for anything else, naming the letters to choose from."""
    letters = [str(o).lower() for o in options]
    choose = ", ".join(f'"{letter}"' for letter in letters)
    if isinstance(answer, Placeholder):
        raise _NotAttempted
    if not isinstance(answer, str):
        raise Incorrect(f"Answer with one letter in quotes, one of {choose}; you gave {kind_of(answer)}.")
    match = _CHOICE.match(answer.strip().lower())
    if match and match.group(1) in letters:
        return match.group(1)
    if isinstance(options, dict):
        wanted = " ".join(answer.lower().split()).strip(" .\"'")
        for letter, text in options.items():
            if wanted and wanted == " ".join(str(text).lower().split()).strip(" ."):
                return str(letter).lower()
    raise Incorrect(f"Answer with one of the letters {choose}; you gave {answer!r}.")


def choice_check(correct: str | Sequence[str], options: dict[str, str], *,
                 reasons: dict[str, str] | None = None, explain: str = "") -> Callable:
    """A multiple-choice check (also for predict-then-verify questions).

    ``options`` maps each letter to its text, ``correct`` is the right letter
    (or letters). A wrong letter gets ``reasons[letter]`` (say why it is wrong,
    without naming the right one) or a generic nudge; a right one gets
    ``explain`` after "Well done." (why it is right: what the demo shows).
    Every format :func:`parse_choice` knows is accepted.
    """
    options = {str(k).lower(): v for k, v in options.items()}
    right = {c.lower() for c in ([correct] if isinstance(correct, str) else correct)}
    unknown = right - set(options) | set(reasons or {}) - set(options)
    if unknown:
        raise ValueError(f"choice_check: letters {sorted(unknown)} are not among the options {sorted(options)}")

    def check(answer):
        letter = parse_choice(answer, options)
        if letter not in right:
            raise Incorrect((reasons or {}).get(letter) or
                            f"Not \"{letter}\" ({options[letter]}). Reread the options and think about "
                            "what the chapter's demo showed.")
        return explain

    check.choices = options
    check.correct_choices = sorted(right)
    return check


# --------------------------------------------------------------------------- declaring checks

@dataclass
class Case:
    """One call of the learner's function: the arguments and a few words about them."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    about: str = ""

    def describe(self) -> str:
        return f" on {self.about}" if self.about else ""


def value_check(expected, *, rtol: float = 1e-4, atol: float = 1e-6, kind: str = "same",
                names: Sequence[str] | None = None) -> Callable:
    """A check that compares the answer with ``expected`` (a number, an array, a tuple, a list).

    For a tuple, ``names`` names its parts (``("dw", "db")``) so a message says
    "Your `dw` is about 30% too large" rather than "item 1".
    """

    def check(answer):
        _expect(answer, expected, name="Your answer", rtol=rtol, atol=atol, kind=kind, names=names)

    return check


def _input_names(reference: Callable, wrt: Sequence) -> list[str]:
    try:
        params = list(inspect.signature(reference).parameters)
    except (TypeError, ValueError):
        params = []
    return [key if isinstance(key, str) else params[key] if key < len(params) else f"argument {key + 1}"
            for key in wrt]


def _requiring_grad(case: Case, wrt: Sequence):
    args, kwargs = list(copy.deepcopy(case.args)), copy.deepcopy(case.kwargs)
    inputs = []
    for key in wrt:
        holder = kwargs if isinstance(key, str) else args
        holder[key] = holder[key].detach().clone().requires_grad_(True)
        inputs.append(holder[key])
    return tuple(args), kwargs, inputs


def function_check(reference: Callable, cases: Sequence[Case], *, rtol: float = 1e-4,
                   atol: float = 1e-6, kind: str = "same", time_limit: float = 5.0,
                   names: Sequence[str] | None = None, differentiable: Sequence[int | str] = (),
                   rng_untouched: bool = False) -> Callable:
    """A check that calls the learner's function on every case and compares it with ``reference``.

    ``names`` names the parts of a tuple result (``("dw", "db")``).
    ``differentiable`` lists the arguments (positions or keyword names) that the
    result must be differentiable with respect to, as the reference is: they
    are passed as tensors that require grad, and the learner's gradients must
    match the reference's (see :func:`expect_gradients`). ``rng_untouched``
    requires that the function leaves the global random state alone (see
    :func:`global_rng_untouched`).
    """
    cases = list(cases)
    input_names = _input_names(reference, differentiable)

    def check(answer):
        import torch

        for case in cases:
            label = f"What your function returns{case.describe()}"
            if not differentiable:
                expected = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
                got = call_learner(answer, *case.args, time_limit=time_limit, rng_untouched=rng_untouched,
                                   **case.kwargs)
                _expect(got, expected, name=label, rtol=rtol, atol=atol, kind=kind, names=names)
                continue
            ref_args, ref_kwargs, ref_inputs = _requiring_grad(case, differentiable)
            expected = reference(*ref_args, **ref_kwargs)
            ref_grads = torch.autograd.grad(expected.sum(), ref_inputs, allow_unused=True)
            args, kwargs, inputs = _requiring_grad(case, differentiable)
            got = call_learner(answer, *args, time_limit=time_limit, copy_args=False,
                               rng_untouched=rng_untouched, **kwargs)
            _expect(got, expected.detach(), name=label, rtol=rtol, atol=atol, kind=kind, names=names)
            expect_gradients(got, inputs, ref_grads, names=input_names, name=label, rtol=rtol, atol=atol)

    check.differentiable = tuple(differentiable)
    check.rng_untouched = rng_untouched
    return check


# --------------------------------------------------------------------------- records

@dataclass
class Record:
    """The state of one question: the ONE record format of the course.

    :func:`results` returns these as dicts (``latentedu grade`` reads them from
    a notebook's kernel), :func:`on_record` listeners receive them as dicts, and
    ``latentedu.exercises.progress`` stores and shows them. Change a field here
    and all three follow.

    ``question`` is the full key (``"vaes.q3"``), ``outcome`` one of
    ``"not attempted"``, ``"incorrect"``, ``"correct"``, ``hints`` how many hints
    were shown, ``time`` an ISO 8601 timestamp (UTC) of the latest change, or
    ``""`` when nothing happened to the question yet.
    """

    question: str
    title: str
    outcome: str
    hints: int
    solution_shown: bool
    chapter: str = ""
    time: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict) -> "Record":
        """Rebuild a record from a dict (e.g. read from JSON); raises ValueError if it is malformed."""
        if not isinstance(row, dict):
            raise ValueError(f"a record must be a JSON object, not {type(row).__name__}")
        names = {f.name for f in fields(cls)}
        missing = [n for n in ("question", "outcome") if n not in row]
        if missing:
            raise ValueError(f"a record lacks {', '.join(missing)}")
        known = {k: v for k, v in row.items() if k in names}
        record = cls(**{"title": "", "hints": 0, "solution_shown": False, **known})
        if record.outcome not in {o.value for o in Outcome}:
            raise ValueError(f"unknown outcome {record.outcome!r}")
        if not isinstance(record.hints, int) or isinstance(record.hints, bool) or record.hints < 0:
            raise ValueError(f"hints must be a count, not {record.hints!r}")
        record.solution_shown = bool(record.solution_shown)
        return record


_LISTENERS: list[Callable[[dict], None]] = []


def on_record(callback: Callable[[dict], None]) -> Callable[[], None]:
    """Call ``callback(row)`` each time a question's state changes (a check, a hint, a solution).

    ``row`` is a :class:`Record` as a dict (the same keys as a :func:`results`
    row). Returns a function that unsubscribes the callback. A callback that
    raises is reported once as a warning and never breaks the learner's check.
    """
    if not callable(callback):
        raise TypeError("on_record needs a function that takes one record row (a dict)")
    _LISTENERS.append(callback)

    def unsubscribe() -> None:
        if callback in _LISTENERS:
            _LISTENERS.remove(callback)

    return unsubscribe


_FAILED_LISTENERS: set[int] = set()


def _notify(row: dict) -> None:
    for callback in list(_LISTENERS):
        try:
            callback(dict(row))
        except Exception as exc:  # a listener must never break a check
            if id(callback) not in _FAILED_LISTENERS:
                _FAILED_LISTENERS.add(id(callback))
                try:  # even with warnings turned into errors, the check goes on
                    warnings.warn(f"a record listener failed ({type(exc).__name__}: {exc}); "
                                  "your answers are still checked and kept for this session", stacklevel=3)
                except Exception:
                    pass


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- questions

MIN_HINTS = 3  # a nudge toward the idea, then the method, then the answer
# The constructor refuses fewer than MIN_HINTS hints (a switch, so a test can declare a bare question).
REQUIRE_MIN_HINTS = True


def _not_attempted_message(blanks: list[tuple[int, str, tuple[str, ...]]]) -> str:
    if blanks:
        return f"{_describe_blanks(blanks)}. Replace it with your answer, run the cell again, then check."
    return "Replace every `____` with your answer, run the cell again, then check."


_REGISTRY: dict[str, "Question"] = {}


class Question:
    """One exercise question, declared once in a chapter's question module.

    ``check`` takes the learner's answer and raises :class:`Incorrect` with a
    message when it is wrong (build it with :func:`value_check` or
    :func:`function_check`, or write your own). ``starter`` is the code the
    exercise notebook shows, with ``____`` blanks; ``solution`` is the
    completed code the solutions notebook runs and ``q.solution()`` shows.
    """

    def __init__(self, name: str, title: str, prompt: str, *, check: Callable, hints: Sequence[str],
                 starter: str, solution: str, chapter: str = ""):
        if len(hints) < 1:
            raise ValueError(f"Question {name} needs at least one hint.")
        if REQUIRE_MIN_HINTS and len(hints) < MIN_HINTS:
            raise ValueError(f"Question {name} has {len(hints)} hint(s); it needs at least {MIN_HINTS}: a nudge "
                             "toward the idea, then the method (useful on its own), then the answer.")
        self.name = name
        self.title = title
        self.prompt = prompt.strip()
        self.chapter = chapter
        self.hints = list(hints)
        self.starter = starter.strip() + "\n"
        self.solution_code = solution.strip() + "\n"
        self._check = check
        self.hints_shown = 0
        self.solution_shown = False
        self.last: Result | None = None
        self.changed_at = ""
        _REGISTRY[self.key] = self

    @property
    def key(self) -> str:
        return f"{self.chapter}.{self.name}" if self.chapter else self.name

    @property
    def label(self) -> str:
        return f"{self.name.upper()[0]}{self.name[1:]} · {self.title}" if self.title else self.name

    def __repr__(self) -> str:
        return f"<Question {self.key}: {self.title}>"

    def record(self) -> Record:
        """This question's state now, in the course's one record format."""
        outcome = self.last.outcome if self.last is not None else Outcome.NOT_ATTEMPTED
        return Record(question=self.key, title=self.title, outcome=outcome.value, hints=self.hints_shown,
                      solution_shown=self.solution_shown, chapter=self.chapter, time=self.changed_at)

    def _touch(self) -> None:
        self.changed_at = _now()
        _notify(self.record().as_dict())

    def check(self, answer=____) -> Result:
        """Check ``answer``; returns a :class:`Result` that renders itself.

        A function (or class) that still has a ``____`` line is checked all the
        same: if it works, it is correct, with a note naming the line with the
        blank; if not, it is *not attempted*, naming that line.
        """
        blanks = _blank_uses(answer) if callable(answer) and not isinstance(answer, Placeholder) else []
        explanation = None
        try:
            if not blanks and _holds_placeholder(answer):
                raise _NotAttempted
            explanation = self._check(answer)
        except _NotAttempted:
            result = Result(self.label, Outcome.NOT_ATTEMPTED, _not_attempted_message(blanks))
        except Incorrect as exc:
            if blanks:
                result = Result(self.label, Outcome.NOT_ATTEMPTED, _not_attempted_message(blanks))
            else:
                result = Result(self.label, Outcome.INCORRECT, f"{exc}\n\nCall `{self.name}.hint()` for a hint.")
        except _TimeUp:
            result = Result(self.label, Outcome.INCORRECT, "The check ran out of time.")
        except Exception as exc:  # a learner's object that broke a comparison
            outcome = Outcome.NOT_ATTEMPTED if blanks else Outcome.INCORRECT
            result = Result(self.label, outcome, _not_attempted_message(blanks) if blanks else
                            f"Your answer could not be checked: `{type(exc).__name__}: {exc}`. "
                            f"Make sure it is the kind of value the question asks for.")
        else:
            message = "Well done." + (f" {explanation}" if isinstance(explanation, str) and explanation else "")
            if blanks:
                described = _describe_blanks(blanks)
                message += (f"\n\nNote: {described[0].lower()}{described[1:]}. Your code works without it: "
                            "delete that line or fill it in.")
            result = Result(self.label, Outcome.CORRECT, message)
        self.last = result
        self._touch()
        return result

    def hint(self) -> Result:
        """The next hint; each call reveals one more."""
        index = min(self.hints_shown, len(self.hints) - 1)
        self.hints_shown = min(self.hints_shown + 1, len(self.hints))
        self._touch()
        more = (f"Call `{self.name}.hint()` again for the next hint." if self.hints_shown < len(self.hints)
                else f"That was the last hint; `{self.name}.solution()` shows a solution.")
        return Result(f"💡 Hint {index + 1} of {len(self.hints)} for {self.label}", None,
                      f"{self.hints[index]}\n\n{more}")

    def solution(self) -> Result:
        """The reference solution (it counts as seen in the instructor's report)."""
        self.solution_shown = True
        self._touch()
        return Result(f"Solution for {self.label}", None, "", self.solution_code)


def results(chapter: str | None = None) -> list[dict[str, Any]]:
    """The state of every question declared in this session, as :class:`Record` dicts (for grading)."""
    return [q.record().as_dict() for q in _REGISTRY.values()
            if chapter is None or q.chapter == chapter]


def results_json(chapter: str | None = None) -> str:
    return json.dumps(results(chapter))

