"""Shared checks for a chapter's question module: known-right answers pass, known-wrong fail,
and every question is probed for the classes of defect the engine knows about.

A chapter's test file calls :func:`question_tests` with, for each question,
functions that build right answers and functions that build wrong ones
(functions, so every test gets fresh objects)::

    RIGHT = {"q1": [lambda: reference, lambda: other_formulation, ...]}   # or one builder
    WRONG = {"q1": [lambda: mistake_1,                                    # must be incorrect
                    (lambda: mistake_2, "too large"),                     # ... with these words
                    ...]}
    test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)

Every question needs at least :data:`MIN_RIGHT` right answers (alternative
formulations a learner would write), :data:`MIN_WRONG` known-wrong ones
(typical mistakes) and :data:`MIN_HINTS` hints. A wrong answer given as
``(builder, "words")`` must also produce a message containing ``words``.

Besides the three tests it returns, :func:`question_tests` adds to the calling
test module ``test_enough_answers``, ``test_hints`` and ``test_contract``. The
contract tests are the probes in :data:`PROBES`, run on every question they
apply to (the hooks for the engine's general checks):

- the starter, run as it stands, is *not attempted* (a function with a blank
  is checked, so a blank that slips through to a wrong result would show);
- junk answers (None, a function returning None, one that raises, a string, a
  set, an array, a tensor) are *incorrect* with a specific message, never the
  generic "could not be checked", a traceback or a NaN for None;
- the first right answer's list result given as a set, a tensor, a numpy
  array or reversed is *incorrect* (a typed list check, order included);
- the first right answer's result converted to the other library (numpy where
  it returns torch and the other way round) is either accepted or rejected
  with a specific message (never the generic fallback);
- the first right answer with an unused ``____`` line is still *correct*, with
  a note naming the line;
- where the prompt mentions ``.backward()`` (or the check is declared with
  ``differentiable=``): the right answer computed under ``torch.no_grad()``,
  detached, or rebuilt with ``torch.tensor(x.item())`` is *incorrect*;
- where the prompt asks for a ``torch.Generator`` / ``default_rng`` (or the
  check has ``rng_untouched=True``): the right answer preceded by a global
  reseed is *incorrect*;
- multiple-choice questions (a prompt or starter offering "a", "b", ...) use
  ``engine.choice_check``, and "c", "(c)", "C", "c.", " c " are all accepted.

A probe that does not fit a question can be switched off with a reason:
``question_tests(module, RIGHT, WRONG, exempt={"q5": {"reversed": "any order is right"}})``.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest
import torch

from latentedu.exercises.engine import MIN_HINTS, Outcome, Question, ____

MIN_RIGHT = 2   # alternative right answers per question
MIN_WRONG = 4   # known-wrong answers per question
MAX_CHECK_SECONDS = 30.0  # a check of a right answer (experiments included) must finish well within this

FALLBACK = "could not be checked"  # the engine's generic message: a question should never need it


def questions_of(module) -> dict:
    return {name: q for name, q in vars(module).items() if isinstance(q, Question)}


def _listed(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _wrong_entry(entry) -> tuple[Callable, str]:
    if isinstance(entry, tuple):
        builder, fragment = entry
        return builder, fragment
    return entry, ""


def _assert_specific(result, what: str) -> None:
    message = result.message
    assert "Traceback" not in message, f"{what}: a traceback reached the learner:\n{result}"
    assert FALLBACK not in message, f"{what}: the generic fallback message instead of a specific one:\n{result}"


# --------------------------------------------------------------------------- probes

@dataclass
class Probe:
    """One general check: ``applies(question)`` at collection time, ``run(question, right)`` at test time
    (``right`` builds the first right answer; call ``pytest.skip`` when the probe does not fit)."""

    name: str
    applies: Callable[[Question], bool]
    run: Callable[[Question, Callable], None]


def _always(question) -> bool:
    return True


def _junk(answer_builder, *, says: str = ""):
    def run(question, right):
        result = question.check(answer_builder())
        assert result.outcome is Outcome.INCORRECT, f"a junk answer was not rejected:\n{result}"
        _assert_specific(result, "junk answer")
        if says:
            assert says in result.message, f"the message should say {says!r}:\n{result}"
        assert "is nan" not in result.message.lower(), f"None reported as NaN:\n{result}"
    return run


def _function_returning_none(question, right):
    answer = right()
    result = question.check(lambda *args, **kwargs: None)
    assert result.outcome is Outcome.INCORRECT, str(result)
    _assert_specific(result, "a function returning None")
    if callable(answer) and not isinstance(answer, type):
        assert "None" in result.message, f"a function returning None should be told so:\n{result}"
        assert "nan" not in result.message.lower(), f"None reported as NaN:\n{result}"


def _wrapped(right_answer, transform):
    """The right answer with ``transform`` applied to what it returns; ``state`` records whether it changed it."""
    state = {"changed": False}

    def answer(*args, **kwargs):
        out = right_answer(*args, **kwargs)
        new = transform(out)
        if new is not out:
            state["changed"] = True
        return new

    return answer, state


def _checked_with(question, right, transform, nothing_to_change: str):
    """The question's verdict on the right answer with its results passed through ``transform``."""
    answer = right()
    if not callable(answer) or isinstance(answer, type):
        pytest.skip("the answer is not a function")
    probe, state = _wrapped(answer, transform)
    result = question.check(probe)
    if not state["changed"]:
        pytest.skip(nothing_to_change)
    return result


