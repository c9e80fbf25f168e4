"""The exercise engine: three outcomes, robust to whatever a learner hands it."""

import time

import numpy as np
import pytest
import torch

from latentedu.exercises.engine import (Case, Incorrect, Outcome, Question, Record, ____, call_learner,
                                        expect_array, expect_number, function_check, on_record, results,
                                        value_check)


def _layer(x, w, b):
    return x @ w + b


CASES = [Case((torch.arange(6.0).reshape(3, 2), torch.ones(2, 4), torch.zeros(4)), about="three samples"),
         Case((torch.ones(1, 2), -torch.ones(2, 4), torch.arange(4.0)), about="one sample")]


@pytest.fixture
def layer_question():
    return Question("q1", "A layer", "Compute `x @ w + b`.", check=function_check(_layer, CASES),
                    hints=["first", "second"], starter="def f(x, w, b):\n    return ____\n\nq1.check(f)",
                    solution="def f(x, w, b):\n    return x @ w + b\n\nq1.check(f)", chapter="test_engine")


@pytest.fixture
def number_question():
    return Question("q2", "A number", "Give 3.5.", check=value_check(3.5, rtol=0, atol=1e-6),
                    hints=["h1", "h2"], starter="a = ____", solution="a = 3.5", chapter="test_engine")


def outcome(result):
    return result.outcome


def test_correct_function(layer_question):
    result = layer_question.check(lambda x, w, b: x @ w + b)
    assert outcome(result) is Outcome.CORRECT and bool(result)


def test_placeholder_means_not_attempted(layer_question, number_question):
    def untouched(x, w, b):
        return ____

    def partly(x, w, b):
        return np.sum(____) + x @ w

    assert outcome(layer_question.check(untouched)) is Outcome.NOT_ATTEMPTED
    assert outcome(layer_question.check(partly)) is Outcome.NOT_ATTEMPTED
    assert outcome(number_question.check(____)) is Outcome.NOT_ATTEMPTED
    assert outcome(number_question.check([1.0, ____])) is Outcome.NOT_ATTEMPTED
    assert outcome(number_question.check()) is Outcome.NOT_ATTEMPTED


def test_placeholder_absorbs_operations():
    x = np.ones(3)
    assert (x @ ____) is ____ and (____ + 1) is ____ and (torch.ones(2) * ____) is ____
    assert ____.anything(1)[2] is ____
    assert np.mean(____) is ____ and np.round(____, 2) is ____ and np.concatenate([____, x]) is ____


@pytest.mark.parametrize("answer,fragment", [
    (lambda x, w, b: (x @ w + b).numpy(), "should be a torch.Tensor"),
    (lambda x, w, b: x @ w, "values are off"),
    (lambda x, w, b: (x @ w + b).T, "shape (4, 3)"),
    (lambda x, w, b: (x @ w + b).long(), "holds integers"),
    (lambda x, w, b: (x @ w + b) * float("nan"), "NaN"),
    (lambda x, w, b: 1 / 0, "ZeroDivisionError"),
    (lambda x: x, "TypeError"),
    (42, "Expected a function"),
    (lambda x, w, b: "x @ w + b", "should be a torch.Tensor"),
])
def test_incorrect_answers_get_specific_messages(layer_question, answer, fragment):
    result = layer_question.check(answer)
    assert outcome(result) is Outcome.INCORRECT
    assert fragment in result.message
    assert "Traceback" not in result.message


def test_in_place_mutation_is_caught_and_case_data_survives(layer_question):
    def sneaky(x, w, b):
        x += 1
        return x @ w + b

    before = CASES[0].args[0].clone()
    result = layer_question.check(sneaky)
    assert outcome(result) is Outcome.INCORRECT and "in place" in result.message
    assert torch.equal(CASES[0].args[0], before)


def test_time_limit_stops_endless_code():
    question = Question("q9", "Slow", "", check=function_check(_layer, CASES[:1], time_limit=0.5),
                        hints=["a", "b"], starter="____", solution="", chapter="test_engine")

    def endless(x, w, b):
        while True:
            pass

    start = time.perf_counter()
    result = question.check(endless)
    assert outcome(result) is Outcome.INCORRECT and "still running" in result.message
    assert time.perf_counter() - start < 5


def test_learner_catching_everything_cannot_swallow_the_time_limit():
    def stubborn():
        try:
            while True:
                pass
        except Exception:
            return 1

    with pytest.raises(Incorrect, match="still running"):
        call_learner(stubborn, time_limit=0.3)


