"""latentedu.descent: surfaces, optimizer paths (checked against torch.optim), backprop, snapshots, demos."""

import numpy as np
import pytest
import torch

from latentedu import descent
from latentedu.data import make_circles

STEPS = 150


# --------------------------------------------------------------------------- surfaces

@pytest.mark.parametrize("name", descent.SURFACES)
def test_gradient_matches_central_differences(name):
    surface = descent.make_surface(name, condition=20)
    rng = np.random.default_rng(0)
    points = rng.uniform(-1.5, 1.5, size=(4, 3, 2))  # any leading shape
    eps = 1e-6
    numeric = np.stack([(surface.value(points + [eps, 0]) - surface.value(points - [eps, 0])) / (2 * eps),
                        (surface.value(points + [0, eps]) - surface.value(points - [0, eps])) / (2 * eps)], -1)
    grad = surface.grad(points)
    assert grad.shape == (4, 3, 2)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", descent.SURFACES)
def test_minimum_is_where_the_surface_says(name):
    surface = descent.make_surface(name)
    assert surface.gap(surface.minimum) == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(surface.grad(surface.minimum), [0.0, 0.0], atol=1e-12)
    rng = np.random.default_rng(1)
    points = rng.uniform(surface.xlim[0], surface.xlim[1], size=(500, 2))
    assert (surface.gap(points) >= -1e-12).all()


def test_bowl_curvatures_are_one_and_one_over_condition():
    surface = descent.make_surface("bowl", condition=40)
    eps = 1e-5
    hessian = np.stack([(surface.grad([eps, 0.0]) - surface.grad([-eps, 0.0])) / (2 * eps),
                        (surface.grad([0.0, eps]) - surface.grad([0.0, -eps])) / (2 * eps)])
    np.testing.assert_allclose(np.linalg.eigvalsh(hessian), [1 / 40, 1.0], rtol=1e-6)


def test_saddle_has_a_saddle_point_at_the_origin():
    surface = descent.make_surface("saddle")
    np.testing.assert_allclose(surface.grad([0.0, 0.0]), [0.0, 0.0])
    assert surface.value([0.1, 0.0]) > surface.value([0.0, 0.0]) > surface.value([0.0, 0.1])


# --------------------------------------------------------------------------- paths against torch.optim

CASES = [("bowl", (-2.5, 1.0), 0.5), ("rosenbrock", (-1.5, 2.5), 1e-3), ("beale", (0.7, 1.4), 0.01),
         ("saddle", (-1.8, 0.3), 0.1)]


@pytest.mark.parametrize("optimizer", descent.OPTIMIZERS)
@pytest.mark.parametrize("name,start,lr", CASES, ids=[c[0] for c in CASES])
def test_paths_agree_with_torch_optim(optimizer, name, start, lr):
    surface = descent.make_surface(name, condition=30)
    lr = lr if optimizer in ("gd", "momentum", "nesterov") else 0.05
    ours = descent.descent_path(surface, start, optimizer, lr, STEPS, momentum=0.8)
    theirs = descent.torch_path(surface, start, optimizer, lr, STEPS, momentum=0.8)
    assert ours.shape == theirs.shape == (STEPS + 1, 2)
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("optimizer", ["rmsprop", "adam"])
def test_adaptive_hyperparameters_follow_torch(optimizer):
    surface = descent.make_surface("beale")
    kwargs = {"alpha": 0.9, "eps": 1e-4} if optimizer == "rmsprop" else {"betas": (0.5, 0.9), "eps": 1e-3}
    ours = descent.descent_path(surface, (1.0, 1.0), optimizer, 0.02, 80, **kwargs)
    theirs = descent.torch_path(surface, (1.0, 1.0), optimizer, 0.02, 80, **kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-11)


def test_first_steps_by_hand():
    surface = descent.make_surface("saddle")
    start = np.array([1.0, 0.5])
    g0 = surface.grad(start)  # (1, 0.125 - 0.5)
    np.testing.assert_allclose(g0, [1.0, -0.375])
    gd = descent.descent_path(surface, start, "gd", 0.1, 1)
    np.testing.assert_allclose(gd[1], start - 0.1 * g0)
    mom = descent.descent_path(surface, start, "momentum", 0.1, 2, momentum=0.5)
    g1 = surface.grad(mom[1])
    np.testing.assert_allclose(mom[2], mom[1] - 0.1 * (0.5 * g0 + g1))
    adam = descent.descent_path(surface, start, "adam", 0.1, 1)
    np.testing.assert_allclose(adam[1], start - 0.1 * np.sign(g0), atol=1e-7)  # Adam's first step ~ lr * sign(g)