def _output_probe(transform, *, label: str):
    def run(question, right):
        result = _checked_with(question, right, transform,
                               f"the right answer returns nothing that {label} applies to")
        assert result.outcome is Outcome.INCORRECT, f"the right list {label} was accepted:\n{result}"
        _assert_specific(result, f"the right list {label}")
    return run


def _list_only(make):
    def transform(out):
        if isinstance(out, list) and len(out) >= 2 and not all(isinstance(x, bool) for x in out):
            new = make(out)
            if isinstance(new, list) and new == out:
                return out  # a palindrome: reversing changes nothing
            return new
        return out
    return transform


def _other_library(out):
    """numpy where the right answer returns torch and the other way round (what learners mix up)."""
    if isinstance(out, torch.Tensor):
        return out.detach().numpy()
    if isinstance(out, (np.ndarray, np.floating, float)) and not isinstance(out, bool):
        return torch.as_tensor(out)
    return out


def _converted(question, right):
    result = _checked_with(question, right, _other_library, "the right answer returns no array, tensor or float")
    assert result.outcome is not Outcome.NOT_ATTEMPTED, str(result)
    _assert_specific(result, "the right result as numpy instead of torch (or the other way round)")


def _unused_blank(question, right):
    answer = right()
    if not callable(answer) or isinstance(answer, type) or not hasattr(answer, "__code__"):
        pytest.skip("the answer is not a plain function")

    def with_unused_blank(*args, **kwargs):
        unused = ____  # noqa: F841  the probe: a line the learner forgot to delete
        return answer(*args, **kwargs)

    result = question.check(with_unused_blank)
    assert result.outcome is Outcome.CORRECT, f"a working function with an unused blank:\n{result}"
    assert "still has a blank" in result.message and "unused = ____" in result.message, str(result)


def _needs_backward(question) -> bool:
    return ".backward()" in question.prompt or bool(getattr(question._check, "differentiable", ()))


def _cut_off(transform, label):
    def run(question, right):
        answer = right()
        if not callable(answer):
            pytest.skip("the answer is not a function")
        probe, state = _wrapped(answer, lambda out: transform(out) if isinstance(out, torch.Tensor) else out)
        result = question.check(probe)
        if not state["changed"]:
            pytest.skip("the right answer returns no tensor")
        assert result.outcome is Outcome.INCORRECT, f"a result {label} was accepted:\n{result}"
        _assert_specific(result, f"a result {label}")
    return run


def _under_no_grad(question, right):
    answer = right()
    if not callable(answer):
        pytest.skip("the answer is not a function")

    def probe(*args, **kwargs):
        with torch.no_grad():
            return answer(*args, **kwargs)

    result = question.check(probe)
    assert result.outcome is Outcome.INCORRECT, f"a result computed under torch.no_grad() was accepted:\n{result}"
    _assert_specific(result, "a result computed under torch.no_grad()")


