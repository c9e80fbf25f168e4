"""PCA from the SVD, principal angles, autoencoders, the batched bottleneck sweep, and the chapter 03 demos."""

import numpy as np
import pytest
import torch

from latentedu import autoencoders as ae
from latentedu.data import load_digits
from latentedu.dimensions import slant
from latentedu.plotting import digit_mosaic


@pytest.fixture(scope="module")
def digits():
    return load_digits()


def _toy(n=200, d=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) * np.arange(d, 0, -1) + 3.0  # variances 36, 25, ..., 1 around 3


# --------------------------------------------------------------------------- PCA

def test_pca_matches_scikit_learn(digits):
    from sklearn.decomposition import PCA

    x = digits.x_train.numpy().astype(np.float64)
    ours = ae.pca_fit(x, 10)
    theirs = PCA(10).fit(x)
    assert np.allclose(ours.explained_variance, theirs.explained_variance_, rtol=1e-8)
    assert np.allclose(ours.explained_variance_ratio, theirs.explained_variance_ratio_, rtol=1e-8)
    assert np.allclose(np.abs((ours.components * theirs.components_).sum(axis=1)), 1.0, atol=1e-8)
    assert np.allclose(ours.components @ ours.components.T, np.eye(10), atol=1e-10)
    assert np.allclose(ae.pca_project(ours, x[:5], 3), ((x[:5] - ours.mean) @ ours.components[:3].T))


def test_pca_reconstruction_error_is_the_discarded_variance():
    x = _toy()
    pca = ae.pca_fit(x)
    n, d = x.shape
    for k in range(1, d + 1):
        error = ae.pca_errors(pca, x, [k])[0]
        assert error == pytest.approx(pca.explained_variance[k:].sum() * (n - 1) / n / d, abs=1e-10)
    assert np.allclose(ae.pca_reconstruct(pca, ae.pca_project(pca, x)), x)  # all components: exact
    errors = ae.pca_errors(pca, x, range(1, d + 1))
    assert np.all(np.diff(errors) < 0)


def test_pca_rejects_bad_input():
    pca = ae.pca_fit(_toy())
    with pytest.raises(ValueError, match="between 1 and 6"):
        ae.pca_project(pca, _toy(), 7)
    with pytest.raises(ValueError, match="features"):
        ae.pca_project(pca, np.zeros((3, 5)))
    with pytest.raises(ValueError, match="columns"):
        ae.pca_reconstruct(pca, np.zeros((3, 9)))
    with pytest.raises(TypeError, match="pca_fit"):
        ae.pca_project("pca", _toy())
    with pytest.raises(ValueError, match="at least 2 samples"):
        ae.pca_fit(np.zeros((1, 4)))
    with pytest.raises(ValueError, match="2 dimensions"):
        ae.pca_fit(np.zeros(10))


# --------------------------------------------------------------------------- subspaces

def test_principal_angles():
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(rng.normal(size=(8, 3)))[0].T  # (3, 8) orthonormal rows
    mixed = rng.normal(size=(3, 3)) @ basis                # another basis of the same subspace
    assert np.allclose(ae.principal_angles(basis, mixed), 0.0, atol=1e-5)
    e = np.eye(4)
    assert np.allclose(ae.principal_angles(e[:2], e[2:]), [90.0, 90.0])
    tilted = np.array([[1.0, 1.0, 0.0, 0.0]])
    assert ae.principal_angles(e[:1], tilted)[0] == pytest.approx(45.0)
    with pytest.raises(ValueError, match="linearly dependent"):
        ae.principal_angles(np.array([[1.0, 0, 0, 0], [2.0, 0, 0, 0]]), e[:2])
    with pytest.raises(ValueError, match="features"):
        ae.principal_angles(e[:2], np.eye(3)[:2])


