"""Checked exercises. Each chapter declares its questions in a module of its own.

In an exercise notebook::

    from latentedu.exercises import ____
    from latentedu.exercises.latent_space import q1, q2

    q1.check(my_answer)   # correct / incorrect (with a reason) / not attempted
    q1.hint()             # the next hint
    q1.solution()         # the reference solution

Every check, hint and solution is also saved to a small progress file (see
:mod:`latentedu.exercises.progress`; ``latentedu.progress()`` shows it).
"""

from .engine import Case, Incorrect, Question, Record, Result, ____, on_record, results

__all__ = ["Case", "Incorrect", "Question", "Record", "Result", "____", "on_record", "results"]

from . import progress as _progress  # noqa: E402  (after the engine it listens to)

_progress.start_recording()