def _asks_for_generator(question) -> bool:
    text = question.prompt + question.starter
    return bool(re.search(r"torch\.Generator|default_rng", text)) or \
        bool(getattr(question._check, "rng_untouched", False))


def _reseeds_globally(question, right):
    answer = right()
    if not callable(answer):
        pytest.skip("the answer is not a function")

    def probe(*args, **kwargs):
        torch.manual_seed(0)
        np.random.seed(0)
        return answer(*args, **kwargs)

    result = question.check(probe)
    assert result.outcome is Outcome.INCORRECT, \
        f"an answer that reseeds the global random generators was accepted:\n{result}"
    assert "global" in result.message, str(result)


def _is_multiple_choice(question) -> bool:
    """Offers quoted letters "a" and "b" (in the prompt or the starter), or uses choice_check."""
    text = question.prompt + question.starter
    letters = all(re.search(rf"""["']{letter}["']""", text) for letter in "ab")
    return letters or hasattr(question._check, "correct_choices")


def _choice_formats(question, right):
    check = question._check
    assert hasattr(check, "correct_choices"), \
        "a multiple-choice question should use engine.choice_check, so every format is accepted"
    letter = check.correct_choices[0]
    for form in (letter, f"({letter})", letter.upper(), f"{letter}.", f" {letter} ", f"{letter})"):
        result = question.check(form)
        assert result.outcome is Outcome.CORRECT, f"{form!r} should be accepted:\n{result}"
    for other in check.choices:
        if other not in check.correct_choices:
            result = question.check(f"({other.upper()})")
            assert result.outcome is Outcome.INCORRECT, str(result)
            _assert_specific(result, f"wrong letter {other}")


def _untouched_starter(question, right):
    """The starter, run as the exercise notebook shows it, must be *not attempted* (never incorrect)."""
    import linecache

    import latentedu

    owner = next((m for m in list(sys.modules.values())
                  if getattr(m, "__name__", "").startswith("latentedu.exercises.")
                  and any(v is question for v in vars(m).values())), None)
    namespace = {k: v for k, v in vars(owner).items() if not k.startswith("_")} if owner else {}
    namespace.update(np=np, torch=torch, le=latentedu, ____=____)
    filename = f"<starter of {question.key}>"
    linecache.cache[filename] = (len(question.starter), None, question.starter.splitlines(True), filename)
    saved = (question.last, question.hints_shown, question.solution_shown, question.changed_at)
    question.last = None
    try:
        exec(compile(question.starter, filename, "exec"), namespace)
    except NameError as exc:
        pytest.skip(f"the starter needs the notebook's earlier cells ({exc})")
    finally:
        result = question.last
        question.last, question.hints_shown, question.solution_shown, question.changed_at = saved
    assert result is not None, "the starter never calls the question's check"
    assert result.outcome is Outcome.NOT_ATTEMPTED, f"the untouched starter is graded:\n{result}"


PROBES: list[Probe] = [
    Probe("untouched starter", _always, _untouched_starter),
    Probe("None", _always, _junk(lambda: None)),
    Probe("returns None", _always, _function_returning_none),
    Probe("raises", _always, _junk(lambda: (lambda *args, **kwargs: 1 / 0))),
    Probe("string", _always, _junk(lambda: "my answer")),
    Probe("set", _always, _junk(lambda: {1, 2})),
    Probe("numpy array", _always, _junk(lambda: np.array([1.0, 2.0]))),
    Probe("tensor", _always, _junk(lambda: torch.tensor([1.0, 2.0]))),
    Probe("as set", _always, _output_probe(_list_only(set), label="as a set")),
    Probe("as tensor", _always, _output_probe(_list_only(torch.tensor), label="as a tensor")),
    Probe("as numpy", _always, _output_probe(_list_only(np.array), label="as a numpy array")),
    Probe("reversed", _always, _output_probe(_list_only(lambda out: out[::-1]), label="reversed")),
    Probe("other library", _always, _converted),
    Probe("unused blank", _always, _unused_blank),
    Probe("no_grad", _needs_backward, _under_no_grad),
    Probe("detached", _needs_backward, _cut_off(lambda out: out.detach(), "detached")),
    Probe("rebuilt from item", _needs_backward,
          _cut_off(lambda out: torch.tensor(out.item()) if out.numel() == 1 else torch.tensor(out.tolist()),
                   "rebuilt with torch.tensor(x.item())")),
    Probe("global reseed", _asks_for_generator, _reseeds_globally),
    Probe("choice formats", _is_multiple_choice, _choice_formats),
]


