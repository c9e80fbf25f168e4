"""Shared checks for a chapter's question module: known-right answers pass, known-wrong fail.

A chapter's test file calls :func:`question_tests` with, for each question,
a function that builds a right answer and a list of functions that build
wrong ones (functions, so every test gets fresh objects)::

    test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)
"""

import pytest

from latentedu.exercises.engine import Outcome, Question, ____


def questions_of(module) -> dict:
    return {name: q for name, q in vars(module).items() if isinstance(q, Question)}


def question_tests(module, right: dict, wrong: dict):
    qs = questions_of(module)

    @pytest.mark.parametrize("name", sorted(right))
    def test_right(name):
        result = qs[name].check(right[name]())
        assert result.outcome is Outcome.CORRECT, str(result)

    cases = [(name, i) for name in sorted(wrong) for i in range(len(wrong[name]))]

    @pytest.mark.parametrize("name,i", cases)
    def test_wrong(name, i):
        result = qs[name].check(wrong[name][i]())
        assert result.outcome is Outcome.INCORRECT, str(result)
        assert "Traceback" not in result.message

    @pytest.mark.parametrize("name", sorted(qs))
    def test_covered(name):
        q = qs[name]
        assert name in right and len(wrong.get(name, [])) >= 2, f"{name} needs a right and 2+ wrong answers"
        assert len(q.hints) >= 2, f"{name} needs at least two hints"
        assert "____" in q.starter, f"{name}'s starter has no blank to fill"
        assert q.check(____).outcome is Outcome.NOT_ATTEMPTED

    return test_right, test_wrong, test_covered