def test_linear_autoencoder_finds_the_pca_subspace(digits):
    model = ae.linear_autoencoder(64, 2)
    ae.train_autoencoder(model, digits.x_train, epochs=300, lr=5e-2, batch_size=len(digits.x_train))
    pca = ae.pca_fit(digits.x_train)
    angles = ae.principal_angles(pca.components[:2], model.decoder[0].weight.detach().T)
    assert angles.max() < 2.0
    ae_error = ae.reconstruction_error(model, digits.x_test).mean().item()
    assert ae_error == pytest.approx(ae.pca_errors(pca, digits.x_test, [2])[0], rel=0.01)


# --------------------------------------------------------------------------- autoencoders

def test_autoencoder_shapes_encode_decode_and_errors():
    model = ae.Autoencoder(64, 3)
    x = torch.rand(5, 64)
    z = ae.encode(model, x)
    assert z.shape == (5, 3)
    assert ae.decode(model, z).shape == (5, 64)
    assert ae.decode(model, z[0]).shape == (1, 64)  # one code is fine
    assert torch.allclose(ae.decode(model, z), model(x))
    assert ae.reconstruction_error(model, x).shape == (5,)
    with pytest.raises(ValueError, match="latent_dim"):
        ae.decode(model, torch.zeros(2, 4))
    with pytest.raises(ValueError, match="features"):
        ae.encode(model, torch.zeros(2, 63))
    with pytest.raises(ValueError, match="between 1 and 64"):
        ae.Autoencoder(64, 65)
    with pytest.raises(ValueError, match="between 1 and 64"):
        ae.Autoencoder(64, 0)
    with pytest.raises(TypeError, match="Autoencoder"):
        ae.encode(torch.nn.Linear(64, 2), x)


def test_training_is_seeded_and_lowers_the_loss(digits):
    a, b = ae.Autoencoder(64, 2), ae.Autoencoder(64, 2)
    seen = []
    history = ae.train_autoencoder(a, digits.x_train, epochs=5, on_epoch_end=lambda p: seen.append(p.epoch))
    ae.train_autoencoder(b, digits.x_train, epochs=5)
    assert seen == [1, 2, 3, 4, 5] and history[-1] < history[0]
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    with pytest.raises(ValueError, match="features"):
        ae.train_autoencoder(a, torch.zeros(4, 10))


def test_add_noise_is_seeded_and_clipped():
    x = torch.full((50, 64), 0.5)
    noisy = ae.add_noise(x, 0.3, random_state=1)
    assert torch.equal(noisy, ae.add_noise(x, 0.3, random_state=1))
    assert float(noisy.min()) >= 0.0 and float(noisy.max()) <= 1.0 and not torch.equal(noisy, x)
    assert torch.equal(ae.add_noise(x, 0.0), x)
    with pytest.raises(ValueError):
        ae.add_noise(x, -0.1)


# --------------------------------------------------------------------------- the batched sweep

def test_stack_trains_each_member_exactly_as_alone(digits):
    from latentedu._stacks import AutoencoderStack
    from latentedu.training import fit, reset_parameters

    members = [ae.Autoencoder(64, k) for k in (2, 5)]
    for m in members:
        reset_parameters(m, 3)
    stack = AutoencoderStack(members)
    fit(stack, lambda s, x: ((s(x) - x) ** 2).mean(dim=(1, 2)).sum(), digits.x_train, epochs=3, lr=3e-3,
        random_state=3)
    for k in (2, 5):
        alone = ae.Autoencoder(64, k)
        ae.train_autoencoder(alone, digits.x_train, epochs=3, random_state=3)
        member = stack.member(k)
        assert member.latent_dim == k
        assert torch.allclose(member(digits.x_test), alone(digits.x_test), atol=1e-5)
    with pytest.raises(ValueError, match="sizes here are"):
        stack.member(3)


def test_sweep_rejects_bad_sizes(digits):
    x, y = digits.x_train[:20], digits.x_test[:10]
    with pytest.raises(ValueError, match="repeat"):
        ae.bottleneck_sweep(x, y, [2, 2])
    with pytest.raises(ValueError, match="between 1 and 64"):
        ae.bottleneck_sweep(x, y, [2, 65])
    with pytest.raises(ValueError, match="non-empty"):
        ae.bottleneck_sweep(x, y, [])
    with pytest.raises(ValueError, match="non-empty"):
        ae.bottleneck_sweep(x, y, 4)


