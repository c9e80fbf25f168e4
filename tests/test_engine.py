"""The exercise engine: three outcomes, robust to whatever a learner hands it."""

import re
import time

import numpy as np
import pytest
import torch

from latentedu.exercises.engine import (Case, Incorrect, Outcome, Question, Record, ____, blank_lines,
                                        call_learner, choice_check, expect_array, expect_gradients,
                                        expect_number, expect_sequence, function_check, global_rng_untouched,
                                        how_far, kind_of, on_record, parse_choice, results, value_check)


def _layer(x, w, b):
    return x @ w + b


CASES = [Case((torch.arange(6.0).reshape(3, 2), torch.ones(2, 4), torch.zeros(4)), about="three samples"),
         Case((torch.ones(1, 2), -torch.ones(2, 4), torch.arange(4.0)), about="one sample")]


@pytest.fixture
def layer_question():
    return Question("q1", "A layer", "Compute `x @ w + b`.", check=function_check(_layer, CASES),
                    hints=["first", "second", "third"], starter="def f(x, w, b):\n    return ____\n\nq1.check(f)",
                    solution="def f(x, w, b):\n    return x @ w + b\n\nq1.check(f)", chapter="test_engine")


@pytest.fixture
def number_question():
    return Question("q2", "A number", "Give 3.5.", check=value_check(3.5, rtol=0, atol=1e-6),
                    hints=["h1", "h2", "h3"], starter="a = ____", solution="a = 3.5", chapter="test_engine")


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
                        hints=["a", "b", "c"], starter="____", solution="", chapter="test_engine")

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
    first, second, third, again = (layer_question.hint() for _ in range(4))
    assert "first" in first.message and "Hint 1 of 3" in first.label and "again for the next" in first.message
    assert "second" in second.message and "last hint" not in second.message
    assert "third" in third.message and "last hint" in third.message
    assert "third" in again.message
    shown = layer_question.solution()
    assert "x @ w + b" in shown.code
    row = next(r for r in results("test_engine") if r["question"] == "test_engine.q1")
    assert row["hints"] == 3 and row["solution_shown"]


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


def test_a_question_needs_three_hints():
    with pytest.raises(ValueError, match="hint"):
        Question("q0", "t", "p", check=value_check(1), hints=[], starter="", solution="")
    with pytest.raises(ValueError, match="has 2 hint\\(s\\); it needs at least 3"):
        Question("q0", "t", "p", check=value_check(1), hints=["a", "b"], starter="", solution="")
    Question("q0", "t", "p", check=value_check(1), hints=["a", "b", "c"], starter="", solution="")


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


# --------------------------------------------------------------------------- contract checks


def _make(check, name="qz"):
    return Question(name, "t", "p", check=check, hints=["a", "b", "c"], starter="x = ____", solution="x = 1",
                    chapter="test_engine_contract")


def _loss(x, x_hat, mean, log_var, beta):
    reconstruction = ((x - x_hat) ** 2).sum(dim=1)
    kl = 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(dim=1)
    return (reconstruction + beta * kl).mean()


_G = torch.Generator().manual_seed(5)
LOSS_CASES = [Case((torch.rand(4, 3, generator=_G), torch.rand(4, 3, generator=_G), torch.randn(4, 2, generator=_G),
                    torch.randn(4, 2, generator=_G), 2.0), about="four rows")]


def _loss_no_grad(*args):
    with torch.no_grad():
        return _loss(*args)


def _loss_rebuilt(*args):
    return torch.tensor(_loss(*args).item())


def _loss_kl_detached(x, x_hat, mean, log_var, beta):
    reconstruction = ((x - x_hat) ** 2).sum(dim=1)
    kl = 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(dim=1)
    return (reconstruction + beta * kl.detach()).mean()


def _loss_log_var_detached(x, x_hat, mean, log_var, beta):
    return _loss(x, x_hat, mean, log_var.detach(), beta)


