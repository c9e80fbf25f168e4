"""Gradient descent and backpropagation: loss surfaces, optimizer paths, gradients by hand.

Used by ``notebooks/02_gradient_descent.ipynb``, its exercises and the demos
in ``latentedu.widgets.descent``. One module per part, in the order of the
lesson; every name below is importable from ``latentedu.descent`` itself:

1. :mod:`~latentedu.descent.surfaces`: small 2-D losses with a known minimum
   (a tilted ill-conditioned bowl, Rosenbrock's valley, Beale's function, a
   saddle), each with a value and a gradient that work on arrays of points at once.
2. :mod:`~latentedu.descent.optimizers`: gradient descent, momentum, Nesterov,
   RMSprop and Adam written out in numpy, following ``torch.optim``'s update
   rules exactly, so :func:`descent_path` and :func:`torch_path` visit the same points.
3. :mod:`~latentedu.descent.backprop`: backpropagation by hand for a tiny
   two-layer network, a numerical gradient, and :func:`compare_gradients`,
   which reports "matches / max difference".
4. :mod:`~latentedu.descent.minibatch`: mini-batches, epochs and stochastic
   gradient descent on a line fitted by least squares: :func:`epoch_batches`
   cuts one epoch into batches, :func:`minibatch_paths` trains with several
   batch sizes from one start.
5. :mod:`~latentedu.descent.snapshots`: a small network's 2-D hidden layer
   recorded across training, to watch a latent representation form.

:mod:`~latentedu.descent.plots` draws them (``plot_*``).
"""

from .backprop import (GradientReport, compare_gradients, init_two_layer, numerical_gradient, torch_gradient,
                       two_layer_backward, two_layer_forward)
from .minibatch import MinibatchRun, batch_gradient_spread, epoch_batches, minibatch_paths
from .optimizers import OPTIMIZER_COLORS, OPTIMIZER_NAMES, OPTIMIZERS, descent_path, race, steps_to_reach, torch_path
from .plots import (plot_contours, plot_loss_curves, plot_minibatch_losses, plot_minibatch_paths, plot_paths,
                    plot_snapshot)
from .snapshots import Snapshot, hidden_snapshots
from .surfaces import SURFACES, Surface, make_surface

__all__ = [
    "OPTIMIZERS",
    "OPTIMIZER_COLORS",
    "OPTIMIZER_NAMES",
    "SURFACES",
    "GradientReport",
    "MinibatchRun",
    "Snapshot",
    "Surface",
    "batch_gradient_spread",
    "compare_gradients",
    "descent_path",
    "epoch_batches",
    "hidden_snapshots",
    "init_two_layer",
    "make_surface",
    "minibatch_paths",
    "numerical_gradient",
    "plot_contours",
    "plot_loss_curves",
    "plot_minibatch_losses",
    "plot_minibatch_paths",
    "plot_paths",
    "plot_snapshot",
    "race",
    "steps_to_reach",
    "torch_gradient",
    "torch_path",
    "two_layer_backward",
    "two_layer_forward",
]