def test_bottleneck_sweep_beats_pca_at_2_and_8_and_is_cached(digits):
    sweep = ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[2, 8])
    for k in (2, 8):
        pca_error, ae_error = sweep.errors_at(k)
        assert ae_error < 0.9 * pca_error, f"k={k}: autoencoder {ae_error:.4f} vs PCA {pca_error:.4f}"
    assert sweep.pca_errors[0] == pytest.approx(ae.pca_errors(ae.pca_fit(digits.x_train), digits.x_test, [2])[0])
    assert ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[2, 8]) is sweep
    assert ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[2, 8], epochs=1) is not sweep
    with pytest.raises(ValueError, match="choose one of"):
        sweep.model(4)
    with pytest.raises(ValueError, match="between 1 and 64"):
        ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[0, 2])
    with pytest.raises(ValueError, match="features"):
        ae.bottleneck_sweep(digits.x_train, digits.x_test[:, :10])


def test_clear_sweep_cache(digits):
    first = ae.bottleneck_sweep(digits.x_train[:100], digits.x_test[:50], sizes=[1], epochs=1)
    ae.clear_sweep_cache()
    assert ae.bottleneck_sweep(digits.x_train[:100], digits.x_test[:50], sizes=[1], epochs=1) is not first


# --------------------------------------------------------------------------- traversal

def test_traverse_and_latent_ranges(digits):
    model = ae.Autoencoder(64, 3)
    code = torch.tensor([0.1, 0.2, 0.3])
    images = ae.traverse(model, code, 1, [-1.0, 0.0, 1.0])
    assert images.shape == (3, 64)
    expected = ae.decode(model, torch.tensor([[0.1, 0.0, 0.3]]))
    assert torch.allclose(images[1:2], expected)
    ranges = ae.latent_ranges(model, digits.x_test)
    codes = ae.encode(model, digits.x_test).numpy()
    assert ranges.shape == (3, 2) and np.all(ranges[:, 0] <= ranges[:, 1])
    assert np.all(ranges[:, 0] >= codes.min(axis=0)) and np.all(ranges[:, 1] <= codes.max(axis=0))
    with pytest.raises(ValueError, match="between 0 and 2"):
        ae.traverse(model, code, 3, [0.0])
    with pytest.raises(ValueError, match="features"):
        ae.traverse(model, torch.zeros(4), 0, [0.0])


def test_slant_measure_used_for_traversal_reads_a_leaning_stroke():
    image = np.zeros((8, 8))
    for row in range(8):
        image[row, 7 - row] = 1.0  # bottom-left to top-right: leans right, one column per row
    assert slant(image.reshape(1, 64))[0] == pytest.approx(1.0)


# --------------------------------------------------------------------------- plots

def test_plots_draw_their_data(digits):
    from matplotlib.figure import Figure

    pca = ae.pca_fit(digits.x_train)
    sweep = ae.bottleneck_sweep(digits.x_train[:200], digits.x_test[:50], sizes=[1, 2], epochs=1)
    fig = Figure()
    axes = fig.subplots(2, 2).ravel()
    assert ae.plot_explained_variance(axes[0], pca, k=8) is axes[0]
    cumulative = np.cumsum(pca.explained_variance_ratio)
    np.testing.assert_allclose(axes[0].lines[0].get_xydata(), np.column_stack([np.arange(1, 65), cumulative]))
    np.testing.assert_allclose(axes[0].lines[-1].get_xydata(), [[8, cumulative[7]]])  # the marked k
    x = digits.x_test[:4]
    rebuilt = 0.5 * x
    assert ae.plot_reconstructions(axes[1], x, rebuilt, title="t") is axes[1]
    np.testing.assert_allclose(np.ma.filled(axes[1].images[0].get_array(), np.nan),
                               digit_mosaic(np.concatenate([x, rebuilt]), 4))  # originals above, rebuilt below
    assert ae.plot_bottleneck_curve(axes[2], sweep, highlight=2) is axes[2]
    pca_line, ae_line, _, marks = axes[2].lines
    np.testing.assert_allclose(pca_line.get_ydata(), sweep.pca_errors)
    np.testing.assert_allclose(ae_line.get_ydata(), sweep.ae_errors)
    np.testing.assert_allclose(marks.get_xydata(), [[1, e] for e in sweep.errors_at(2)])
    assert ae.plot_traversal(axes[3], sweep.model(2), [0.0, 0.0], 0, [-1.0, 1.0]) is axes[3]
    images = ae.traverse(sweep.model(2), [0.0, 0.0], 0, [-1.0, 1.0]).numpy()
    np.testing.assert_allclose(np.ma.filled(axes[3].images[0].get_array(), np.nan), digit_mosaic(images, 2))
    with pytest.raises(ValueError, match="same shape"):
        ae.plot_reconstructions(axes[1], x, x[:3])
    with pytest.raises(TypeError, match="bottleneck_sweep"):
        ae.plot_bottleneck_curve(axes[2], {"sizes": [1]})


