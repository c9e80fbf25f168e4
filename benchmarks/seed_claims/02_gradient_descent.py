"""Seed-dependent claims of chapter 02 (``course/02_gradient_descent.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). Most of chapter 02 is exact
arithmetic on fixed surfaces (the optimizer race, the step counts, the gradient checks): those
results do not depend on a seed and are claimed in the lesson only. ``measure(seed)`` repeats the
two training runs that do: the hand-written backprop loop (its starting weights) and the 2-D
hidden layer that separates the rings (its starting weights and the rings' points).
"""

import numpy as np

NOTEBOOK = "notebooks/02_gradient_descent.ipynb"


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
            "rings accuracy epoch 400": float(snapshots[-1].accuracy)}


CLAIMS = {
    "hand-written backprop lowers the training loss at least 20-fold in 400 steps":
        lambda m: (m["backprop loss step 0"] >= 20 * m["backprop loss step 400"],
                   {"loss at step 0": m["backprop loss step 0"], "loss after 400 steps": m["backprop loss step 400"]}),
    "the 2-D hidden layer separates the rings by epoch 400 (training accuracy at least 0.99)":
        lambda m: (m["rings accuracy epoch 400"] >= 0.99, {"accuracy at epoch 0": m["rings accuracy epoch 0"],
                                                            "accuracy at epoch 400": m["rings accuracy epoch 400"]}),
}
