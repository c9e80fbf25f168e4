"""Building check functions: the usual question shapes, declared in one call.

A check takes the learner's answer and raises :class:`.Incorrect` when it is
wrong (it may return a string that follows "Well done."). :func:`value_check`
compares a value; :func:`function_check` calls the learner's function on each
:class:`Case` and compares with a reference (tuple parts by name, gradients
with ``differentiable=``, the global random state with ``rng_untouched=``);
:func:`choice_check` is a multiple-choice check that accepts every format
:func:`parse_choice` knows.
"""

from __future__ import annotations

import copy
import inspect
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .blanks import Placeholder
from .comparing import _expect_now, expect_gradients, kind_of
from .outcomes import Incorrect, _NotAttempted
from .running import call_learner

__all__ = ["Case", "choice_check", "function_check", "parse_choice", "value_check"]


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
        _expect_now()(answer, expected, name="Your answer", rtol=rtol, atol=atol, kind=kind, names=names)

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
                _expect_now()(got, expected, name=label, rtol=rtol, atol=atol, kind=kind, names=names)
                continue
            ref_args, ref_kwargs, ref_inputs = _requiring_grad(case, differentiable)
            expected = reference(*ref_args, **ref_kwargs)
            ref_grads = torch.autograd.grad(expected.sum(), ref_inputs, allow_unused=True)
            args, kwargs, inputs = _requiring_grad(case, differentiable)
            got = call_learner(answer, *args, time_limit=time_limit, copy_args=False,
                               rng_untouched=rng_untouched, **kwargs)
            _expect_now()(got, expected.detach(), name=label, rtol=rtol, atol=atol, kind=kind, names=names)
            expect_gradients(got, inputs, ref_grads, names=input_names, name=label, rtol=rtol, atol=atol)

    check.differentiable = tuple(differentiable)
    check.rng_untouched = rng_untouched
    return check