# --------------------------------------------------------------------------- demos

def test_pca_demo_redraws_and_reports_the_error(digits):
    from latentedu.widgets.autoencoders import pca_reconstruction

    demo = pca_reconstruction(digits.x_train, digits.x_test, k=2)
    before = demo.png
    demo.controls["k"].value = 16
    assert demo.png != before
    error = ae.pca_errors(ae.pca_fit(digits.x_train), digits.x_test, [16])[0]
    assert f"{error:.4f}" in demo.readout.value
    with pytest.raises(ValueError, match="between 1 and 64"):
        pca_reconstruction(digits.x_train, digits.x_test, k=65)


def test_bottleneck_demo_uses_the_cached_sweep(digits):
    from latentedu.widgets.autoencoders import bottleneck_explorer

    x_train, x_test = digits.x_train[:300], digits.x_test[:60]
    sweep = ae.bottleneck_sweep(x_train, x_test, sizes=[1, 2, 4], epochs=2)
    demo = bottleneck_explorer(x_train, x_test, sizes=[1, 2, 4], epochs=2, latent_dim=2)
    before = demo.png
    demo.controls["latent_dim"].value = 4
    assert demo.png != before
    assert f"{sweep.errors_at(4)[1]:.4f}" in demo.readout.value
    with pytest.raises(ValueError, match="not one of"):
        bottleneck_explorer(x_train, x_test, sizes=[1, 2, 4], epochs=2, latent_dim=3)


def test_traversal_demo_has_one_slider_per_dimension(digits):
    from latentedu.widgets.autoencoders import latent_traversal

    model = ae.Autoencoder(64, 3)
    demo = latent_traversal(model, digits.x_test)
    assert sorted(demo.controls) == ["z0", "z1", "z2"]
    before = demo.png
    slider = demo.controls["z1"]
    slider.value = slider.max if slider.value < slider.max else slider.min
    assert demo.png != before and "slant" in demo.readout.value
    with pytest.raises(ValueError, match="at most 8"):
        latent_traversal(ae.Autoencoder(64, 9), digits.x_test)
    with pytest.raises(ValueError, match="Pass the data"):
        latent_traversal(model)
    with pytest.raises(TypeError, match="Autoencoder"):
        latent_traversal("model", digits.x_test)


def test_pca_demo_draws_what_the_plots_draw(digits):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.image import BboxImage
    from matplotlib.lines import Line2D

    from latentedu.widgets.autoencoders import _curve_rect, pca_reconstruction

    demo = pca_reconstruction(digits.x_train, digits.x_test, n_show=4, k=2)
    demo.controls["k"].value = 5
    pca = ae.pca_fit(digits.x_train)
    shown = digits.x_test[:4].numpy()
    ax = Figure().add_subplot()
    ae.plot_reconstructions(ax, shown, ae.pca_reconstruct(pca, ae.pca_project(pca, shown, 5)))
    tiles, = [a for a in demo.figure.get_children() if isinstance(a, BboxImage)]
    np.testing.assert_array_equal(tiles.get_array(), ax.images[0].get_array())
    # the mark on the curve sits where plot_explained_variance(..., k=5) puts its point on an axes in the same place
    reference = Figure(figsize=demo.figure.get_size_inches(), dpi=demo.figure.dpi)
    ax = ae.plot_explained_variance(reference.add_axes(_curve_rect(0.6)), pca, k=5)
    FigureCanvasAgg(reference).draw()
    mark = [a for a in demo.figure.get_children() if isinstance(a, Line2D) and a.get_marker() == "o"][-1]
    np.testing.assert_allclose(mark.get_transform().transform(mark.get_xydata()),
                               ax.transData.transform(ax.lines[-1].get_xydata()), atol=1e-6)