# --------------------------------------------------------------------------- the tests

def question_tests(module, right: dict, wrong: dict, *, exempt: dict | None = None):
    """Make the tests for ``module``'s questions (see the module docstring).

    Returns ``(test_right, test_wrong, test_covered)`` and adds ``test_enough_answers``,
    ``test_hints`` and ``test_contract`` to the calling module.
    """
    qs = questions_of(module)
    right = {name: _listed(builders) for name, builders in right.items()}
    wrong = {name: _listed(builders) for name, builders in wrong.items()}
    exempt = {name: (dict(reasons) if isinstance(reasons, dict) else {p: "" for p in reasons})
              for name, reasons in (exempt or {}).items()}
    known = {probe.name for probe in PROBES}
    for name, reasons in exempt.items():
        unknown = set(reasons) - known
        assert not unknown, f"exempt[{name!r}] names unknown probes {sorted(unknown)}; known: {sorted(known)}"

    right_cases = [(name, i) for name in sorted(right) for i in range(len(right[name]))]

    @pytest.mark.parametrize("name,i", right_cases)
    def test_right(name, i):
        start = time.perf_counter()
        result = qs[name].check(right[name][i]())
        elapsed = time.perf_counter() - start
        assert result.outcome is Outcome.CORRECT, str(result)
        assert "still has a blank" not in result.message, str(result)
        assert elapsed < MAX_CHECK_SECONDS, f"the check took {elapsed:.1f} s (at most {MAX_CHECK_SECONDS:g} s)"

    wrong_cases = [(name, i) for name in sorted(wrong) for i in range(len(wrong[name]))]

    @pytest.mark.parametrize("name,i", wrong_cases)
    def test_wrong(name, i):
        builder, fragment = _wrong_entry(wrong[name][i])
        result = qs[name].check(builder())
        assert result.outcome is Outcome.INCORRECT, str(result)
        _assert_specific(result, "a known-wrong answer")
        if fragment:
            assert fragment in result.message, f"the message should contain {fragment!r}:\n{result}"

    @pytest.mark.parametrize("name", sorted(qs))
    def test_covered(name):
        q = qs[name]
        assert name in right and wrong.get(name), f"{name} needs right and wrong answers in the tests"
        assert "____" in q.starter, f"{name}'s starter has no blank to fill"
        assert q.check(____).outcome is Outcome.NOT_ATTEMPTED

    @pytest.mark.parametrize("name", sorted(qs))
    def test_enough_answers(name):
        n_right, n_wrong = len(right.get(name, [])), len(wrong.get(name, []))
        assert n_right >= MIN_RIGHT and n_wrong >= MIN_WRONG, (
            f"{name} has {n_right} right and {n_wrong} wrong answers in the tests; it needs at least "
            f"{MIN_RIGHT} right (alternative formulations) and {MIN_WRONG} wrong (typical mistakes)")

    @pytest.mark.parametrize("name", sorted(qs))
    def test_hints(name):
        hints = qs[name].hints
        assert len(hints) >= MIN_HINTS, (
            f"{name} has {len(hints)} hints; it needs at least {MIN_HINTS}: a nudge toward the idea, "
            "then the method, then the answer")
        assert len(set(hints)) == len(hints), f"{name} repeats a hint"

    contract_cases = [(name, probe.name) for name in sorted(qs) for probe in PROBES
                      if probe.applies(qs[name]) and probe.name not in exempt.get(name, {})]
    by_name = {probe.name: probe for probe in PROBES}

    @pytest.mark.parametrize("name,probe", contract_cases)
    def test_contract(name, probe):
        if name not in right:
            pytest.fail(f"{name} has no right answer in the tests, so it cannot be probed")
        by_name[probe].run(qs[name], right[name][0])

    caller = sys._getframe(1).f_globals
    caller.setdefault("test_enough_answers", test_enough_answers)
    caller.setdefault("test_hints", test_hints)
    caller.setdefault("test_contract", test_contract)
    return test_right, test_wrong, test_covered
