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
    # float64 all the way; numpy's and torch's kernels round differently by up to ~1e-9 relative
    # from one numpy release to another (1.26 against 2.x), so the tolerance sits just above that
    np.testing.assert_allclose(ours, theirs, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("optimizer", ["rmsprop", "adam"])
def test_adaptive_hyperparameters_follow_torch(optimizer):
    surface = descent.make_surface("beale")
    kwargs = {"alpha": 0.9, "eps": 1e-4} if optimizer == "rmsprop" else {"betas": (0.5, 0.9), "eps": 1e-3}
    ours = descent.descent_path(surface, (1.0, 1.0), optimizer, 0.02, 80, **kwargs)
    theirs = descent.torch_path(surface, (1.0, 1.0), optimizer, 0.02, 80, **kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-8, atol=1e-10)


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

def test_plot_paths_draws_each_path_the_start_and_the_minimum():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    surface = descent.make_surface("rosenbrock")
    paths = descent.race(surface, num_steps=30)
    assert descent.plot_paths(ax, surface, paths) is ax
    lines = {line.get_label(): line for line in ax.get_lines()}
    for name, path in paths.items():
        line = lines[descent.OPTIMIZER_NAMES[name]]
        np.testing.assert_array_equal(line.get_xydata(), path)  # every step, in order
        assert line.get_color() == descent.OPTIMIZER_COLORS[name] and line.get_marker() == "."
    points = [tuple(line.get_xydata()[0]) for line in ax.get_lines() if len(line.get_xydata()) == 1]
    assert surface.minimum in points and tuple(surface.start) in points  # the star and the start
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [descent.OPTIMIZER_NAMES[n] for n in paths]
    assert ax.get_xlim() == surface.xlim and ax.get_ylim() == surface.ylim
    assert ax.collections, "the contour lines are drawn"


def test_plot_loss_curves_draws_log10_of_the_gap():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    surface = descent.make_surface("bowl", condition=10)
    paths = descent.race(surface, num_steps=80, lr=2.5)  # gradient descent diverges at this rate
    assert descent.plot_loss_curves(ax, surface, paths) is ax
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [descent.OPTIMIZER_NAMES[n] for n in paths]
    for line, (name, path) in zip(lines, paths.items()):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(81))
        finite = np.isfinite(path).all(axis=1)
        np.testing.assert_allclose(line.get_ydata()[finite], np.log10(np.maximum(surface.gap(path[finite]), 1e-16)))
        assert np.isnan(line.get_ydata()[~finite]).all(), "a diverged path's curve stops"
    assert np.isnan(lines[0].get_ydata()[-1]) and np.isfinite(lines[-1].get_ydata()).all()
    assert ax.yaxis.get_major_formatter()(-6, 0) == "1e-6"


def test_plot_snapshot_draws_regions_points_and_the_output_line():
    from matplotlib.figure import Figure

    x, y = make_circles(60, random_state=0)
    snapshots, grid = descent.hidden_snapshots(x, y, epochs=(20,), resolution=10)
    snap = snapshots[0]
    ax_in, ax_hidden = Figure().subplots(1, 2)
    assert descent.plot_snapshot(ax_in, ax_hidden, snap, x, y, grid) == (ax_in, ax_hidden)
    drawn = np.concatenate([c.get_offsets() for c in ax_hidden.collections])
    np.testing.assert_allclose(np.sort(drawn, axis=0), np.sort(snap.hidden, axis=0))
    (line,) = ax_hidden.get_lines()
    w, b = snap.w, snap.b
    np.testing.assert_allclose(line.get_xydata() @ w + b, 0.0, atol=1e-5)  # the output neuron's switch line
    assert "epoch 20" in ax_in.get_title() and f"{snap.accuracy:.0%}" in ax_hidden.get_title()


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
    with pytest.raises(ValueError, match="same length"):
        descent.two_layer_backward(params, x, y[:3])
    with pytest.raises(ValueError, match="one target column per output"):
        descent.two_layer_backward(params, x, y[:, :1])
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
    with pytest.raises(ValueError, match="x and y must have the same length"):
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


# --------------------------------------------------------------------------- one drawing per picture

