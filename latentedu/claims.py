"""Results a lesson states, computed and checked: the course's claims.

A lesson never states a measured result in prose alone. A cell computes the
numbers and registers the claim; the sentence the learner reads is printed
from those numbers, so it can only say what this run measured::

    from latentedu.claims import claim

    claim("autoencoder beats PCA at 2 dimensions", ae_error < pca_error,
          values={"autoencoder": ae_error, "PCA": pca_error},
          says=f"The autoencoder's error ({ae_error:.4f}) is below PCA's ({pca_error:.4f}).",
          otherwise=f"On this run PCA's error ({pca_error:.4f}) is not above the autoencoder's "
                    f"({ae_error:.4f}).")

When the claim holds, the learner reads ``says``. When it does not, the
learner reads ``otherwise`` (or a plain statement of the numbers) with a note
that the lesson's text expected the opposite; the notebook goes on. Under
``LATENTEDU_STRICT_CLAIMS=1`` (set by the test suite and the benchmark) a claim
that does not hold raises :class:`ClaimDoesNotHold` instead, naming the claim
and its values, so a library change that quietly flips a result fails CI.
Every claim made in a kernel is kept in :func:`registered`, which the
benchmark reads into its JSON.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field

__all__ = ["Claim", "ClaimDoesNotHold", "STRICT_VARIABLE", "claim", "clear", "registered", "registered_json"]

STRICT_VARIABLE = "LATENTEDU_STRICT_CLAIMS"

_REGISTRY: dict[str, "Claim"] = {}


class ClaimDoesNotHold(AssertionError):
    """A registered claim was false on this run (raised only under ``LATENTEDU_STRICT_CLAIMS=1``)."""


@dataclass
class Claim:
    """One stated result: its name, whether it held on this run, and the numbers behind it."""

    name: str
    holds: bool
    values: dict = field(default_factory=dict)
    says: str = ""
    otherwise: str = ""

    @property
    def sentence(self) -> str:
        """What the learner reads: the lesson's sentence if the claim held, else what was measured."""
        if self.holds:
            return self.says or f"{self.name}: holds ({self._numbers()})."
        told = self.otherwise or f"{self.name}: does not hold on this run ({self._numbers()})."
        return (f"{told} (The lesson expected “{self.name}”; results like this one can depend on the "
                "seed and the sample size.)")

    def _numbers(self) -> str:
        return ", ".join(f"{k} = {_short(v)}" for k, v in self.values.items())

    def as_dict(self) -> dict:
        return {"name": self.name, "holds": self.holds, "values": {k: _plain(v) for k, v in self.values.items()}}

    def _repr_markdown_(self) -> str:
        return ("" if self.holds else "⚠️ ") + self.sentence

    def __repr__(self) -> str:
        return self.sentence


def claim(name: str, holds, values: dict | None = None, *, says: str = "", otherwise: str = "") -> Claim:
    """Register the claim ``name`` with whether it ``holds`` on this run and the ``values`` behind it.

    ``holds`` is a bool (numpy and torch booleans work). Returns the
    :class:`Claim`, which shows its sentence as a cell's output.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a claim needs a name (a short sentence), got {name!r}.")
    if hasattr(holds, "item"):
        holds = holds.item()
    if not isinstance(holds, bool):
        raise TypeError(f"holds must be True or False (a comparison of the measured values), "
                        f"got {type(holds).__name__}.")
    values = dict(values or {})
    bad = [k for k, v in values.items() if isinstance(v, float) and not math.isfinite(v)]
    if bad:  # a NaN compares False with everything: a claim resting on one is not checked at all
        raise ValueError(f"claim {name!r}: the values {bad} are not finite numbers, so the claim cannot be judged.")
    made = Claim(name, holds, values, says, otherwise)
    _REGISTRY[name] = made
    if not holds and os.environ.get(STRICT_VARIABLE) == "1":
        raise ClaimDoesNotHold(f"The claim “{name}” does not hold on this run: {made._numbers()}.")
    return made


def registered() -> list[dict]:
    """Every claim made in this process, as JSON-ready dicts (``name``, ``holds``, ``values``)."""
    return [c.as_dict() for c in _REGISTRY.values()]


def registered_json() -> str:
    return json.dumps(registered())


def clear() -> None:
    """Forget the claims made so far."""
    _REGISTRY.clear()


def _plain(value):
    if hasattr(value, "item") and getattr(value, "ndim", getattr(value, "dim", lambda: 0)) in (0,):
        value = value.item()
    if hasattr(value, "tolist"):
        value = value.tolist()
    return value


def _short(value) -> str:
    value = _plain(value)
    return f"{value:.4g}" if isinstance(value, float) else str(value)