# --------------------------------------------------------------------------- few labels (section 9)

def test_draw_per_class_takes_exactly_n_of_each_class_nested_and_reproducible():
    labels = np.repeat([2, 0, 1], [5, 7, 4])  # classes of 5, 7 and 4 samples, not sorted
    for n in (1, 3, 4):
        chosen = ae.draw_per_class(labels, n, random_state=3)
        assert len(chosen) == 3 * n and len(set(chosen.tolist())) == 3 * n
        assert np.bincount(labels[chosen]).tolist() == [n, n, n]
        assert labels[chosen].tolist() == sorted(labels[chosen].tolist())  # class by class, sorted labels
        assert np.array_equal(chosen, ae.draw_per_class(labels, n, random_state=3))
    small, large = ae.draw_per_class(labels, 2, random_state=3), ae.draw_per_class(labels, 4, random_state=3)
    for c in range(3):  # nested: the 2 drawn of each class are the first 2 of the 4
        assert np.array_equal(small[labels[small] == c], large[labels[large] == c][:2])
    draws = {tuple(ae.draw_per_class(labels, 2, random_state=s)) for s in range(10)}
    assert len(draws) > 5  # the seed matters
    assert np.array_equal(np.sort(ae.draw_per_class(labels, 4, random_state=0)[4:8]), np.arange(12, 16))  # all of class 1


def test_draw_per_class_explains_bad_input():
    labels = np.repeat([0, 1], [5, 2])
    with pytest.raises(ValueError, match="more than class 1 has \\(2 samples\\)"):
        ae.draw_per_class(labels, 3)
    with pytest.raises(ValueError, match="n_per_class must be between 1"):
        ae.draw_per_class(labels, 0)
    with pytest.raises(ValueError, match="whole-number class labels"):
        ae.draw_per_class([0.5, 1.0], 1)
    with pytest.raises(ValueError, match="labels is empty"):
        ae.draw_per_class(np.array([], dtype=int), 1)


def test_few_label_curve_scores_one_nn_exactly():
    # two well separated clusters: 1-NN is perfect from one label per class on
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 20)
    x = rng.normal(size=(40, 3)) * 0.1 + y[:, None] * 5.0
    y_test = np.array([0, 0, 1, 1])
    x_test = y_test[:, None] * 5.0 + np.zeros((4, 3))
    swapped = x_test[::-1].copy()  # test rows put in the wrong order: every one on the other cluster
    curves = ae.few_label_curve({"right": (x, x_test), "swapped": (x, swapped)}, y, y_test, counts=(1, 5), seeds=(0, 1, 2))
    assert curves.counts == (1, 5) and curves.seeds == (0, 1, 2) and curves.names == ("right", "swapped")
    assert curves.accuracy["right"].shape == (2, 3)
    assert np.all(curves.accuracy["right"] == 1.0) and np.all(curves.accuracy["swapped"] == 0.0)
    assert curves.mean("right").tolist() == [1.0, 1.0] and curves.at("swapped", 5).tolist() == [0.0, 0.0, 0.0]
    rows = curves.rows()
    assert len(rows) == 2 * 2 * 3 and rows[0] == {"features": "right", "n_per_class": 1, "seed": 0, "accuracy": 1.0}