def test_race_is_the_five_paths_and_batched_starts_are_independent():
    surface = descent.make_surface("bowl", condition=30)
    paths = descent.race(surface, (-2.0, 1.0), lr=0.8, adaptive_lr=0.2, num_steps=60, momentum=0.7)
    assert list(paths) == list(descent.OPTIMIZERS)
    for name, path in paths.items():
        lr = 0.2 if name in ("rmsprop", "adam") else 0.8
        np.testing.assert_array_equal(path, descent.descent_path(surface, (-2.0, 1.0), name, lr, 60, momentum=0.7))
    starts = np.array([[-2.0, 1.0], [1.0, 2.0], [0.5, -0.5]])
    batch = descent.descent_path(surface, starts, "adam", 0.1, 40)
    assert batch.shape == (41, 3, 2)
    for i, start in enumerate(starts):
        np.testing.assert_allclose(batch[:, i], descent.descent_path(surface, start, "adam", 0.1, 40))


def test_momentum_beats_gradient_descent_on_an_ill_conditioned_bowl():
    surface = descent.make_surface("bowl", condition=100)
    gd = descent.descent_path(surface, surface.start, "gd", 1.0, 400)
    momentum = descent.descent_path(surface, surface.start, "momentum", 1.0, 400, momentum=0.8)
    assert descent.steps_to_reach(surface, gd) is None
    assert descent.steps_to_reach(surface, momentum) < 200


def test_too_large_a_learning_rate_diverges_to_nan():
    surface = descent.make_surface("bowl", condition=10)
    path = descent.descent_path(surface, surface.start, "gd", 2.5, 200)
    bad = ~np.isfinite(path).all(axis=1)
    assert bad.any() and not bad[0]
    assert bad[np.argmax(bad):].all(), "once diverged, the path stays NaN"
    assert descent.steps_to_reach(surface, path) is None
    assert descent.steps_to_reach(surface, descent.descent_path(surface, surface.start, "gd", 1.8, 200)) < 200