def _line_marks(lines) -> list[tuple]:
    """What a list of Line2D draws, order aside: data, colour, marker, line style, widths, alpha."""
    from matplotlib.colors import to_rgba

    marks = [(np.round(np.nan_to_num(line.get_xydata(), nan=1e300), 12).tobytes(), to_rgba(line.get_color()),
              line.get_marker(), line.get_linestyle() if len(line.get_xydata()) > 1 else "",
              line.get_linewidth(), line.get_markersize(), line.get_alpha()) for line in lines]
    return sorted(marks, key=repr)


@pytest.mark.parametrize("surface", ["bowl", "saddle"])
def test_optimizer_race_draws_what_plot_paths_and_plot_loss_curves_draw(surface):
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from latentedu.widgets.descent import optimizer_race

    demo = optimizer_race(surface=surface, condition=30.0, momentum=0.7, num_steps=60)
    v = demo.values
    chosen = descent.make_surface(v["surface"], v["condition"])
    paths = descent.race(chosen, (v["x0"], v["y0"]), lr=v["lr"], adaptive_lr=v["adaptive_lr"], num_steps=60,
                         momentum=v["momentum"])
    ax_path, ax_loss = Figure().subplots(1, 2)
    descent.plot_paths(ax_path, chosen, paths)
    descent.plot_loss_curves(ax_loss, chosen, paths)
    widget_lines = [a for a in demo.figure.artists if isinstance(a, Line2D)]
    assert len(widget_lines) == len(ax_path.get_lines()) + len(ax_loss.get_lines()) > 2 * len(paths)
    assert _line_marks(widget_lines) == _line_marks(ax_path.get_lines() + ax_loss.get_lines())


def test_hidden_layer_demo_draws_what_plot_snapshot_draws():
    from matplotlib.colors import to_rgba
    from matplotlib.contour import ContourSet
    from matplotlib.figure import Figure
    from matplotlib.image import BboxImage
    from matplotlib.lines import Line2D

    from latentedu.widgets.descent import hidden_layer_epochs

    demo = hidden_layer_epochs(epochs=(0, 30), n_samples=120)
    x, y = make_circles(120, random_state=0)
    snapshots, grid = descent.hidden_snapshots(x, y, epochs=(0, 30), random_state=0)
    ax_in, ax_hidden = Figure().subplots(1, 2)
    descent.plot_snapshot(ax_in, ax_hidden, snapshots[-1], x, y, grid)
    lines = [a for a in demo.figure.artists if isinstance(a, Line2D)]
    widget_points = sorted((a.get_xydata().astype(np.float32).tobytes(), to_rgba(a.get_color()))
                           for a in lines if a.get_linestyle() == "None")
    plotted = sorted((np.asarray(c.get_offsets(), dtype=np.float32).tobytes(), to_rgba(c.get_facecolor()[0], 1.0))
                     for ax in (ax_in, ax_hidden) for c in ax.collections if not isinstance(c, ContourSet))
    assert len(widget_points) == 4 and widget_points == plotted  # two classes, in the input and the hidden plane
    (boundary,) = [a for a in lines if a.get_linestyle() == "--"]
    np.testing.assert_array_equal(boundary.get_xydata(), ax_hidden.get_lines()[0].get_xydata())
    (regions,) = [a for a in demo.figure.artists if isinstance(a, BboxImage)]
    np.testing.assert_array_equal(regions.get_array()[::-1], snapshots[-1].regions)  # what contourf fills
    texts = [t.get_text() for t in demo.figure.texts]
    assert ax_in.get_title() in texts and ax_hidden.get_title() in texts


# --------------------------------------------------------------------------- mini-batches

from latentedu.descent.minibatch import _line_loss  # noqa: E402 - the loss the runs record

def _line_points(n=50, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n)
    return x, 1.5 * x - 0.5 + rng.normal(0, 0.3, n)


