"""Chapter 01's library: one neuron, a layer, the playground network and trainer, and the two demos."""

import math

import numpy as np
import pytest
import torch

from latentedu import neurons


# ---------------------------------------------------------------- one neuron

def test_activations_by_name():
    z = torch.tensor([-2.0, 0.0, 3.0])
    assert neurons.activation("step")(z).tolist() == [0.0, 0.0, 1.0]
    assert neurons.activation("relu")(z).tolist() == [0.0, 0.0, 3.0]
    assert neurons.activation("sigmoid")(z)[1].item() == pytest.approx(0.5)
    assert neurons.activation("tanh")(z)[0].item() == pytest.approx(math.tanh(-2.0))
    with pytest.raises(ValueError, match="activation must be one of"):
        neurons.activation("softmax")


def test_neuron_output_is_the_weighted_sum_plus_bias_then_activation():
    x = [[1.0, 2.0], [0.0, -1.0]]
    z = neurons.neuron_output(x, [0.5, -1.0], 1.0, "linear")
    assert z.tolist() == pytest.approx([1 * 0.5 + 2 * -1.0 + 1.0, 0 * 0.5 + -1 * -1.0 + 1.0])
    a = neurons.neuron_output(x, [0.5, -1.0], 1.0, "sigmoid")
    assert a.tolist() == pytest.approx([1 / (1 + math.exp(0.5)), 1 / (1 + math.exp(-2.0))], rel=1e-6)