@pytest.mark.parametrize("answer,fragment", [
    (_loss_no_grad, "cut off from the inputs"),
    (_loss_rebuilt, "cut off from the inputs"),
    (lambda *a: _loss(*a).detach(), "cut off from the inputs"),
    (_loss_kl_detached, "back to `mean`"),
    (_loss_log_var_detached, "back to `log_var`"),
])
def test_a_loss_must_keep_its_gradient_path(answer, fragment):
    question = _make(function_check(_loss, LOSS_CASES, differentiable=(1, 2, 3)))
    assert question.check(_loss).outcome is Outcome.CORRECT
    result = question.check(answer)
    assert result.outcome is Outcome.INCORRECT and fragment in result.message, result.message
    plain = _make(function_check(_loss, LOSS_CASES), name="qplain")  # without the contract these pass
    assert plain.check(answer).outcome is Outcome.CORRECT


def test_expect_gradients_catches_a_partly_constant_result():
    a, b = torch.ones(3, requires_grad=True), torch.ones(3, requires_grad=True)
    reference = torch.autograd.grad((a * b).sum(), [a, b])
    expect_gradients(a * b, [a, b], reference, names=["a", "b"])
    with pytest.raises(Incorrect, match="gradient with respect to `b` is wrong"):
        expect_gradients(a * b + b.detach(), [a, b], [reference[0], 2 * reference[1]], names=["a", "b"])
    with pytest.raises(Incorrect, match="torch tensor"):
        expect_gradients(3.0, [a], names=["a"])