@pytest.mark.parametrize("answer,expected_outcome", [
    (3.5, Outcome.CORRECT), (torch.tensor(3.5), Outcome.CORRECT), (np.float32(3.5), Outcome.CORRECT),
    (np.array([3.5]), Outcome.CORRECT), (3.6, Outcome.INCORRECT), ("3.5", Outcome.INCORRECT),
    (float("nan"), Outcome.INCORRECT), (float("inf"), Outcome.INCORRECT), (None, Outcome.INCORRECT),
    (True, Outcome.INCORRECT), (torch.tensor([3.5, 3.5]), Outcome.INCORRECT),
])
def test_number_answers(number_question, answer, expected_outcome):
    assert outcome(number_question.check(answer)) is expected_outcome


def test_message_never_leaks_the_expected_value(number_question):
    result = number_question.check(2.0)
    assert "3.5" not in result.message and "too small" in result.message


def test_expect_array_kinds():
    expected = np.array([1.0, 2.0])
    expect_array(np.array([1.0, 2.0]), expected)
    with pytest.raises(Incorrect, match="numpy array"):
        expect_array(torch.tensor([1.0, 2.0]), expected)
    expect_array(torch.tensor([1.0, 2.0]), expected, kind="any")
    with pytest.raises(Incorrect, match="array or a tensor"):
        expect_array([1.0, 2.0], expected, kind="any")


def test_expect_number_tolerance():
    expect_number(1.00001, 1.0, rtol=1e-4)
    with pytest.raises(Incorrect, match="too large"):
        expect_number(1.01, 1.0, rtol=1e-4)


def test_hints_are_progressive_and_solution_is_recorded(layer_question):
    first, second, again = layer_question.hint(), layer_question.hint(), layer_question.hint()
    assert "first" in first.message and "Hint 1 of 2" in first.label
    assert "second" in second.message and "last hint" in second.message
    assert "second" in again.message
    shown = layer_question.solution()
    assert "x @ w + b" in shown.code
    row = next(r for r in results("test_engine") if r["question"] == "test_engine.q1")
    assert row["hints"] == 2 and row["solution_shown"]


def test_results_render_as_markdown_and_text(layer_question):
    result = layer_question.check(lambda x, w, b: x @ w)
    markdown, text = result._repr_markdown_(), str(result)
    assert markdown.startswith("**") and "incorrect" in markdown
    assert "incorrect" in text and "**" not in text
    assert "```python" in layer_question.solution()._repr_markdown_()


def test_results_track_the_latest_check(layer_question):
    layer_question.check(lambda x, w, b: x @ w)
    layer_question.check(_layer)
    row = next(r for r in results("test_engine") if r["question"] == "test_engine.q1")
    assert row["outcome"] == "correct"


def test_a_question_needs_a_hint():
    with pytest.raises(ValueError, match="hint"):
        Question("q0", "t", "p", check=value_check(1), hints=[], starter="", solution="")


def test_on_record_reports_every_change_and_unsubscribes(layer_question):
    rows = []
    stop = on_record(rows.append)
    try:
        layer_question.check(lambda x, w, b: x @ w)
        layer_question.hint()
        layer_question.check(_layer)
        layer_question.solution()
    finally:
        stop()
    layer_question.hint()  # after unsubscribing: not reported
    assert [(r["outcome"], r["hints"], r["solution_shown"]) for r in rows] == [
        ("incorrect", 0, False), ("incorrect", 1, False), ("correct", 1, False), ("correct", 1, True)]
    assert all(r["question"] == "test_engine.q1" and r["chapter"] == "test_engine" for r in rows)
    assert all(r["time"].startswith("20") and "T" in r["time"] for r in rows)
    assert set(rows[0]) == set(next(r for r in results("test_engine") if r["question"] == "test_engine.q1"))


def test_a_failing_listener_never_breaks_a_check(layer_question):
    def broken(row):
        raise RuntimeError("disk full")

    stop = on_record(broken)
    try:
        with pytest.warns(UserWarning, match="disk full"):
            result = layer_question.check(_layer)
    finally:
        stop()
    assert result.outcome is Outcome.CORRECT


def test_record_round_trips_and_rejects_malformed_rows():
    row = Record("ch.q1", "t", "correct", 2, True, "ch", "2026-11-30T10:00:00+00:00").as_dict()
    assert Record.from_dict(row).as_dict() == row
    for bad in [[], {"question": "ch.q1"}, {"question": "ch.q1", "outcome": "great"},
                {"question": "ch.q1", "outcome": "correct", "hints": -1}]:
        with pytest.raises(ValueError):
            Record.from_dict(bad)
