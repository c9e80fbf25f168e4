"""What a check concludes, and how it is shown.

A check has three outcomes (:class:`Outcome`): a check function raises
:class:`Incorrect` with a message for a wrong answer, and the private
``_NotAttempted`` when the answer is still the ``____`` blank. A
:class:`Result` is what ``q.check()``, ``q.hint()`` and ``q.solution()``
return: Markdown in a notebook, plain text in a console.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Incorrect", "Outcome", "Result"]


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
