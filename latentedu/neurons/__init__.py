"""Weights and biases: one neuron, one layer, and a small network that learns a latent space.

Used by notebook ``01_weights_and_biases`` and its two widget demos (the
one-neuron lab and the network playground in ``latentedu.widgets.neurons``).
Every name below is importable from ``latentedu.neurons`` itself.

The story in code:

* :mod:`~latentedu.neurons.neuron`: a neuron computes ``z = x @ w + b`` and then
  an activation ``a = f(z)`` (:func:`neuron_output`); its decision boundary is
  the line ``z = 0`` (:func:`boundary_line`), which the weights turn and the
  bias shifts; a layer does the same for many neurons at once, ``f(X @ W + b)``;
* :mod:`~latentedu.neurons.network`: :class:`PlaygroundNet` stacks layers
  ``2 -> width -> 2 -> classes``, and :class:`Playground` trains it step by step
  with cross-entropy and a ``torch.optim`` optimizer, so a widget can advance it
  a few steps per tick;
* :mod:`~latentedu.neurons.plots` draws both (``plot_*``).

Why the playground's last hidden layer has exactly 2 units: the output layer
is linear, so the network can only be right when the data, as that last
hidden layer represents it, is *linearly separable*. With 2 units that space
is a plane we can draw exactly, with the output layer's straight class
boundaries on it, instead of a PCA shadow of a wider layer (a projection
can hide or invent separations). The wide first layer does the bending; the
2-unit layer is the learned latent space the learner watches.
"""

from .network import (DATASETS, Playground, PlaygroundNet, count_parameters, layer_parameter_counts, linear_accuracy,
                      make_dataset, output_boundaries)
from .neuron import ACTIVATIONS, NETWORK_ACTIVATIONS, activation, boundary_line, neuron_grid, neuron_output
from .plots import (plot_activations, plot_hidden_space, plot_loss, plot_network_regions, plot_neuron,
                    plot_neuron_projection)

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "NETWORK_ACTIVATIONS",
    "Playground",
    "PlaygroundNet",
    "activation",
    "boundary_line",
    "count_parameters",
    "layer_parameter_counts",
    "linear_accuracy",
    "make_dataset",
    "neuron_grid",
    "neuron_output",
    "output_boundaries",
    "plot_activations",
    "plot_hidden_space",
    "plot_loss",
    "plot_network_regions",
    "plot_neuron",
    "plot_neuron_projection",
]