def test_few_label_curve_matches_scikit_learns_1nn_on_the_same_draw(digits):
    from sklearn.neighbors import KNeighborsClassifier

    x, y = digits.x_train.numpy().astype(np.float64), digits.y_train.numpy()
    x_test, y_test = digits.x_test.numpy().astype(np.float64), digits.y_test.numpy()
    curves = ae.few_label_curve({"pixels": (x, x_test)}, y, y_test, counts=(1, 3), seeds=(7,))
    for n in (1, 3):
        chosen = ae.draw_per_class(y, n, random_state=7)
        expected = KNeighborsClassifier(1).fit(x[chosen], y[chosen]).score(x_test, y_test)
        assert curves.at("pixels", n)[0] == pytest.approx(expected, abs=1e-12)
    # every representation sees the same labelled images: a copy scores the same on every seed
    same = ae.few_label_curve({"a": (x, x_test), "b": (x.copy(), x_test.copy())}, y, y_test, counts=(1,), seeds=(0, 1, 2))
    assert np.array_equal(same.accuracy["a"], same.accuracy["b"])
    assert 0.5 < same.mean("a")[0] < 0.85  # one label per class on the digits: far above chance, far from perfect


def test_few_label_curve_explains_bad_input():
    x, y = np.zeros((6, 2)), np.array([0, 0, 0, 1, 1, 1])
    with pytest.raises(TypeError, match="non-empty dict"):
        ae.few_label_curve({}, y, y)
    with pytest.raises(TypeError, match="non-empty dict"):
        ae.few_label_curve([(x, x)], y, y)
    with pytest.raises(TypeError, match="must be a pair"):
        ae.few_label_curve({"pixels": x}, y, y, counts=(1,))
    with pytest.raises(ValueError, match="has 6 training rows but labels has 5"):
        ae.few_label_curve({"pixels": (x, x)}, y[:5], y, counts=(1,))
    with pytest.raises(ValueError, match="has 6 test rows but test_labels has 4"):
        ae.few_label_curve({"pixels": (x, x)}, y, y[:4], counts=(1,))
    with pytest.raises(ValueError, match="features\\['pixels'\\]\\[1\\]"):
        ae.few_label_curve({"pixels": (x, np.zeros((6, 3)))}, y, y, counts=(1,))
    with pytest.raises(ValueError, match="more than class 0 has"):
        ae.few_label_curve({"pixels": (x, x)}, y, y, counts=(1, 4))
    with pytest.raises(ValueError, match="counts is empty"):
        ae.few_label_curve({"pixels": (x, x)}, y, y, counts=())
    curves = ae.few_label_curve({"pixels": (x, x)}, y, y, counts=(1,), seeds=(0,))
    with pytest.raises(ValueError, match="not one of the representations"):
        curves.mean("codes")
    with pytest.raises(ValueError, match="not a count of these curves"):
        curves.at("pixels", 3)


def test_plot_learning_curves_draws_mean_lines_and_seed_bands():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = ae.LearningCurves((1, 3, 10), (0, 1), {"a": np.array([[0.5, 0.7], [0.6, 0.8], [0.9, 0.9]]),
                                                    "b": np.array([[0.2, 0.2], [0.3, 0.3], [0.4, 0.4]])})
    fig, ax = plt.subplots()
    assert ae.plot_learning_curves(ax, curves, colors={"a": "red"}) is ax
    mean_a = ax.lines[0]
    assert mean_a.get_label() == "a" and mean_a.get_color() == "red"
    assert np.allclose(mean_a.get_ydata(), [0.6, 0.7, 0.9]) and list(mean_a.get_xdata()) == [1, 3, 10]
    assert np.allclose(ax.lines[1].get_ydata(), [0.5, 0.7, 0.6, 0.8, 0.9, 0.9])  # one dot per seed
    assert len(ax.collections) == 2 and ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    fig2, ax2 = plt.subplots()
    ae.plot_learning_curves(ax2, curves, names=["b"])
    assert [line.get_label() for line in ax2.lines][0] == "b" and len(ax2.lines) == 2
    with pytest.raises(TypeError, match="result of few_label_curve"):
        ae.plot_learning_curves(ax2, {"a": 1})
    with pytest.raises(ValueError, match="not one of the representations"):
        ae.plot_learning_curves(ax2, curves, names=["c"])
    plt.close("all")