def _draw(n, seed):
    return torch.randn(n, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("answer", [
    lambda n, seed: (torch.manual_seed(seed), _draw(n, seed))[1],          # reseeds the global generator
    lambda n, seed: (torch.rand(1), _draw(n, seed))[1],                     # draws from it
    lambda n, seed: (np.random.seed(seed), _draw(n, seed))[1],             # numpy's legacy global
    lambda n, seed: (torch.manual_seed(seed), torch.randn(n))[1],          # both: the classic mistake
])
def test_a_question_asking_for_a_generator_leaves_the_global_rng_alone(answer):
    question = _make(function_check(_draw, [Case((5, 1))], rng_untouched=True))
    torch.manual_seed(123)
    np.random.seed(123)
    expected_torch, expected_numpy = torch.rand(3), np.random.rand(3)
    torch.manual_seed(123)
    np.random.seed(123)
    assert question.check(_draw).outcome is Outcome.CORRECT
    result = question.check(answer)
    assert result.outcome is Outcome.INCORRECT and "global" in result.message
    assert torch.equal(torch.rand(3), expected_torch) and np.array_equal(np.random.rand(3), expected_numpy)


def test_global_rng_untouched_restores_the_state_even_when_the_block_fails():
    torch.manual_seed(7)
    expected = torch.rand(2)
    torch.manual_seed(7)
    with pytest.raises(ZeroDivisionError):
        with global_rng_untouched():
            torch.manual_seed(0)
            1 / 0
    assert torch.equal(torch.rand(2), expected)


@pytest.mark.parametrize("got,fragment", [
    ([2, 0], "wrong order"),
    ({0, 2}, "a set has no order"),
    (torch.tensor([0, 2]), "a torch tensor"),
    (np.array([0, 2]), "a numpy array"),
    ([np.int64(0), np.int64(2)], "Python ints"),
    ([torch.tensor(0), 2], "Python ints"),
    ([0, 1], "1 of the 2 dimensions should not be there"),
    ([0, 2, 3], "too many"),
    ([0], "too few"),
    (None, "None"),
    ("0, 2", "should be a list"),
    ([0, 0], "more than once"),
])
def test_expect_sequence_messages(got, fragment):
    with pytest.raises(Incorrect, match=re.escape(fragment)):
        expect_sequence(got, [0, 2], what="dimensions", order="increasing")
    expect_sequence([0, 2], [0, 2])
    expect_sequence((0, 2), [0, 2])
    expect_sequence({2, 0}, [0, 2], ordered=False)


def test_a_list_answer_uses_the_typed_check():
    question = _make(function_check(lambda n: list(range(n)), [Case((3,), about="n = 3")]))
    assert question.check(lambda n: list(range(n))).outcome is Outcome.CORRECT
    result = question.check(lambda n: torch.arange(n))
    assert result.outcome is Outcome.INCORRECT and ".tolist()" in result.message


def test_indices_in_the_wrong_order_are_named_as_such():
    expected = np.array([4, 9, 1])
    with pytest.raises(Incorrect, match="right indices, but in the wrong order: they should be in order, "
                                        "nearest first") as caught:
        expect_array(np.array([9, 4, 1]), expected, indices=True, order="nearest first")
    assert "difference" not in str(caught.value)
    with pytest.raises(Incorrect, match="1 of the 3 indices should not be there"):
        expect_array(np.array([4, 9, 2]), expected, indices=True)
    with pytest.raises(Incorrect, match="integer indices"):
        expect_array(np.array([4.0, 9.0, 1.0]), expected.astype(float), indices=True)


@pytest.mark.parametrize("answer", ["c", "(c)", "C", "c.", " c ", "c)", "'c'", "[C]", "three  little pigs"])
def test_multiple_choice_accepts_every_usual_format(answer):
    question = _make(choice_check("c", {"a": "one", "b": "two", "c": "Three little pigs"},
                                  explain="It has the most pigs."))
    result = question.check(answer)
    assert result.outcome is Outcome.CORRECT and "most pigs" in result.message


@pytest.mark.parametrize("answer,fragment", [
    ("a", "a is not it"), ("b", "Not \"b\""), ("e", "one of the letters"), ("cc", "one of the letters"),
    (3, "you gave an int"), (None, "you gave None"),
])
def test_multiple_choice_wrong_answers(answer, fragment):
    question = _make(choice_check("c", {"a": "one", "b": "two", "c": "three"}, reasons={"a": "a is not it"}))
    result = question.check(answer)
    assert result.outcome is Outcome.INCORRECT and fragment in result.message, result.message
    assert question.check(____).outcome is Outcome.NOT_ATTEMPTED


def test_choice_check_refuses_letters_that_are_not_options():
    with pytest.raises(ValueError, match="not among the options"):
        choice_check("e", {"a": "one", "b": "two"})
    assert parse_choice("B.", ["a", "b"]) == "b"


def test_tuple_answers_name_their_parts():
    question = _make(value_check((1.0, 2.0), names=("dw", "db")))
    assert "Your `db` (3) is about 50% too large" in question.check((1.0, 3.0)).message
    grads = _make(function_check(lambda w: (2 * w, w), [Case((1.5,), about="w = 1.5")], names=("dw", "db")),
                  name="qgrads")
    message = grads.check(lambda w: (2 * w, 2 * w)).message
    assert "The `db` your function returns on w = 1.5 (3) is about 2 times too large" in message
    assert "should be a tuple (dw, db)" in question.check(1.0).message


@pytest.mark.parametrize("got,expected,words", [
    (2.6, 2.0, "about 30% too large"), (1.4, 2.0, "about 30% too small"), (2.01, 2.0, "by less than 1%"),
    (25.0, 2.0, "about 10 times too large"), (0.5, 2.0, "about 4 times too small"), (-2.0, 2.0, "wrong sign"),
    (2.08, 2.0, "about 4% too large"), (5e4, 2.0, "more than 1000 times too large"),
    (-20.0, -2.0, "about 10 times too large in magnitude"), (-1.4, -2.0, "about 30% too small in magnitude"),
    (0.0, -2.0, "zero, which is too large"),
])
def test_a_single_value_says_how_far_without_the_difference(got, expected, words):
    assert words in how_far(got, expected)
    with pytest.raises(Incorrect) as caught:
        expect_number(got, expected)
    assert words in str(caught.value)
    assert "difference" not in str(caught.value) and f"{abs(got - expected):.3g}" not in str(caught.value)


def test_message_glitches_are_gone():
    with pytest.raises(Incorrect) as one:
        expect_array(np.array([3.0]), np.array([2.0]))
    assert "but its value (3) is about 50% too large" in str(one.value) and "The value" not in str(one.value)
    with pytest.raises(Incorrect, match="1 of 2 values is off"):
        expect_array(np.array([1.0, 3.0]), np.array([1.0, 2.0]))
    with pytest.raises(Incorrect, match="2 of 2 values are off"):
        expect_array(np.array([2.0, 3.0]), np.array([1.0, 2.0]))
    assert kind_of(np.zeros(2)) == "a numpy array of shape (2,)"
    assert kind_of(3) == "an int" and kind_of(3.0) == "a float" and kind_of([1]) == "a list of 1 item"
    assert kind_of(None) == "None" and kind_of({1, 2}) == "a set of 2 items"


def test_a_function_returning_none_is_told_so(layer_question, number_question):
    def forgot_return(x, w, b):
        x @ w + b

    result = layer_question.check(forgot_return)
    assert result.outcome is Outcome.INCORRECT and "returned None" in result.message
    assert "nan" not in result.message.lower()
    assert "is None" in number_question.check(None).message
    with pytest.raises(Incorrect, match="returned None"):
        call_learner(lambda: None)
    assert call_learner(lambda: None, allow_none=True) is None


def test_a_working_function_with_an_unused_blank_is_graded_with_a_note(layer_question):
    def works(x, w, b):
        scale = ____
        return x @ w + b

    def fails(x, w, b):
        scale = ____
        return x @ w

    first_line = works.__code__.co_firstlineno
    assert blank_lines(works) == [(first_line + 1, "scale = ____")]
    result = layer_question.check(works)
    assert result.outcome is Outcome.CORRECT
    assert f"Note: line {first_line + 1} (`scale = ____`) still has a blank `____`. Your code works without it" \
        in result.message
    result = layer_question.check(fails)
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert f"Line {fails.__code__.co_firstlineno + 1} (`scale = ____`) still has a blank" in result.message


def test_blanks_in_a_learners_class_are_found():
    class Model:
        def forward(self, x):
            return x * ____

    assert [text for _, text in blank_lines(Model())] == ["return x * ____"]
    assert blank_lines(Model) and blank_lines(np.ones(2)) == [] and blank_lines(torch.nn.Linear(1, 1)) == []


def test_a_check_may_explain_a_right_answer():
    question = _make(lambda answer: "Because the ratio tends to 1.")
    assert question.check(1).message == "Well done. Because the ratio tends to 1."


# --------------------------------------------------------------------------- the probes of questions_helper

def _probe(name):
    from questions_helper import PROBES

    return next(p for p in PROBES if p.name == name)


def _unused(mean, log_var, threshold):
    kl = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=0)
    return [d for d in range(len(kl)) if kl[d] < threshold]