@pytest.mark.parametrize("call,error,words", [
    (lambda: descent.descent_path("bowl", (1.0, 1.0), "gd", 0.0, 10), ValueError, "lr"),
    (lambda: descent.descent_path("bowl", (1.0, 1.0), "gd", -0.1, 10), ValueError, "lr"),
    (lambda: descent.descent_path("bowl", (1.0, np.nan), "gd", 0.1, 10), ValueError, "NaN"),
    (lambda: descent.descent_path("bowl", (1.0, 2.0, 3.0), "gd", 0.1, 10), ValueError, "start"),
    (lambda: descent.descent_path("bowl", (1.0, 1.0), "sgd", 0.1, 10), ValueError, "optimizer"),
    (lambda: descent.descent_path("valley", (1.0, 1.0), "gd", 0.1, 10), ValueError, "name"),
    (lambda: descent.descent_path(3, (1.0, 1.0), "gd", 0.1, 10), TypeError, "make_surface"),
    (lambda: descent.descent_path("bowl", (1.0, 1.0), "momentum", 0.1, 10, momentum=1.0), ValueError, "momentum"),
    (lambda: descent.descent_path("bowl", (1.0, 1.0), "gd", 0.1, 2.5), TypeError, "num_steps"),
    (lambda: descent.make_surface("bowl", condition=0.5), ValueError, "condition"),
    (lambda: descent.make_surface("bowl").grad([1.0, 2.0, 3.0]), ValueError, "features"),
    (lambda: descent.race("bowl", [[0.0, 1.0], [1.0, 0.0]]), ValueError, "one start"),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --------------------------------------------------------------------------- drawing

def test_plots_return_their_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax_path, ax_loss = fig.subplots(1, 2)
    surface = descent.make_surface("rosenbrock")
    paths = descent.race(surface, num_steps=30)
    assert descent.plot_paths(ax_path, surface, paths) is ax_path
    assert len(ax_path.get_lines()) >= len(paths)
    assert descent.plot_loss_curves(ax_loss, surface, paths) is ax_loss
    lines = ax_loss.get_lines()
    assert len(lines) == len(paths)
    gap = surface.gap(paths["adam"])
    np.testing.assert_allclose(lines[-1].get_ydata(), np.log10(np.maximum(gap, 1e-16)))  # log10 of the gap
    assert ax_loss.yaxis.get_major_formatter()(-6, 0) == "1e-6"


# --------------------------------------------------------------------------- backprop by hand

@pytest.fixture
def tiny():
    rng = np.random.default_rng(0)
    params = descent.init_two_layer(3, 4, 2, random_state=0)
    return params, rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


def test_backprop_by_hand_matches_autograd_and_numerical_gradient(tiny):
    params, x, y = tiny
    loss, by_hand = descent.two_layer_backward(params, x, y)
    torch_loss, autograd = descent.torch_gradient(params, x, y)
    numeric = descent.numerical_gradient(lambda p: descent.two_layer_backward(p, x, y)[0], params)
    assert loss == pytest.approx(torch_loss, rel=1e-12)
    assert loss == pytest.approx(np.mean((descent.two_layer_forward(params, x)["out"] - y) ** 2))
    report = descent.compare_gradients(by_hand, autograd, label="by hand vs autograd", rtol=1e-10, atol=1e-12)
    assert report.matches and report.max_difference < 1e-12
    report = descent.compare_gradients(by_hand, numeric, label="by hand vs numerical", rtol=1e-5, atol=1e-8)
    assert report and 0 < report.max_difference < 1e-7
    assert "matches" in str(report) and "W1" in str(report)
    for name in params:
        assert by_hand[name].shape == params[name].shape


def test_compare_gradients_catches_a_wrong_gradient(tiny):
    params, x, y = tiny
    _, by_hand = descent.two_layer_backward(params, x, y)
    wrong = dict(by_hand, b1=by_hand["b1"] * 1.01)
    report = descent.compare_gradients(by_hand, wrong)
    assert not report and "DOES NOT MATCH" in str(report)
    assert [row[3] for row in report.rows] == [True, False, True, True]


def test_backprop_bad_input(tiny):
    params, x, y = tiny
    with pytest.raises(ValueError, match="features"):
        descent.two_layer_backward(params, x[:, :2], y)
    with pytest.raises(ValueError, match="one target row"):
        descent.two_layer_backward(params, x, y[:3])
    with pytest.raises(TypeError, match="W1, b1, W2, b2"):
        descent.two_layer_backward({"W1": params["W1"]}, x, y)
    with pytest.raises(ValueError, match="NaN"):
        descent.two_layer_backward(dict(params, W2=params["W2"] * np.nan), x, y)
    with pytest.raises(ValueError, match="do not fit"):
        descent.two_layer_forward(dict(params, b1=np.zeros(5)), x)
    with pytest.raises(ValueError, match="different parameters"):
        descent.compare_gradients(params, {"W1": params["W1"]})


# --------------------------------------------------------------------------- hidden-layer snapshots

def test_hidden_snapshots_show_the_classes_separating():
    x, y = make_circles(200, random_state=0)
    before = torch.random.get_rng_state()
    snapshots, (gx, gy) = descent.hidden_snapshots(x, y, epochs=(0, 10, 150), resolution=20)
    assert torch.equal(before, torch.random.get_rng_state()), "the global torch generator is untouched"
    assert [s.epoch for s in snapshots] == [0, 10, 150]
    assert snapshots[0].hidden.shape == (200, 2) and snapshots[0].regions.shape == gx.shape == (20, 20)
    assert snapshots[0].accuracy < 0.8 and snapshots[-1].accuracy >= 0.97
    assert snapshots[-1].loss < snapshots[0].loss / 5
    # the output neuron's line separates the classes in the hidden space: a linear read-out suffices
    side = snapshots[-1].hidden @ snapshots[-1].w + snapshots[-1].b > 0
    assert (side == y.numpy().astype(bool)).mean() == pytest.approx(snapshots[-1].accuracy)
    again, _ = descent.hidden_snapshots(x, y, epochs=(0, 10, 150), resolution=20)
    np.testing.assert_array_equal(again[-1].hidden, snapshots[-1].hidden)


def test_hidden_snapshots_bad_input():
    x, y = make_circles(50, random_state=0)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        descent.hidden_snapshots(x, y + 1, epochs=(0,))
    with pytest.raises(ValueError, match="one label per point"):
        descent.hidden_snapshots(x, y[:10], epochs=(0,))


# --------------------------------------------------------------------------- demos

def test_optimizer_race_redraws_for_every_control():
    from latentedu.widgets.descent import optimizer_race

    demo = optimizer_race(num_steps=60)
    new_values = {"condition": 300.0, "x0": 1.0, "y0": -1.5, "lr": 0.05, "adaptive_lr": 0.01,
                  "momentum": 0.3, "num_steps": 100}
    for name, value in new_values.items():
        before = demo.png
        demo.controls[name].value = value
        assert demo.png != before, f"moving {name} did not change the picture"
        assert "color:#b00" not in demo.readout.value, demo.readout.value
    before = demo.png
    demo.controls["surface"].value = "rosenbrock"
    assert demo.png != before
    assert (demo.controls["x0"].value, demo.controls["y0"].value) == (-1.5, 2.5)
    assert demo.controls["lr"].value == pytest.approx(1e-3)
    demo.controls["lr"].value = 3.0
    assert "diverged" in demo.readout.value


def test_optimizer_race_greys_out_kappa_off_the_bowl():
    """κ changes nothing on the other surfaces, so it must not look like a live control there."""
    from latentedu.widgets.descent import optimizer_race

    demo = optimizer_race(num_steps=30)
    kappa = demo.controls["condition"]
    assert not kappa.disabled
    demo.controls["surface"].value = "rosenbrock"
    assert kappa.disabled
    before = demo.png
    kappa.value = 1000.0
    assert demo.png == before  # the reason it is greyed out
    demo.controls["surface"].value = "bowl"
    assert not kappa.disabled
    assert optimizer_race(surface="saddle", num_steps=30).controls["condition"].disabled


def test_hidden_layer_demo_scrubs_through_epochs():
    from latentedu.widgets.descent import hidden_layer_epochs

    demo = hidden_layer_epochs(epochs=(0, 30), n_samples=120)
    assert "epoch 30" in demo.readout.value
    before = demo.png
    demo.controls["epoch"].value = 0
    assert demo.png != before and "epoch 0" in demo.readout.value
    before = demo.png
    demo.controls["data"].value = "moons"
    assert demo.png != before