@pytest.mark.parametrize("n, batch_size", [(10, 4), (200, 32), (7, 7), (7, 1), (128, 128), (129, 128)])
def test_epoch_batches_cover_every_sample_once_in_ceil_n_over_b_batches(n, batch_size):
    batches = descent.epoch_batches(n, batch_size, random_state=0)
    assert len(batches) == -(-n // batch_size)
    assert [len(b) for b in batches[:-1]] == [batch_size] * (len(batches) - 1)
    assert len(batches[-1]) == n - (len(batches) - 1) * batch_size
    assert sorted(np.concatenate(batches).tolist()) == list(range(n))
    assert all(np.array_equal(b, np.sort(b)) for b in batches)


def test_epoch_batches_shuffle_is_seeded_and_can_be_turned_off():
    first = descent.epoch_batches(20, 6, random_state=5)
    again = descent.epoch_batches(20, 6, random_state=5)
    other = descent.epoch_batches(20, 6, random_state=6)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other))
    assert [b.tolist() for b in descent.epoch_batches(5, 2, shuffle=False)] == [[0, 1], [2, 3], [4]]
    rng = np.random.default_rng(0)  # a Generator is advanced: two epochs differ
    one, two = descent.epoch_batches(20, 20, rng), descent.epoch_batches(20, 6, rng)
    assert np.array_equal(one[0], np.arange(20)) and len(two) == 4


def test_the_full_batch_is_exactly_gradient_descent():
    x, y = _line_points()
    run = descent.minibatch_paths(x, y, (None,), lr=0.1, epochs=25, start=(0.5, 1.0), random_state=3)[len(x)]
    w, b, expected = 0.5, 1.0, [(0.5, 1.0)]
    for _ in range(25):
        residual = w * x + b - y
        w, b = w - 0.1 * np.mean(2 * residual * x), b - 0.1 * np.mean(2 * residual)
        expected.append((w, b))
    assert run.steps_per_epoch == 1 and run.path.shape == (26, 2)
    np.testing.assert_array_equal(run.path, np.array(expected))  # bit for bit, whatever the seed
    np.testing.assert_array_equal(run.samples, np.arange(26) * len(x))
    np.testing.assert_allclose(run.epochs, np.arange(26))
    np.testing.assert_allclose(run.loss, [np.mean((p[0] * x + p[1] - y) ** 2) for p in expected], rtol=1e-12)


def test_minibatch_steps_follow_their_own_batches():
    x, y = _line_points(n=10)
    run = descent.minibatch_paths(x, y, (4,), lr=0.05, epochs=2, start=(0.0, 0.0), random_state=7)[4]
    rng = np.random.default_rng(7)
    w, b = 0.0, 0.0
    for _ in range(2):
        for index in descent.epoch_batches(10, 4, rng):
            residual = w * x[index] + b - y[index]
            w, b = w - 0.05 * np.mean(2 * residual * x[index]), b - 0.05 * np.mean(2 * residual)
    assert run.steps_per_epoch == 3 and len(run.path) == 7
    np.testing.assert_array_equal(run.path[-1], (w, b))
    assert run.samples.tolist() == [0, 4, 8, 10, 14, 18, 20]
    assert run.epoch_ends[0] == pytest.approx(np.mean(y ** 2)) and run.epoch_ends[2] == run.loss[-1]
    assert len(run.last_epoch) == 3 and len(run.epoch_ends) == 3


def test_minibatch_paths_same_seed_same_runs_and_the_lessons_story():
    rng = np.random.default_rng(2)
    x = rng.uniform(-3, 3, 200)
    y = 1.7 * x + 0.8 + rng.normal(0, 0.5, 200)
    runs = descent.minibatch_paths(x, y, (None, 32, 1), lr=0.05, epochs=10, start=(-0.5, -1.0), random_state=0)
    again = descent.minibatch_paths(x, y, (200, 32, 1), lr=0.05, epochs=10, start=(-0.5, -1.0), random_state=0)
    assert list(runs) == [200, 32, 1]
    assert all(np.array_equal(runs[s].path, again[s].path) for s in runs)
    assert [runs[s].steps_per_epoch for s in runs] == [1, 7, 200]
    # after one epoch (the same work) the mini-batches are far below the single full-batch step
    assert runs[200].epoch_ends[1] > 5 * runs[32].epoch_ends[1] > 5 * runs[1].epoch_ends[1]
    least = _line_loss(np.polyfit(x, y, 1), x, y)
    assert least == pytest.approx(0.2785, abs=1e-4)
    assert np.ptp(runs[1].last_epoch) > 10 * np.ptp(runs[32].last_epoch)
    assert (runs[32].loss[-70:] >= least - 1e-12).all()  # nothing goes below the least-squares loss


