"""Seed-dependent claims of chapter 02 (``course/02_gradient_descent.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). Most of chapter 02 is exact
arithmetic on fixed surfaces (the optimizer race, the step counts, the gradient checks): those
results do not depend on a seed and are claimed in the lesson only. ``measure(seed)`` repeats the
runs that do: section 3's mini-batch runs (the seed decides the shuffles; the 200 points are
fixed), the hand-written backprop loop (its starting weights) and the 2-D hidden layer that
separates the rings (its starting weights and the rings' points).
"""

import numpy as np

NOTEBOOK = "notebooks/02_gradient_descent.ipynb"


def _minibatch(seed: int) -> dict:
    """Section 3: full batch, 32 and 1 on 200 fixed points, 10 epochs; the seed shuffles."""
    from latentedu import descent

    data_rng = np.random.default_rng(2)
    x_many = data_rng.uniform(-3, 3, size=200)
    y_many = 1.7 * x_many + 0.8 + data_rng.normal(0, 0.5, size=200)
    start = (-0.5, -1.0)
    runs = descent.minibatch_paths(x_many, y_many, batch_sizes=(200, 32, 1), lr=0.05, epochs=10, start=start,
                                   random_state=seed)
    m = {}
    for size, run in runs.items():
        m[f"batch {size} after 1 epoch"] = run.epoch_ends[1]
        m[f"batch {size} after 7 steps"] = float(run.loss[7])
        m[f"batch {size} last-epoch range"] = float(np.ptp(run.last_epoch))
        m[f"batch {size} after 10 epochs"] = float(run.loss[-1])
    for size in (200, 32, 8, 1):
        m[f"gradient spread batch {size}"] = descent.batch_gradient_spread(x_many, y_many, start, size, random_state=seed)
    return m


def measure(seed: int) -> dict:
    from latentedu import descent
    from latentedu.data import make_circles

    rng = np.random.default_rng(1)
    rng.normal(size=(8, 3)), rng.normal(size=(8, 1))  # the lesson draws the backprop batch first
    x_train = rng.uniform(-2, 2, size=(64, 3))
    y_train = np.sin(x_train[:, :1]) + 0.5 * x_train[:, 1:2] * x_train[:, 2:3]
    net = descent.init_two_layer(3, 16, 1, random_state=seed)
    losses = []
    for _ in range(400):
        loss, grads = descent.two_layer_backward(net, x_train, y_train)
        net = {name: net[name] - 0.1 * grads[name] for name in net}
        losses.append(loss)
    x_rings, y_rings = make_circles(n_samples=300, random_state=seed)
    snapshots, _ = descent.hidden_snapshots(x_rings, y_rings, epochs=(0, 5, 20, 60, 150, 400), random_state=seed)
    return {"backprop loss step 0": float(losses[0]), "backprop loss step 400": float(losses[-1]),
            "rings accuracy epoch 0": float(snapshots[0].accuracy),
            "rings accuracy epoch 400": float(snapshots[-1].accuracy), **_minibatch(seed)}


_SPREADS = [f"gradient spread batch {size}" for size in (200, 32, 8, 1)]

CLAIMS = {
    "after one epoch, batches of 32 and of 1 are below the full batch's loss after its one step":
        lambda m: (max(m["batch 32 after 1 epoch"], m["batch 1 after 1 epoch"]) < m["batch 200 after 1 epoch"],
                   {"full batch": m["batch 200 after 1 epoch"], "batch 32": m["batch 32 after 1 epoch"],
                    "batch 1": m["batch 1 after 1 epoch"]}),
    "the smaller the batch, the further its gradient from the full gradient":
        lambda m: (bool(np.all(np.diff([m[k] for k in _SPREADS]) > 0)), {k[16:]: m[k] for k in _SPREADS}),
    "step for step, the batch of 32 keeps up with the full batch (within 20% after 7 steps)":
        lambda m: (abs(m["batch 32 after 7 steps"] / m["batch 200 after 7 steps"] - 1) < 0.2,
                   {"full batch": m["batch 200 after 7 steps"], "batch 32": m["batch 32 after 7 steps"]}),
    "batch 1 keeps jittering: its last-epoch loss range is over 10 times batch 32's":
        lambda m: (m["batch 1 last-epoch range"] > 10 * m["batch 32 last-epoch range"],
                   {"range, batch 1": m["batch 1 last-epoch range"], "range, batch 32": m["batch 32 last-epoch range"],
                    "loss of the full batch after 10 epochs": m["batch 200 after 10 epochs"]}),
    "hand-written backprop lowers the training loss at least 20-fold in 400 steps":
        lambda m: (m["backprop loss step 0"] >= 20 * m["backprop loss step 400"],
                   {"loss at step 0": m["backprop loss step 0"], "loss after 400 steps": m["backprop loss step 400"]}),
    "the rings start at chance in the 2-D hidden layer (at most 0.6) and are separated by epoch 400 (at least 0.99)":
        lambda m: (m["rings accuracy epoch 0"] <= 0.6 and m["rings accuracy epoch 400"] >= 0.99, {"accuracy at epoch 0": m["rings accuracy epoch 0"],
                                                            "accuracy at epoch 400": m["rings accuracy epoch 400"]}),
}