def test_neuron_errors_name_the_fix():
    with pytest.raises(ValueError, match="one weight per input feature"):
        neurons.neuron_output([[1.0, 2.0]], [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match="Reshape"):
        neurons.neuron_output([1.0, 2.0], [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="NaN"):
        neurons.neuron_output([[1.0, 2.0]], [float("nan"), 1.0], 0.0)
    with pytest.raises(TypeError, match="b must be a number"):
        neurons.neuron_output([[1.0, 2.0]], [1.0, 1.0], "one")
    with pytest.raises(ValueError, match="no boundary"):
        neurons.boundary_line([0.0, 0.0], 1.0)


def test_boundary_is_perpendicular_to_w_and_the_bias_shifts_it():
    w = np.array([3.0, 4.0])
    for b in (-2.0, 0.0, 5.0):
        line = neurons.boundary_line(w, b)
        assert line @ w + b == pytest.approx([0.0, 0.0], abs=1e-9)  # both ends have z = 0
        assert (line[1] - line[0]) @ w == pytest.approx(0.0, abs=1e-9)  # runs across w
        # its distance from the origin is |b| / |w|
        foot = line[0] + ((-line[0]) @ (line[1] - line[0])) / np.sum((line[1] - line[0]) ** 2) * (line[1] - line[0])
        assert np.linalg.norm(foot) == pytest.approx(abs(b) / 5.0, abs=1e-9)


def test_neuron_grid_values():
    gx, gy, values = neurons.neuron_grid([1.0, 0.0], 0.0, "step", resolution=5)
    assert values.shape == (5, 5)
    assert (values == (gx > 0)).all()


# ---------------------------------------------------------------- networks

def test_playground_net_shapes_and_hidden_layers():
    net = neurons.PlaygroundNet(16, "tanh", n_classes=3)
    x = torch.randn(10, 2)
    assert net(x).shape == (10, 3)
    assert net.hidden(x).shape == (10, 2) and net.hidden(x, 0).shape == (10, 16)
    assert float(net.hidden(x).detach().abs().max()) <= 1.0  # tanh units
    assert neurons.count_parameters(net) == sum(neurons.layer_parameter_counts([2, 16, 2, 3])) == 91
    linear = neurons.PlaygroundNet(0, "tanh", latent=False)
    assert neurons.count_parameters(linear) == 6 and torch.equal(linear.hidden(x), x)
    with pytest.raises(ValueError, match="activation must be one of"):
        neurons.PlaygroundNet(8, "step")


def test_layer_parameter_counts():
    assert neurons.layer_parameter_counts([2, 16, 2, 2]) == [48, 34, 6]
    assert neurons.layer_parameter_counts([64, 128, 32, 2]) == [64 * 128 + 128, 128 * 32 + 32, 66]
    with pytest.raises(ValueError, match="at least two"):
        neurons.layer_parameter_counts([5])
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        neurons.count_parameters([1, 2])


def test_linear_accuracy_tells_separable_from_not():
    x, y = neurons.make_dataset("circles", 200, random_state=0)
    assert neurons.linear_accuracy(x, y) < 0.7
    radius = (x ** 2).sum(1, keepdim=True)
    assert neurons.linear_accuracy(torch.cat([x, radius], 1), y) > 0.97  # one extra feature suffices


@pytest.mark.parametrize("dataset", ["moons", "circles", "xor"])
def test_playground_learns_and_its_hidden_space_becomes_separable(dataset):
    pg = neurons.Playground(dataset, width=16, activation_name="tanh", lr=0.03)
    before = neurons.linear_accuracy(pg.hidden(), pg.y)
    pg.step(150)
    assert pg.steps == 150 and len(pg.loss_history) == len(pg.test_loss_history) == 150
    assert pg.loss_history[-1] < 0.2 * pg.loss_history[0]
    assert pg.accuracy("train") > 0.97 and pg.accuracy("test") > 0.95
    after = neurons.linear_accuracy(pg.hidden(), pg.y)
    assert after > 0.97 and after > before


def test_linear_activation_cannot_learn_circles():
    pg = neurons.Playground("circles", width=16, activation_name="linear", lr=0.03).step(150)
    assert pg.accuracy("train") < 0.7  # stacked linear layers are one linear map


def test_reset_is_reproducible_and_leaves_global_seed_alone():
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    pg = neurons.Playground("moons")
    first = pg.step(20).loss_history.copy()
    pg.reset()
    assert pg.steps == 0 and pg.loss_history == []
    assert pg.step(20).loss_history == first
    assert torch.equal(torch.rand(1), expected)  # the playground seeds privately


def test_set_lr_keeps_the_weights():
    pg = neurons.Playground("moons").step(10)
    weights = pg.model.output.weight.clone()
    pg.set_lr(0.1)
    assert torch.equal(pg.model.output.weight, weights) and pg.optimizer.param_groups[0]["lr"] == 0.1
    with pytest.raises(ValueError, match="lr must be in"):
        pg.set_lr(0.0)


def test_playground_input_errors():
    with pytest.raises(ValueError, match="dataset must be one of"):
        neurons.Playground("mnist")
    with pytest.raises(ValueError, match="lr must be in"):
        neurons.Playground("moons", lr=-0.1)
    with pytest.raises(ValueError, match="width must be between"):
        neurons.Playground("moons", width=0)
    with pytest.raises(ValueError, match="features per sample"):
        neurons.Playground("moons").predict([[1.0, 2.0, 3.0]])


def test_three_class_spirals():
    pg = neurons.Playground("spirals3")
    assert pg.n_classes == 3 and pg.predict_proba(pg.x).shape == (300, 3)
    assert pg.predict_proba(pg.x).sum(1).numpy() == pytest.approx(np.ones(300), abs=1e-5)


def test_output_boundaries_are_where_the_winning_class_changes():
    pieces = neurons.output_boundaries([[1.0, 0.0], [-1.0, 0.0]], [0.5, -0.5], (-2, -2), (2, 2))
    assert len(pieces) == 1
    assert pieces[0][:, 0] == pytest.approx(np.full(len(pieces[0]), -0.5))  # 2*h1 + 1 = 0
    assert pieces[0][:, 1].min() < -1.9 and pieces[0][:, 1].max() > 1.9
    weight = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    bias = np.zeros(3)
    pieces = neurons.output_boundaries(weight, bias, (-3, -3), (3, 3))
    assert len(pieces) == 3  # three rays meeting at the origin
    for piece in pieces:
        scores = np.sort(piece @ weight.T + bias, axis=1)
        assert scores[:, -1] == pytest.approx(scores[:, -2], abs=1e-9)  # a tie between the top two
    assert neurons.output_boundaries([[1.0, 1.0], [1.0, 1.0]], [0.0, 0.0], (-1, -1), (1, 1)) == []


def test_linear_accuracy_never_below_the_majority_share():
    x, y = neurons.make_dataset("xor", 300, random_state=0)
    assert neurons.linear_accuracy(x, y) == pytest.approx(max(np.bincount(y.numpy())) / 300)
    with pytest.raises(ValueError, match="features and labels must have the same length"):
        neurons.linear_accuracy(x, y[:10])


# ---------------------------------------------------------------- drawing

def _offsets(ax):
    """Every scattered point on ``ax`` with its colour, order aside."""
    from matplotlib.colors import to_rgba

    found = []
    for c in ax.collections:
        colors = c.get_facecolor()
        for k, point in enumerate(np.asarray(c.get_offsets())):
            found.append((tuple(np.round(point, 5)), to_rgba(colors[k % len(colors)], 1.0)))
    return sorted(found)


def test_plot_activations_draws_each_curve():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert neurons.plot_activations(ax, ("sigmoid", "relu")) is ax
    sigmoid, relu = [line for line in ax.get_lines() if line.get_label() in ("sigmoid", "relu")]
    z = sigmoid.get_xdata()
    assert z[0] == -4.0 and z[-1] == 4.0
    np.testing.assert_allclose(sigmoid.get_ydata(), 1 / (1 + np.exp(-z)), rtol=1e-5)
    np.testing.assert_allclose(relu.get_ydata(), np.maximum(z, 0), rtol=1e-6)


def test_plot_neuron_draws_the_surface_the_boundary_and_the_points():
    from matplotlib.figure import Figure

    x, y = neurons.make_dataset("moons", 40, random_state=0)
    ax = Figure().add_subplot()
    assert neurons.plot_neuron(ax, x, y, [1.0, -1.0], 0.5, "tanh", resolution=20) is ax
    (image,) = ax.get_images()
    np.testing.assert_allclose(image.get_array(), neurons.neuron_grid([1.0, -1.0], 0.5, "tanh", resolution=20)[2])
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_xydata() @ [1.0, -1.0] + 0.5, 0.0, atol=1e-9)  # on z = 0
    drawn = _offsets(ax)
    np.testing.assert_allclose(np.sort([point for point, _ in drawn], axis=0), np.sort(x.numpy(), axis=0), atol=1e-5)
    assert len({color for _, color in drawn}) == 2  # one colour per class
    (arrow,) = ax.texts  # w, drawn from the boundary
    direction = np.subtract(arrow.xy, arrow.xyann)
    np.testing.assert_allclose(direction / np.linalg.norm(direction), np.array([1.0, -1.0]) / np.sqrt(2))


def test_plot_neuron_projection_places_each_point_at_its_z():
    from matplotlib.figure import Figure

    x, y = neurons.make_dataset("moons", 40, random_state=0)
    ax = Figure().add_subplot()
    assert neurons.plot_neuron_projection(ax, x, y, [2.0, -1.0], 0.5, "relu") is ax
    z = np.clip((x @ torch.tensor([2.0, -1.0]) + 0.5).numpy(), -6, 6)
    drawn = np.concatenate([np.asarray(c.get_offsets()) for c in ax.collections])
    np.testing.assert_allclose(np.sort(drawn[:, 0]), np.sort(z), rtol=1e-6)
    assert len(np.unique(drawn[:, 1])) == 2  # one row per class
    curve = [line for line in ax.get_lines() if len(line.get_xdata()) > 2][0]
    np.testing.assert_allclose(curve.get_ydata(), np.maximum(curve.get_xdata(), 0))


def test_plot_network_regions_and_hidden_space_draw_the_playground():
    from matplotlib.figure import Figure

    pg = neurons.Playground("moons").step(5)
    ax_in, ax_hidden, ax_loss = Figure().subplots(1, 3)
    assert neurons.plot_network_regions(ax_in, pg, resolution=12) is ax_in
    assert neurons.plot_hidden_space(ax_hidden, pg, resolution=12) is ax_hidden
    assert neurons.plot_loss(ax_loss, pg) is ax_loss
    # the input panel: the training points, and a shading whose colour follows the predicted class
    points = np.concatenate([np.asarray(c.get_offsets()) for c in ax_in.collections])
    np.testing.assert_allclose(np.sort(points, axis=0), np.sort(pg.x.numpy(), axis=0))
    assert ax_in.get_images()[0].get_array().shape == (12, 12, 3)
    # the hidden panel: the points where the 2-unit layer puts them
    hidden = np.asarray(ax_hidden.collections[-1].get_offsets())
    np.testing.assert_allclose(np.sort(hidden, axis=0), np.sort(pg.hidden().numpy(), axis=0), rtol=1e-6)
    train, test = ax_loss.get_lines()
    assert list(train.get_ydata()) == pg.loss_history and list(test.get_ydata()) == pg.test_loss_history
    assert ax_loss.get_yscale() == "log"


# ---------------------------------------------------------------- widgets

def test_neuron_lab_redraws_for_every_control():
    from latentedu.widgets.neurons import neuron_lab

    demo = neuron_lab()
    for name, value in [("w1", 2.0), ("w2", 0.5), ("b", -1.0), ("activation", "relu"), ("dataset", "xor")]:
        before = demo.png
        demo.controls[name].value = value
        assert demo.png != before, name
    assert "points right" in demo.readout.value
    demo.controls["w1"].value = 0.0
    demo.controls["w2"].value = 0.0
    assert "no boundary" in demo.readout.value


def test_network_playground_trains_on_play_and_step_and_resets():
    from latentedu.widgets.neurons import network_playground

    demo = network_playground(steps_per_tick=5)
    assert demo.readout.value.startswith("step 0 ")
    before = demo.png
    demo.controls["play"].value = 1
    assert demo.readout.value.startswith("step 5 ") and demo.png != before
    demo.buttons["step"].click()
    assert demo.readout.value.startswith("step 10 ")
    demo.controls["lr"].value = 0.1  # keeps training the same network
    assert demo.readout.value.startswith("step 10 ")
    demo.buttons["reset"].click()
    assert demo.readout.value.startswith("step 0 ")
    for name, value in [("dataset", "spirals3"), ("width", 4), ("activation", "relu")]:
        demo.controls["play"].value += 1
        before = demo.png
        demo.controls[name].value = value
        assert demo.readout.value.startswith("step 0 ") and demo.png != before, name
    assert "2 → 4 → 2 → 3" in demo.readout.value


def test_network_playground_can_open_part_way_through_training():
    from latentedu.widgets.neurons import network_playground

    demo = network_playground("xor", steps=20)
    assert demo.readout.value.startswith("step 20 ")
    demo.buttons["reset"].click()
    assert demo.readout.value.startswith("step 0 ")


# ---------------------------------------------------------------- one drawing per picture

def _points_by_colour(points_and_colours) -> dict:
    """``{rgb: sorted points}`` from (points, rgb) pairs."""
    found: dict = {}
    for xy, rgb in points_and_colours:
        found.setdefault(rgb, []).extend(map(tuple, np.asarray(xy, dtype=np.float64)))
    return {rgb: np.array(sorted(xy)) for rgb, xy in found.items()}


def _figure_points(artists):
    from matplotlib.colors import to_rgb
    from matplotlib.lines import Line2D

    return _points_by_colour((a.get_xydata(), to_rgb(a.get_color())) for a in artists
                             if isinstance(a, Line2D) and a.get_linestyle() == "None")


def _axes_points(ax):
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgb

    pairs = []
    for c in ax.collections:
        if isinstance(c, PathCollection):
            colours = c.get_facecolor()
            for k, xy in enumerate(np.asarray(c.get_offsets())):
                pairs.append(([xy], to_rgb(colours[k % len(colours)])))
    return _points_by_colour(pairs)


def _same_points(a: dict, b: dict) -> None:
    assert sorted(a) == sorted(b) and a
    for rgb in a:
        np.testing.assert_allclose(a[rgb], b[rgb], atol=1e-6)


def test_neuron_lab_draws_what_plot_neuron_and_its_projection_draw():
    from matplotlib.figure import Figure
    from matplotlib.image import BboxImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from latentedu.widgets.neurons import neuron_lab

    w, b = [1.5, -0.5], 0.4
    demo = neuron_lab("circles", w1=w[0], w2=w[1], b=b, activation_name="tanh")
    x, y = neurons.make_dataset("circles", 200, random_state=0)
    ax_plane, ax_z = Figure().subplots(1, 2)
    neurons.plot_neuron(ax_plane, x, y, w, b, "tanh")
    neurons.plot_neuron_projection(ax_z, x, y, w, b, "tanh")
    artists = demo.figure.artists
    (image,) = [a for a in artists if isinstance(a, BboxImage)]
    np.testing.assert_array_equal(np.asarray(image.get_array())[::-1], ax_plane.get_images()[0].get_array())
    lines = [a for a in artists if isinstance(a, Line2D) and a.get_linestyle() != "None"]
    assert len(lines) == 2  # the boundary and the curve f(z), as the two axes have them
    for ours, theirs in zip(lines, [ax_plane.get_lines()[0], max(ax_z.get_lines(), key=lambda l: len(l.get_xdata()))]):
        np.testing.assert_allclose(ours.get_xydata(), theirs.get_xydata())
        assert (ours.get_color(), ours.get_linewidth()) == (theirs.get_color(), theirs.get_linewidth())
    (arrow,) = [a for a in artists if isinstance(a, FancyArrowPatch)]
    (annotation,) = ax_plane.texts
    np.testing.assert_allclose(arrow._posA_posB, [annotation.xyann, annotation.xy])
    both = {**_axes_points(ax_plane)}
    for rgb, xy in _axes_points(ax_z).items():
        both[rgb] = np.array(sorted(map(tuple, np.concatenate([both.get(rgb, np.empty((0, 2))), xy]))))
    _same_points(_figure_points(artists), both)  # the points in the plane and on their rows, class by class


def test_network_playground_draws_what_the_plot_functions_draw():
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.image import BboxImage
    from matplotlib.lines import Line2D

    from latentedu.widgets.neurons import network_playground

    demo = network_playground("xor", width=8, activation_name="tanh", lr=0.03, steps=30)
    pg = neurons.Playground("xor", 8, "tanh", 0.03).step(30)  # the same seeded network, trained alike
    ax_in, ax_hidden, ax_loss = Figure().subplots(1, 3)
    neurons.plot_network_regions(ax_in, pg)
    neurons.plot_hidden_space(ax_hidden, pg)
    neurons.plot_loss(ax_loss, pg)
    artists = demo.figure.artists
    images = [np.asarray(a.get_array())[::-1] for a in artists if isinstance(a, BboxImage)]
    assert len(images) == 2
    for ours, ax in zip(images, (ax_in, ax_hidden)):
        np.testing.assert_allclose(ours, ax.get_images()[0].get_array())
    ours = [a.get_segments() for a in artists if isinstance(a, LineCollection)]
    theirs = [c.get_segments() for c in ax_hidden.collections if isinstance(c, LineCollection)]
    assert len(ours) == len(theirs) == 2  # the carried grid and the output boundaries
    for a, b in zip(ours, theirs):
        assert len(a) == len(b)
        for sa, sb in zip(a, b):
            np.testing.assert_allclose(sa, sb)
    points = _figure_points(artists)
    expected = _axes_points(ax_in)
    for rgb, xy in _axes_points(ax_hidden).items():
        expected[rgb] = np.array(sorted(map(tuple, np.concatenate([expected[rgb], xy]))))
    _same_points(points, expected)
    curves = [a for a in artists if isinstance(a, Line2D) and a.get_linestyle() != "None"]
    assert len(curves) == 2
    for ours, theirs in zip(curves, ax_loss.get_lines()):
        np.testing.assert_allclose(10 ** ours.get_ydata(), theirs.get_ydata(), rtol=1e-12)  # log10 on fixed axes
        assert ours.get_color() == theirs.get_color()


def test_network_playground_resets_a_diverged_network_and_says_so(monkeypatch):
    from latentedu.widgets.neurons import network_playground

    demo = network_playground("moons", steps_per_tick=5)
    demo.buttons["step"].click()
    assert demo.readout.value.startswith("step 5 ")

    def diverge(self, n=1):
        raise FloatingPointError("The loss became inf at step 6: training diverged")

    monkeypatch.setattr(neurons.Playground, "step", diverge)
    demo.buttons["step"].click()
    assert demo.readout.value.startswith("Training diverged (the loss became infinite), so the network was reset")
    assert "step 0 " in demo.readout.value
    monkeypatch.undo()
    demo.buttons["step"].click()
    assert demo.readout.value.startswith("step 5 ")  # the warning is shown once
