"""The exercise engine: declared questions, robust checks, and results that render.

A chapter declares its questions once, in a module of its own (see
``latent_space.py``). In the exercise notebook the learner writes an answer
and calls ``q1.check(answer)``; ``q1.hint()`` reveals the next hint and
``q1.solution()`` shows the reference solution. Nothing is read from the
learner's globals: the answer is always passed explicitly.

A check has three outcomes: *not attempted* (the ``____`` placeholder is still
there), *incorrect* (with a specific message that never gives the expected
value away) and *correct*. Whatever the learner hands over (a function that
raises, the wrong type, shape or dtype, numpy where torch was asked, NaN, an
input changed in place, code that runs too long) becomes an *incorrect* result
with a message, never a traceback from inside this library.
"""

from __future__ import annotations

import copy
import datetime
import enum
import json
import math
import signal
import threading
import time
import traceback
import types
from contextlib import contextmanager
import warnings
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable, Sequence

import numpy as np

__all__ = [
    "Case",
    "Incorrect",
    "Outcome",
    "Placeholder",
    "Question",
    "Record",
    "Result",
    "____",
    "call_learner",
    "expect_array",
    "expect_number",
    "function_check",
    "on_record",
    "results",
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
    if isinstance(answer, (list, tuple, set)):
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


def call_learner(fn, *args, time_limit: float = 5.0, **kwargs):
    """Call the learner's ``fn`` safely and return what it returns.

    Arguments are copied first (the case data stays intact), the call is given
    ``time_limit`` seconds, and every failure becomes :class:`Incorrect` with a
    message the learner can act on.
    """
    if not callable(fn):
        raise Incorrect(f"Expected a function here, but got {_kind(fn)}. Pass the function itself, "
                        "without calling it: `q.check(my_function)`, not `q.check(my_function())`.")
    args = copy.deepcopy(args)
    kwargs = copy.deepcopy(kwargs)
    named = [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())
    before = [(name, value, _snapshot(value)) for name, value in named]
    start = time.perf_counter()
    try:
        with _time_limit(time_limit):
            result = fn(*args, **kwargs)
    except _TimeUp:
        raise Incorrect(f"Your function was still running after {time_limit:g} s, so it was stopped. "
                        "Look for a loop that never ends, or loop over fewer items.") from None
    except RecursionError:
        raise Incorrect("Your function called itself without end (RecursionError).") from None
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
    return result


# --------------------------------------------------------------------------- comparisons

def _kind(value) -> str:
    module = type(value).__module__.split(".")[0]
    name = type(value).__name__
    if module in ("torch", "numpy"):
        return f"a {module}.{name}" + (f" of shape {tuple(value.shape)}" if hasattr(value, "shape") else "")
    return f"a value of type {name}"


def expect_number(got, expected: float, *, name: str = "Your answer", rtol: float = 1e-4,
                  atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless ``got`` is a number close to ``expected``.

    One-element tensors and arrays count as numbers. The tolerance is
    ``atol + rtol * |expected|``; the message never shows ``expected``.
    """
    if isinstance(got, Placeholder):
        raise _NotAttempted
    if hasattr(got, "shape") and getattr(got, "ndim", 0) > 0 and np.prod(got.shape) == 1:
        got = got.reshape(())
    if hasattr(got, "item") and getattr(got, "ndim", 1) == 0:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise Incorrect(f"{name} should be a single number, but it is {_kind(got)}.")
    got = float(got)
    if math.isnan(got) or math.isinf(got):
        raise Incorrect(f"{name} is {got}. Look for a division by zero or the log of zero.")
    if abs(got - expected) > atol + rtol * abs(expected):
        direction = "too large" if got > expected else "too small"
        raise Incorrect(f"{name} ({got:.6g}) is {direction}.")


def expect_array(got, expected, *, name: str = "Your answer", kind: str = "same",
                 rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless ``got`` matches the array or tensor ``expected``.

    ``kind`` is "torch", "numpy", "any", or "same" (the type of ``expected``).
    Checks, in order: the type, the shape, integer-versus-float dtype, NaN or
    infinity, then the values with tolerance ``atol + rtol * |expected|``.
    """
    import torch

    if isinstance(got, Placeholder):
        raise _NotAttempted
    if kind == "same":
        kind = "torch" if isinstance(expected, torch.Tensor) else "numpy"
    if kind == "torch" and not isinstance(got, torch.Tensor):
        fix = " Convert it with `torch.as_tensor(x)`, or use torch operations throughout." \
            if isinstance(got, np.ndarray) else ""
        raise Incorrect(f"{name} should be a torch.Tensor, but it is {_kind(got)}.{fix}")
    if kind == "numpy" and not isinstance(got, np.ndarray):
        fix = " Convert it with `x.detach().numpy()`, or use numpy operations throughout." \
            if isinstance(got, torch.Tensor) else ""
        raise Incorrect(f"{name} should be a numpy array, but it is {_kind(got)}.{fix}")
    if kind == "any" and not isinstance(got, (torch.Tensor, np.ndarray)):
        raise Incorrect(f"{name} should be an array or a tensor, but it is {_kind(got)}.")
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
    if np.issubdtype(got_np.dtype, np.floating) and not np.isfinite(got_np).all():
        n_bad = int((~np.isfinite(got_np)).sum())
        raise Incorrect(f"{name} contains {n_bad} NaN or infinite value(s). Look for a division by zero, "
                        "the log of zero, or a value that grew without bound.")
    got_f = got_np.astype(np.float64)
    exp_f = exp_np.astype(np.float64)
    wrong = np.abs(got_f - exp_f) > atol + rtol * np.abs(exp_f)
    if wrong.any():
        share = wrong.mean()
        where = f"{int(wrong.sum())} of {wrong.size} values are" if wrong.size > 1 else "The value is"
        raise Incorrect(f"{name} has the right shape, but {where} off "
                        f"(largest difference {np.abs(got_f - exp_f).max():.3g}"
                        f"{'; almost all values differ' if share > 0.9 else ''}).")


def _expect(got, expected, *, name: str, rtol: float, atol: float, kind: str) -> None:
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        expect_number(got, float(expected), name=name, rtol=rtol, atol=atol)
    elif hasattr(expected, "shape"):
        expect_array(got, expected, name=name, rtol=rtol, atol=atol, kind=kind)
    elif isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            raise Incorrect(f"{name} should be a tuple of {len(expected)} values, but it is {_kind(got)}"
                            + (f" of length {len(got)}." if isinstance(got, tuple) else "."))
        for i, (g, e) in enumerate(zip(got, expected)):
            _expect(g, e, name=f"{name}[{i}]", rtol=rtol, atol=atol, kind=kind)
    elif got != expected:
        raise Incorrect(f"{name} ({got!r}) is not right.")


# --------------------------------------------------------------------------- declaring checks

@dataclass
class Case:
    """One call of the learner's function: the arguments and a few words about them."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    about: str = ""

    def describe(self) -> str:
        return f" on {self.about}" if self.about else ""


def value_check(expected, *, rtol: float = 1e-4, atol: float = 1e-6, kind: str = "same") -> Callable:
    """A check that compares the answer with ``expected`` (a number, an array, a tuple)."""

    def check(answer):
        _expect(answer, expected, name="Your answer", rtol=rtol, atol=atol, kind=kind)

    return check


def function_check(reference: Callable, cases: Sequence[Case], *, rtol: float = 1e-4,
                   atol: float = 1e-6, kind: str = "same", time_limit: float = 5.0) -> Callable:
    """A check that calls the learner's function on every case and compares it with ``reference``."""
    cases = list(cases)

    def check(answer):
        for case in cases:
            expected = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            got = call_learner(answer, *case.args, time_limit=time_limit, **case.kwargs)
            _expect(got, expected, name=f"What your function returns{case.describe()}",
                    rtol=rtol, atol=atol, kind=kind)

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
                warnings.warn(f"a record listener failed ({type(exc).__name__}: {exc}); "
                              "your answers are still checked and kept for this session", stacklevel=3)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- questions

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
        """Check ``answer``; returns a :class:`Result` that renders itself."""
        try:
            if _holds_placeholder(answer):
                raise _NotAttempted
            self._check(answer)
        except _NotAttempted:
            result = Result(self.label, Outcome.NOT_ATTEMPTED,
                            "Replace every `____` with your answer, run the cell again, then check.")
        except Incorrect as exc:
            result = Result(self.label, Outcome.INCORRECT,
                            f"{exc}\n\nCall `{self.name}.hint()` for a hint.")
        except _TimeUp:
            result = Result(self.label, Outcome.INCORRECT, "The check ran out of time.")
        except Exception as exc:  # a learner's object that broke a comparison
            result = Result(self.label, Outcome.INCORRECT,
                            f"Your answer could not be checked: `{type(exc).__name__}: {exc}`. "
                            f"Make sure it is the kind of value the question asks for.")
        else:
            result = Result(self.label, Outcome.CORRECT, "Well done.")
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