def test_line_loss_and_gradient_spread():
    x, y = _line_points()
    assert _line_loss((1.5, -0.5), x, y) == pytest.approx(np.mean((1.5 * x - 0.5 - y) ** 2))
    grid = np.zeros((3, 4, 2))
    assert _line_loss(grid, x, y).shape == (3, 4)
    np.testing.assert_allclose(_line_loss(grid, x, y), np.mean(y ** 2))
    spread = [descent.batch_gradient_spread(x, y, (0.0, 0.0), s, random_state=0) for s in (50, 10, 1)]
    assert spread[0] == 0.0 and spread[0] < spread[1] < spread[2]


@pytest.mark.parametrize("call, error, words", [
    (lambda: descent.epoch_batches(10, 0), ValueError, "batch_size must be between 1"),
    (lambda: descent.epoch_batches(10, 11), ValueError, "larger than the 10 samples"),
    (lambda: descent.epoch_batches(10, 2.5), TypeError, "whole number"),
    (lambda: descent.epoch_batches(10, 2, random_state=-1), ValueError, "random_state"),
    (lambda: descent.epoch_batches(10, 2, shuffle="yes"), TypeError, "shuffle"),
    (lambda: descent.minibatch_paths([1.0, 2.0], [1.0], (1,)), ValueError, "same length"),
    (lambda: descent.minibatch_paths([[1.0, 2.0]], [1.0], (1,)), ValueError, "1 dimensions"),
    (lambda: descent.minibatch_paths([1.0, 2.0], [1.0, 2.0], (3,)), ValueError, "full-batch"),
    (lambda: descent.minibatch_paths([1.0, 2.0], [1.0, 2.0], (1,), lr=0.0), ValueError, "lr must be"),
    (lambda: descent.minibatch_paths([1.0, 2.0], [1.0, 2.0], (1,), start=(1.0,)), ValueError, "two numbers"),
    (lambda: descent.minibatch_paths([10.0, 20.0], [1.0, 2.0], (1,), lr=5.0, epochs=50), FloatingPointError,
     "smaller learning rate"),
    (lambda: descent.minibatch_paths([1.0, 2.0], [1.0, 2.0], 2), TypeError, "list of batch sizes"),
    (lambda: descent.minibatch_paths([1.0, 2.0], [1.0, 2.0], (1, 1)), ValueError, "repeats"),
    (lambda: _line_loss((1.0, 2.0, 3.0), [1.0], [1.0]), ValueError, "(w, b)"),
    (lambda: descent.batch_gradient_spread([1.0, 2.0], [1.0, 2.0], (1.0, 0.0), 1), ValueError, "is zero"),
])
def test_minibatch_bad_inputs_say_what_to_do(call, error, words):
    with pytest.raises(error, match=None) as info:
        call()
    assert words in str(info.value)


def test_minibatch_plots_draw_one_line_per_run():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x, y = _line_points()
    runs = descent.minibatch_paths(x, y, (None, 10), lr=0.05, epochs=3, start=(0.0, 0.0))
    fig, (a, b, c) = plt.subplots(1, 3)
    descent.plot_minibatch_paths(a, runs, x, y, epochs=1)
    assert [len(line.get_xdata()) for line in a.get_lines()[:2]] == [2, 6]  # 1 and 5 steps after one epoch
    descent.plot_minibatch_losses(b, runs, against="steps")
    descent.plot_minibatch_losses(c, runs)
    np.testing.assert_allclose(c.get_lines()[1].get_xdata(), runs[10].epochs)
    np.testing.assert_allclose(b.get_lines()[0].get_ydata(), runs[50].loss)
    with pytest.raises(ValueError, match="against"):
        descent.plot_minibatch_losses(b, runs, against="time")
    with pytest.raises(TypeError, match="minibatch_paths"):
        descent.plot_minibatch_paths(a, {}, x, y)
    plt.close(fig)