UNUSED_CASES = [Case((torch.cat([torch.zeros(5, 1), torch.ones(5, 1), torch.zeros(5, 1)], 1), torch.zeros(5, 3),
                      0.01), about="three dimensions")]


def _loose_list_check(answer):  # the old generic fallback: compares with ==, so a set or a tensor slips through
    got = call_learner(answer, *UNUSED_CASES[0].args)
    if sorted(got) != _unused(*UNUSED_CASES[0].args):
        raise Incorrect("wrong")


def _crashing_check(answer):  # the old latent_space q5: `size` is a method on tensors
    got = call_learner(answer, np.ones(3))
    if getattr(got, "size", 1) > 1:
        raise Incorrect("one number please")
    expect_number(got, 3.0)


@pytest.mark.parametrize("probe,defective,fixed,right", [
    ("as set", _loose_list_check, function_check(_unused, UNUSED_CASES), lambda: _unused),
    ("as tensor", _loose_list_check, function_check(_unused, UNUSED_CASES), lambda: _unused),
    ("other library", _crashing_check, function_check(np.sum, [Case((np.ones(3),))], kind="any"),
     lambda: (lambda x: float(np.sum(x)))),
    ("no_grad", function_check(_loss, LOSS_CASES), function_check(_loss, LOSS_CASES, differentiable=(1, 2, 3)),
     lambda: _loss),
    ("rebuilt from item", function_check(_loss, LOSS_CASES),
     function_check(_loss, LOSS_CASES, differentiable=(1, 2, 3)), lambda: _loss),
    ("global reseed", function_check(_draw, [Case((5, 1))]), function_check(_draw, [Case((5, 1))], rng_untouched=True),
     lambda: _draw),
    ("choice formats", lambda answer: None if answer == "c" else (_ for _ in ()).throw(Incorrect("no")),
     choice_check("c", {"a": "x", "b": "y", "c": "z"}), lambda: "c"),
    ("returns None", lambda answer: expect_number(float(np.nan_to_num(np.float64(call_learner(
        answer, allow_none=True) or np.nan), nan=np.nan)), 1.0), function_check(lambda: 1.0, [Case()]),
     lambda: (lambda: 1.0)),
])
def test_each_probe_fails_on_a_defective_question_and_passes_when_fixed(probe, defective, fixed, right):
    bad = Question("qbad", "t", "Use a `torch.Generator`; `.backward()` must work. \"a\", \"b\" or \"c\"",
                   check=defective, hints=["a", "b", "c"], starter="____", solution="", chapter="probe_test")
    good = Question("qgood", "t", bad.prompt, check=fixed, hints=["a", "b", "c"], starter="____", solution="",
                    chapter="probe_test")
    assert _probe(probe).applies(good)
    with pytest.raises(AssertionError):
        _probe(probe).run(bad, right)
    _probe(probe).run(good, right)


