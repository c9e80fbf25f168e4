"""One way for a training demo to survive a learning rate that is too large."""

from __future__ import annotations

from typing import Callable

__all__ = ["DivergenceGuard"]


class DivergenceGuard:
    """Keeps a training demo alive when a learning rate is too large, and says what happened.

    A trainer whose loss becomes infinite raises ``FloatingPointError`` (as
    :meth:`latentedu.neurons.Playground.step` and ``latentedu.gan.GAN``'s steps
    do). Run the training steps through :meth:`train`, which catches it; the
    next ``draw`` calls :meth:`reset_if_diverged`, which resets the model and
    returns a warning to put before the readout (``""`` when all went well)::

        guard = DivergenceGuard("the network")
        ... Demo(..., buttons={"step": lambda: guard.train(model.step, 5)})
        def draw(fig, ...):
            warning = guard.reset_if_diverged(model.reset)
            ...
            return warning + readout
    """

    def __init__(self, model: str = "the network", loss: str = "the loss"):
        self.message = (f"Training diverged ({loss} became infinite), so {model} was reset: "
                        "lower the learning rate. ")
        self.error: str | None = None  # the trainer's own message, until the next draw

    def train(self, step: Callable[..., object], *args) -> None:
        """``step(*args)``, remembering a divergence instead of raising it."""
        try:
            step(*args)
        except FloatingPointError as exc:
            self.error = str(exc)

    def reset_if_diverged(self, reset: Callable[[], object]) -> str:
        """After a divergence, call ``reset()`` and return the warning; otherwise return ``""``."""
        if self.error is None:
            return ""
        self.error = None
        reset()
        return self.message
