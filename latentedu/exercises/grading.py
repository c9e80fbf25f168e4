"""Grade a learner's exercise notebook: run it in a fresh kernel, then report each question.

Used by the ``latentedu grade`` console command and by the course's own tests
(the solutions must score full marks; the untouched exercises, none).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GradeReport", "NotebookCannotRun", "grade"]

_PROBE = "from latentedu.exercises.engine import results_json as _r\nprint(_r())"


class NotebookCannotRun(RuntimeError):
    """The notebook could not be read or run to the end (invalid file, dead kernel, time-out)."""


@dataclass
class GradeReport:
    path: str
    rows: list[dict]
    cell_errors: list[str] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(row["outcome"] == "correct" for row in self.rows)

    @property
    def score(self) -> float:
        return self.correct / len(self.rows) if self.rows else 0.0

    def table(self) -> str:
        lines = [f"{self.path}", f"{'question':<24} {'outcome':<14} {'hints':>5}  solution seen"]
        for row in self.rows:
            lines.append(f"{row['question']:<24} {row['outcome']:<14} {row['hints']:>5}  "
                         f"{'yes' if row['solution_shown'] else 'no'}")
        lines.append(f"score: {self.correct}/{len(self.rows)} ({self.score:.0%})")
        lines += [f"cell error: {error}" for error in self.cell_errors]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"path": self.path, "score": self.score, "correct": self.correct,
                "questions": self.rows, "cell_errors": self.cell_errors}


def grade(path, timeout: int = 300, kernel_name: str = "python3") -> GradeReport:
    """Run the notebook at ``path`` top to bottom (errors in a cell do not stop it) and grade it."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:  # missing file, or not a notebook
        raise NotebookCannotRun(f"cannot read {path}: {exc}") from None
    nb.cells.append(nbformat.v4.new_code_cell(_PROBE))
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    try:
        client.execute()
    except CellTimeoutError:
        raise NotebookCannotRun(f"{path}: a cell ran longer than {timeout} s") from None
    except DeadKernelError as exc:
        raise NotebookCannotRun(f"{path}: the kernel died ({exc})") from None
    probe = nb.cells.pop()
    errors = [f"cell {i}: {o.ename}: {o.evalue}" for i, cell in enumerate(nb.cells)
              for o in cell.get("outputs", []) if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream").strip()
    if not text:
        raise NotebookCannotRun(f"{path}: the exercise library could not be loaded in the kernel")
    return GradeReport(str(path), json.loads(text.splitlines()[-1]), errors)
