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

Where each piece lives
----------------------
This module keeps :class:`Question`, its registry, the :class:`Record` format
with :func:`on_record`, :func:`results` and :func:`results_json`; it
re-exports everything below, so ``from latentedu.exercises.engine import X``
works for every name listed here.

- :mod:`.blanks`: the ``____`` placeholder (:class:`Placeholder`) and
  :func:`blank_lines`, finding the lines that still use it;
- :mod:`.outcomes`: :class:`Outcome`, :class:`Incorrect` and :class:`Result`;
- :mod:`.running`: :func:`call_learner` and :func:`global_rng_untouched`;
- :mod:`.comparing`: the ``expect_*`` comparisons and their messages,
  :func:`kind_of` and :func:`how_far`;
- :mod:`.checks`: :func:`value_check`, :func:`function_check` (with
  :class:`Case`), :func:`choice_check` and :func:`parse_choice`.
"""

from __future__ import annotations

import datetime
import json
import warnings
from dataclasses import asdict, dataclass, fields
from typing import Any, Callable, Sequence

from .blanks import (Placeholder, ____, _blank_uses, _describe_blanks, _holds_placeholder, _not_attempted_message,
                     blank_lines)
from .checks import Case, choice_check, function_check, parse_choice, value_check
from .comparing import expect_array, expect_gradients, expect_number, expect_sequence, how_far, kind_of
from .outcomes import Incorrect, Outcome, Result, _NotAttempted
from .running import _TimeUp, call_learner, global_rng_untouched

# Private names other code reaches through this module: the tests import ``_describe_blanks``, and the
# grader's tests replace ``engine._expect`` in a learner's kernel (every check looks it up here at call
# time: see ``comparing._expect_now``).
from .comparing import _expect, _kind  # noqa: F401

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
