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
    from matplotlib.figure import Figure

    from latentedu.widgets._panel_views import PaintedPanel
    from latentedu.widgets.autoencoders import pca_reconstruction

    demo = pca_reconstruction(digits.x_train, digits.x_test, n_show=4, k=2)
    demo.controls["k"].value = 5
    left, right = demo.figure.axes
    pca = ae.pca_fit(digits.x_train)
    shown = digits.x_test[:4].numpy()
    ax = Figure().add_subplot()
    ae.plot_reconstructions(ax, shown, ae.pca_reconstruct(pca, ae.pca_project(pca, shown, 5)))
    np.testing.assert_array_equal(left.images[0].get_array(), ax.images[0].get_array())
    # the mark on the pasted curve sits where plot_explained_variance(..., k=5) puts its point
    ax = Figure().add_subplot()
    ae.plot_explained_variance(ax, pca, k=5)
    panel = PaintedPanel(lambda fig: {"curve": ae.plot_explained_variance(fig.add_axes((0.17, 0.2, 0.78, 0.7)), pca)},
                         (round(648 * 0.4) / 72, 234 / 72), 72)
    (x, y), = ax.lines[-1].get_xydata()
    np.testing.assert_allclose(right.lines[-1].get_xydata(), np.column_stack(panel.to_pixels("curve", x, y)))