def test_the_unused_blank_probe_accepts_a_working_function(layer_question):
    _probe("unused blank").run(layer_question, lambda: _layer)


@pytest.mark.parametrize("expected,got,fragment", [
    (True, False, "(False) is not right"), (True, "yes", "True or False"), (True, torch.tensor([True]), "True or False"),
    ("pca", 3, "should be a string"), ("pca", "tsne", "('tsne') is not right"),
    (None, torch.ones(2), "a torch tensor of shape (2,), which is not right"),
])
def test_other_values_are_compared_without_crashing(expected, got, fragment):
    result = _make(value_check(expected), name="qother").check(got)
    assert result.outcome is Outcome.INCORRECT and fragment in result.message, result.message
    assert _make(value_check(expected), name="qother").check(expected).outcome is Outcome.CORRECT


FUZZ_EXPECTED = [2.0, -3, np.array([1.0, 2.0]), torch.tensor([1.0, 2.0]), np.array([[1, 2]]), (1.0, np.ones(2)),
                 [0, 2], [0.5, 1.5], True, "pca", torch.tensor(2.0)]
FUZZ_GOT = [None, 2.0, "2", [2.0], (2.0,), {2.0}, {1: 2}, np.array([1.0, 2.0]), torch.tensor([1.0, 2.0]),
            torch.tensor(2.0), np.array(2.0), torch.tensor([1, 2]), [2, 0], {0, 2}, (1.0, torch.ones(2)),
            [torch.tensor(0), 2], np.bool_(True), float("nan"), np.array([np.nan, 1]), lambda: 1, object(),
            torch.ones(2, requires_grad=True), np.array(["a", "b"]), np.array([1, None], dtype=object),
            [None, None], [[0], [2]], b"x", 1j, np.int64(2)]


@pytest.mark.parametrize("expected", FUZZ_EXPECTED, ids=lambda e: type(e).__name__)
def test_no_answer_reaches_the_generic_fallback(expected):
    value = _make(value_check(expected), name="qfuzz")
    function = _make(function_check(lambda: expected, [Case()]), name="qfuzzf")
    for got in FUZZ_GOT:
        for result in (value.check(got), function.check(lambda: got)):
            assert result.outcome is not Outcome.NOT_ATTEMPTED, (expected, got)
            assert "could not be checked" not in result.message and "Traceback" not in result.message, \
                (expected, got, result.message)


HIDDEN = ____  # a cell above the function left unfilled


def test_a_global_that_still_holds_the_blank_counts_as_a_blank(layer_question):
    def uses_hidden(x, w, b):
        return (x @ w + b) * HIDDEN

    line = uses_hidden.__code__.co_firstlineno + 1
    assert blank_lines(uses_hidden) == [(line, "return (x @ w + b) * HIDDEN")]
    result = layer_question.check(uses_hidden)
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert f"Line {line} (`return (x @ w + b) * HIDDEN`) uses `HIDDEN`, which is still `____`" in result.message

    def breaks_on_it(x, w, b):
        return torch.nn.Linear(2, HIDDEN)(x)  # raises: the blank is not a size

    assert layer_question.check(breaks_on_it).outcome is Outcome.NOT_ATTEMPTED


def test_blank_descriptions_read_well():
    from latentedu.exercises.engine import _describe_blanks

    assert _describe_blanks([(3, "y = ____", ())]) == "Line 3 (`y = ____`) still has a blank `____`"
    assert _describe_blanks([(3, "a = ____", ()), (4, "b = ____", ()), (6, "c = x * lr", ("lr",)),
                             (7, "d = ____", ()), (8, "e = ____", ())]) == (
        "Line 3 (`a = ____`) and line 4 (`b = ____`) still have a blank `____`; line 6 (`c = x * lr`) uses "
        "`lr`, which is still `____`; 2 more lines too")
