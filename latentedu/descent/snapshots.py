"""Hidden-layer snapshots: a small network's 2-D hidden layer recorded across training.

The last hidden layer has two units, so the data as the network re-maps it
can be drawn as it is, and a latent representation can be watched forming.
Used by the last section of ``notebooks/02_gradient_descent.ipynb`` and the
hidden-layer demo; :func:`latentedu.descent.plot_snapshot` draws one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_array, check_int, check_int_list, check_number, check_same_length

__all__ = ["Snapshot", "hidden_snapshots"]


@dataclass
class Snapshot:
    """The network at one moment of training: its 2-D hidden layer and how well it does.

    ``hidden`` is the data as the last hidden layer sees it, shape (n, 2);
    ``w, b`` are the output neuron's weights, so ``hidden @ w + b = 0`` is the
    line it separates the classes by; ``regions`` is the predicted class over
    ``grid_x, grid_y`` (the input plane), for decision regions.
    """

    epoch: int
    hidden: np.ndarray
    w: np.ndarray
    b: float
    loss: float
    accuracy: float
    regions: np.ndarray


def _snapshot_net(n_hidden: int, seed: int):
    import torch

    from ..nets import mlp

    with torch.random.fork_rng(devices=[]):  # seeded here without touching the global generator
        torch.manual_seed(seed)
        # 2 -> n_hidden -> 2 (the hidden space we draw: model[:4]) -> 1 logit (model[4])
        return mlp([2, n_hidden, 2, 1], "tanh")


def hidden_snapshots(x, y, *, epochs=(0, 5, 20, 60, 150, 400), n_hidden: int = 16, lr: float = 0.02,
                     resolution: int = 60, random_state: int = 0) -> tuple[list[Snapshot], tuple]:
    """Train a 2 -> n_hidden -> 2 -> 1 tanh network on a 2-class toy set, recording snapshots.

    The second hidden layer has two units, so the data as the network re-maps
    it can be drawn as it is. Training is full-batch Adam on binary
    cross-entropy through :func:`latentedu.training.fit`; a snapshot is taken
    before training (epoch 0) and after each epoch listed in ``epochs``.
    Returns ``(snapshots, (grid_x, grid_y))``. Used by the lesson's last
    section and the hidden-layer widget.
    """
    import torch

    from ..training import fit

    x_np = as_array(x, "x", ndim=2, n_features=2)
    y_np = as_array(y, "y", ndim=1)
    check_same_length(x=x_np, y=y_np)
    if not np.isin(y_np, (0, 1)).all():
        raise ValueError("y must hold the labels 0 and 1 only (a two-class set such as moons or circles).")
    epochs = sorted(set(check_int_list(epochs, "epochs", low=0, example="(0, 5, 20)")))
    resolution = check_int(resolution, "resolution", low=2)
    n_hidden = check_int(n_hidden, "n_hidden", low=1, high=1024)
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    random_state = check_int(random_state, "random_state", low=0, high=2**31 - 1)
    model = _snapshot_net(n_hidden, random_state)
    xt = torch.as_tensor(x_np, dtype=torch.float32)
    yt = torch.as_tensor(y_np, dtype=torch.float32)
    lo, hi = x_np.min(axis=0) - 0.5, x_np.max(axis=0) + 0.5
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = torch.as_tensor(np.stack([grid_x.ravel(), grid_y.ravel()], 1), dtype=torch.float32)
    snapshots: list[Snapshot] = []

    def record(epoch: int) -> None:
        with torch.no_grad():
            hidden = model[:4](xt)                       # (n, 2)
            logit = model[4](hidden)[:, 0]               # (n,)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, yt)
            regions = (model(grid)[:, 0] > 0).reshape(grid_x.shape).numpy().astype(np.int64)
        snapshots.append(Snapshot(epoch, hidden.numpy().copy(), model[4].weight[0].detach().numpy().copy(),
                                  float(model[4].bias[0].detach()), float(loss),
                                  float(((logit > 0).float() == yt).float().mean()), regions))

    def loss_fn(m, xb, yb):
        return torch.nn.functional.binary_cross_entropy_with_logits(m(xb)[:, 0], yb)

    if 0 in epochs:
        record(0)
    wanted = set(epochs)
    if max(epochs) > 0:
        fit(model, loss_fn, xt, yt, epochs=max(epochs), lr=lr, batch_size=len(xt), optimizer="adam",
            random_state=random_state, progress=False,
            on_epoch_end=lambda state: record(state.epoch) if state.epoch in wanted else None)
    return snapshots, (grid_x, grid_y)
