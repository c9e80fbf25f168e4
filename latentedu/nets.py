"""The small fully connected networks the course builds, from one recipe.

Autoencoders (chapter 03), the GAN's two players (chapter 06) and the VAE
(chapter 07) all stack ``Linear`` layers with an activation between them; this
module is the one place that recipe is written.
"""

from __future__ import annotations

from ._validation import check_int_list

from collections.abc import Sequence

from torch import nn

__all__ = ["LAYER_ACTIVATIONS", "mlp"]

# Activation layers by name (the LeakyReLU slope 0.2 follows the DCGAN paper, Radford et al., 2015).
LAYER_ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "leaky_relu": lambda: nn.LeakyReLU(0.2),
    "identity": nn.Identity,
}


def mlp(sizes: Sequence[int], activation: str = "relu", *, last_activation: bool = False,
        last: nn.Module | None = None) -> nn.Sequential:
    """``Linear`` layers of widths ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``.

    An ``activation`` layer follows every ``Linear`` but the last; with
    ``last_activation`` it follows the last one too, and ``last`` (for example
    ``nn.Sigmoid()``) is appended at the very end.
    """
    sizes = check_int_list(sizes, "sizes", low=1, example="(64, 32, 2)")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two widths (inputs and outputs), got {sizes}.")
    if activation not in LAYER_ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, LAYER_ACTIVATIONS))}; "
                         f"got {activation!r}.")
    layers: list[nn.Module] = []
    n_layers = len(sizes) - 1
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < n_layers - 1 or last_activation:
            layers.append(LAYER_ACTIVATIONS[activation]())
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)
