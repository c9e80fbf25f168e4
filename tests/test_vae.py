"""The VAE of chapter 07: the loss parts with numbers, shapes, gradients, grids, samples, clear errors."""

import math

import numpy as np
import pytest
import torch

from latentedu import vae
from latentedu.autoencoders import Autoencoder
from latentedu.plotting import digit_mosaic


@pytest.fixture(scope="module")
def small_data():
    g = torch.Generator().manual_seed(0)
    return torch.rand(40, 16, generator=g)  # 40 "images" of 16 pixels in [0, 1]


def test_kl_matches_the_closed_form_of_torch_distributions():
    g = torch.Generator().manual_seed(1)
    mean, log_var = torch.randn(5, 3, generator=g), torch.randn(5, 3, generator=g)
    q = torch.distributions.Normal(mean, torch.exp(0.5 * log_var))
    p = torch.distributions.Normal(torch.zeros(3), torch.ones(3))
    expected = torch.distributions.kl_divergence(q, p).sum(dim=1)
    assert torch.allclose(vae.kl_divergence(mean, log_var), expected, atol=1e-5)


def test_kl_by_hand_for_one_dimension():
    # KL(N(1, e^1) || N(0, 1)) = 0.5 * (e + 1 - 1 - 1) = 0.5 * (e - 1)
    kl = vae.kl_divergence(torch.tensor([[1.0]]), torch.tensor([[1.0]]))
    assert kl.item() == pytest.approx(0.5 * (math.e - 1), rel=1e-6)
    assert vae.kl_divergence(torch.zeros(4, 2), torch.zeros(4, 2)).abs().max().item() == 0.0


def test_kl_matches_a_monte_carlo_estimate():
    mean, log_var = torch.tensor([[0.7, -1.2]]), torch.tensor([[-0.5, 0.8]])
    std = torch.exp(0.5 * log_var)
    g = torch.Generator().manual_seed(2)
    z = mean + std * torch.randn(200_000, 2, generator=g)  # draws from q
    log_q = torch.distributions.Normal(mean, std).log_prob(z).sum(1)
    log_p = torch.distributions.Normal(0.0, 1.0).log_prob(z).sum(1)
    estimate = (log_q - log_p).mean().item()  # E_q[log q - log p]
    assert estimate == pytest.approx(vae.kl_divergence(mean, log_var).item(), abs=0.01)


def test_reconstruction_loss_is_binary_cross_entropy_summed_over_pixels():
    x = torch.tensor([[1.0, 0.0, 0.5]])
    x_hat = torch.tensor([[0.9, 0.2, 0.5]])
    expected = -(math.log(0.9) + math.log(0.8) + 0.5 * math.log(0.5) + 0.5 * math.log(0.5))
    assert vae.reconstruction_loss(x_hat, x).item() == pytest.approx(expected, rel=1e-5)


def test_shapes_of_encode_reparameterize_decode_forward(small_data):
    model = vae.VAE(16, latent_dim=3, hidden=(8,))
    mean, log_var = model.encode(small_data)
    assert mean.shape == log_var.shape == (40, 3)
    z = model.reparameterize(mean, log_var, torch.Generator().manual_seed(0))
    assert z.shape == (40, 3)
    x_hat, m2, lv2 = model(small_data)
    assert x_hat.shape == (40, 16) and ((x_hat > 0) & (x_hat < 1)).all()
    assert torch.equal(m2, mean) and torch.equal(lv2, log_var)


def test_reparameterize_draws_the_right_gaussian_and_passes_gradients():
    mean = torch.tensor([[2.0, -1.0]], requires_grad=True)
    log_var = torch.tensor([[0.0, math.log(4.0)]], requires_grad=True)
    z = vae.VAE.reparameterize(mean.expand(100_000, 2), log_var.expand(100_000, 2),
                               torch.Generator().manual_seed(0))
    assert z.mean(0).detach().numpy() == pytest.approx([2.0, -1.0], abs=0.02)
    assert z.std(0).detach().numpy() == pytest.approx([1.0, 2.0], abs=0.02)
    z.sum().backward()
    assert mean.grad is not None and log_var.grad is not None
    assert mean.grad[0].numpy() == pytest.approx([100_000.0, 100_000.0])  # dz/dmean = 1 for every draw
    assert torch.isfinite(log_var.grad).all() and (log_var.grad != 0).all()


def test_loss_parts_add_up_and_every_weight_gets_a_gradient(small_data):
    model = vae.VAE(16, latent_dim=2, hidden=(8,))
    loss = vae.vae_loss(model, small_data, beta=0.5, generator=torch.Generator().manual_seed(0))
    assert loss.total.item() == pytest.approx(loss.reconstruction.item() + 0.5 * loss.kl.item(), rel=1e-6)
    loss.total.backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in model.parameters())
    assert model.to_log_var.weight.grad.abs().sum() > 0  # the variance head learns through the sampled code


def test_same_generator_seed_gives_the_same_loss(small_data):
    model = vae.VAE(16, latent_dim=2, hidden=(8,))
    a = vae.vae_loss(model, small_data, generator=torch.Generator().manual_seed(3)).total
    b = vae.vae_loss(model, small_data, generator=torch.Generator().manual_seed(3)).total
    assert a.item() == b.item()


def test_training_lowers_the_loss_and_is_reproducible(small_data):
    a, b = vae.VAE(16, 2, hidden=(8,)), vae.VAE(16, 2, hidden=(8,))
    history = vae.train_vae(a, small_data, epochs=30, batch_size=20)
    assert history[-1] < history[0]
    vae.train_vae(b, small_data, epochs=30, batch_size=20)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    scores = vae.evaluate(a, small_data)
    assert set(scores) == {"mse", "reconstruction", "kl", "active_dims"} and scores["kl"] >= 0


def test_stack_member_behaves_like_the_plain_vae_it_copies(small_data):
    from latentedu._stacks import VAEStack
    from latentedu.vae.sweep import _stack_loss

    stack = VAEStack(vae.VAE(16, latent_dim=2, hidden=(8,)), [0.0, 1.0])
    with torch.no_grad():
        for w in stack.weights:
            w.add_(0.1 * torch.randn(w.shape, generator=torch.Generator().manual_seed(4)))
    _, mean, log_var = stack(small_data, torch.Generator().manual_seed(5))
    for j, beta in enumerate(stack.betas):
        member = stack.member(beta)
        m, lv = member.encode(small_data)
        assert torch.allclose(m, mean[j], atol=1e-6) and torch.allclose(lv, log_var[j], atol=1e-6)
    # the stack's loss is the sum of the members' own losses, with the same noise
    g = torch.Generator().manual_seed(6)
    total = _stack_loss(stack, small_data, g)
    eps = torch.randn(2, 40, 2, generator=torch.Generator().manual_seed(6))
    expected = 0.0
    for j, beta in enumerate(stack.betas):
        member = stack.member(beta)
        m, lv = member.encode(small_data)
        x_hat_j = member.decode(m + torch.exp(0.5 * lv) * eps[j])
        expected += (vae.reconstruction_loss(x_hat_j, small_data).mean() + beta * vae.kl_divergence(m, lv).mean())
    assert total.item() == pytest.approx(expected.item(), rel=1e-5)
    with pytest.raises(ValueError, match="betas here"):
        stack.member(2.0)


def test_beta_sweep_is_cached_and_bigger_beta_means_smaller_kl(small_data):
    vae.clear_sweep_cache()
    sweep = vae.beta_sweep(small_data[:30], small_data[30:], betas=[0.0, 4.0], epochs=20, batch_size=10,
                           hidden=(8,))
    assert vae.beta_sweep(small_data[:30], small_data[30:], betas=[0.0, 4.0], epochs=20, batch_size=10,
                          hidden=(8,)) is sweep
    assert sweep.score(4.0, "kl") < sweep.score(0.0, "kl")
    with pytest.raises(ValueError, match="choose one of"):
        sweep.model(1.0)
    with pytest.raises(ValueError, match="must not repeat"):
        vae.beta_sweep(small_data[:30], small_data[30:], betas=[1.0, 1.0])


def test_latent_grid_reading_order_and_empty_cells():
    grid = vae.latent_grid([[0, 2], [0, 2]], n=2)
    assert grid.tolist() == [[0.5, 1.5], [1.5, 1.5], [0.5, 0.5], [1.5, 0.5]]  # top row first
    z = np.array([[0.2, 0.2], [0.3, 0.4], [1.9, 1.9]])
    assert vae.empty_cells(z, [[0, 2], [0, 2]], n=2) == 0.5
    images = np.arange(4 * 4).reshape(4, 4)  # four 2x2 images, tiled as plot_manifold tiles the decoded grid
    tiled = digit_mosaic(images, 2)
    assert tiled.shape == (5, 5) and tiled[0, :2].tolist() == [0, 1] and tiled[0, 3:].tolist() == [4, 5]
    assert np.isnan(tiled[2]).all() and np.isnan(tiled[:, 2]).all()  # the gaps are blank


def test_grids_codes_and_samples_work_for_both_kinds_of_model(small_data):
    for model in (vae.VAE(16, 2, hidden=(8,)), Autoencoder(16, 2, hidden=(8,))):
        box = vae.code_limits(model, small_data)
        assert box.shape == (2, 2) and (box[:, 1] > box[:, 0]).all()
        assert vae.decode_grid(model, box, n=3).shape == (9, 16)
        assert vae.sample_prior(model, 7).shape == (7, 16)
        assert np.array_equal(vae.sample_prior(model, 7, random_state=1), vae.sample_prior(model, 7, random_state=1))
        assert vae.sample_fitted_gaussian(model, small_data, 5).shape == (5, 16)
        path = vae.interpolate(model, small_data[0], small_data[1], num_steps=4)
        assert path.shape == (4, 16)
        assert np.allclose(path[0], vae.decode_codes(model, vae.codes(model, small_data[:1]))[0], atol=1e-6)


def test_plots_draw_the_grid_the_codes_the_prior_and_the_tradeoff(small_data):
    from matplotlib.figure import Figure

    model = vae.VAE(16, 2, hidden=(8,))
    box = vae.code_limits(model, small_data)
    grid, z = vae.decode_grid(model, box, 3), vae.codes(model, small_data)
    ax = Figure().add_subplot()
    assert vae.plot_manifold(ax, grid, box, z=z, labels=np.arange(40) % 10) is ax
    np.testing.assert_array_equal(np.ma.filled(ax.images[0].get_array(), np.nan), digit_mosaic(grid, 3))
    assert ax.images[0].get_extent() == pytest.approx(box.ravel().tolist())
    np.testing.assert_allclose(ax.collections[0].get_offsets(), z)
    assert vae.plot_prior_contours(ax) is ax
    assert [p.get_radius() for p in ax.patches] == [1.0, 2.0]
    scores = {b: {"mse": 0.1 / (1 + b), "reconstruction": 1.0, "kl": 2.0 + b, "active_dims": 2} for b in (0.0, 1.0)}
    sweep = vae.BetaSweep((0.0, 1.0), {0.0: model, 1.0: model}, scores, 0.0)
    ax = Figure().add_subplot()
    assert vae.plot_beta_tradeoff(ax, sweep, highlight=1.0) is ax
    np.testing.assert_allclose(ax.lines[0].get_xydata(), [[2.0, 0.1], [3.0, 0.05]])
    np.testing.assert_allclose(ax.lines[1].get_xydata(), [[3.0, 0.05]])  # the highlighted beta
    with pytest.raises(ValueError, match="z and labels must have the same length"):
        vae.plot_codes(ax, z, np.arange(3))


def test_interpolate_is_the_latent_path_of_either_model(small_data):
    from latentedu.latent import latent_path

    for model in (vae.VAE(16, 2, hidden=(8,)), Autoencoder(16, 2, hidden=(8,))):
        codes, frames = latent_path(model, small_data[0], small_data[1], 5)
        np.testing.assert_array_equal(vae.interpolate(model, small_data[0], small_data[1], 5), frames)
        ends = vae.codes(model, small_data[:2])
        np.testing.assert_allclose(codes[[0, -1]], ends, atol=1e-6)  # a VAE's code is its encoder's mean
        np.testing.assert_allclose(codes[2], ends.mean(0), atol=1e-6)


def test_interpolation_explorer_draws_the_interpolations_of_both_models():
    from latentedu.data import load_digits
    from latentedu.widgets.vae import interpolation_explorer

    digits = load_digits()
    x_train, x_test, y_test = digits.x_train[:120], digits.x_test[:20], digits.y_test[:20]
    demo = interpolation_explorer(x_train, x_test, y_test, epochs=1, num_steps=4)
    demo.controls["end"].value = 7
    frames = np.concatenate([vae.interpolate(vae.beta_sweep(x_train, x_test, epochs=1).model(1.0), x_test[0],
                                             x_test[7], 4),
                             vae.interpolate(vae.plain_autoencoder(x_train, epochs=1), x_test[0], x_test[7], 4)])
    from matplotlib.image import BboxImage

    strip, = [a.get_array() for a in demo.figure.get_children() if isinstance(a, BboxImage)]
    np.testing.assert_allclose(np.ma.filled(strip, np.nan), digit_mosaic(frames, 4), atol=1e-6)
    # the title names the ends by place and by the digit each one is (held-out #0 is a 2, #7 a 4)
    assert [int(y_test[0]), int(y_test[7])] == [2, 4]
    assert "from held-out #0 (a 2) to #7 (a 4)" in demo.readout.value
    assert "from held-out #0 (a 2) to #7 (a 4)" in [t.get_text() for t in demo.figure.texts]
    assert [demo.controls["start"].description, demo.controls["end"].description] == ["from #", "to #"]


def test_interpolation_title_without_labels_names_places_only():
    from latentedu.widgets.vae import _path_title

    assert _path_title(3, 9) == "from held-out #3 to #9"
    assert _path_title(3, 9, np.array([0, 0, 0, 9, 0, 0, 0, 0, 0, 0])) == "from held-out #3 (a 9) to #9 (a 0)"


def test_codes_scatter_has_a_digit_legend(small_data):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    z = np.arange(24, dtype=float).reshape(12, 2)
    labels = np.array([3, 1, 1, 0, 9, 3, 1, 0, 9, 9, 3, 1])
    vae.plot_codes(ax, z, labels)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["0", "1", "3", "9"]
    assert legend.get_title().get_text() == "digit"
    from latentedu.plotting import CLASS_COLORS
    from matplotlib.colors import to_hex

    assert [to_hex(h.get_color()) for h in legend.legend_handles] == [CLASS_COLORS[d] for d in (0, 1, 3, 9)]
    ax = Figure().add_subplot()
    vae.plot_codes(ax, z, labels, legend=False)
    assert ax.get_legend() is None
    ax = Figure().add_subplot()
    vae.plot_codes(ax, z)  # no labels: one colour, nothing to name
    assert ax.get_legend() is None


def test_beta_explorer_names_the_digit_of_each_colour():
    from matplotlib.figure import Figure

    from latentedu.widgets.vae import _digit_key

    legend = _digit_key(Figure(), np.array([4, 2, 2, 7, 0]))
    assert [t.get_text() for t in legend.get_texts()] == ["0", "2", "4", "7"]
    assert legend.get_title().get_text() == "digit" and legend._ncols == 5


def test_beta_explorer_answers_both_controls():
    from latentedu.data import load_digits
    from latentedu.widgets.vae import beta_explorer

    digits = load_digits()
    demo = beta_explorer(digits.x_train[:120], digits.x_test[:20], digits.y_test[:20], betas=(0.0, 1.0),
                         epochs=1, n_grid=4, quality=False)
    for name, value in (("beta", 0.0), ("grid", "prior")):
        before = demo.png
        demo.controls[name].value = value
        assert demo.png != before and "color:#b00" not in demo.readout.value
    assert "β = 0:" in demo.readout.value
    with pytest.raises(ValueError, match="x_test and y_test must have the same length"):
        beta_explorer(digits.x_train[:120], digits.x_test[:20], digits.y_test[:19], betas=(0.0, 1.0), epochs=1)


def test_bad_input_gets_a_clear_error(small_data):
    model = vae.VAE(16, 2, hidden=(8,))
    with pytest.raises(TypeError, match="must be a VAE"):
        vae.vae_loss(Autoencoder(16, 2), small_data)
    with pytest.raises(ValueError, match="features per sample"):
        vae.vae_loss(model, np.zeros((3, 5)))
    with pytest.raises(ValueError, match="beta must be in"):
        vae.vae_loss(model, small_data, beta=-1.0)
    with pytest.raises(ValueError, match="must both have shape"):
        vae.kl_divergence(torch.zeros(3, 2), torch.zeros(3, 3))
    with pytest.raises(ValueError, match="low below its high"):
        vae.latent_grid([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="latent_dim=3"):
        vae.decode_grid(vae.VAE(16, 3, hidden=(8,)), [[0, 1], [0, 1]])
    with pytest.raises(TypeError, match="VAE or an Autoencoder"):
        vae.codes(torch.nn.Linear(16, 2), small_data)
    with pytest.raises(ValueError, match="non-empty list"):
        vae.VAE(16, 2, hidden=())
    with pytest.raises(ValueError, match="NaN"):
        vae.train_vae(model, torch.full((4, 16), float("nan")))


# --------------------------------------------------------------------------- the 12-D comparison (section 8)

def test_different_class_pairs_pair_different_labels_reproducibly():
    labels = np.array([0, 0, 0, 1, 2, 2])
    pairs = vae.different_class_pairs(labels, 50, random_state=3)
    assert pairs.shape == (50, 2) and pairs.dtype == np.int64
    assert (labels[pairs[:, 0]] != labels[pairs[:, 1]]).all()
    assert pairs.min() >= 0 and pairs.max() <= 5
    np.testing.assert_array_equal(pairs, vae.different_class_pairs(labels, 50, random_state=3))
    assert not np.array_equal(pairs, vae.different_class_pairs(labels, 50, random_state=4))
    with pytest.raises(ValueError, match="two different classes"):
        vae.different_class_pairs([1, 1, 1], 5)


def test_interpolation_midpoints_decode_the_mixed_codes(small_data):
    pairs = np.array([[0, 1], [2, 5], [7, 3]])
    for model in (vae.VAE(16, 3, hidden=(8,)), Autoencoder(16, 3, hidden=(8,))):
        z = vae.codes(model, small_data)
        start = vae.interpolation_midpoints(model, small_data, pairs, t=0.0)
        np.testing.assert_allclose(start, vae.decode_codes(model, z[pairs[:, 0]]), atol=1e-6)
        middle = vae.interpolation_midpoints(model, small_data, pairs)
        np.testing.assert_allclose(middle, vae.decode_codes(model, (z[pairs[:, 0]] + z[pairs[:, 1]]) / 2), atol=1e-6)
        np.testing.assert_allclose(middle[1], vae.interpolate(model, small_data[2], small_data[5], 3)[1], atol=1e-6)
        quarter = vae.interpolation_midpoints(model, small_data, pairs, t=0.25)
        np.testing.assert_allclose(quarter, vae.decode_codes(model, 0.75 * z[pairs[:, 0]] + 0.25 * z[pairs[:, 1]]),
                                   atol=1e-6)
    with pytest.raises(ValueError, match="x has 40 rows"):
        vae.interpolation_midpoints(model, small_data, [[0, 40]])
    with pytest.raises(ValueError, match=r"\(m, 2\)"):
        vae.interpolation_midpoints(model, small_data, [[0, 1, 2]])
    with pytest.raises(ValueError, match="t must be in"):
        vae.interpolation_midpoints(model, small_data, pairs, t=1.5)


def test_digit_confidence_is_high_on_real_digits_and_low_on_noise():
    from latentedu.data import load_digits
    from latentedu.metrics import class_probabilities

    digits = load_digits()
    real = digits.x_test[:200].numpy()
    confidence = vae.digit_confidence(real)
    assert confidence == pytest.approx(class_probabilities(real).max(axis=1).mean())
    assert confidence > 0.9
    noise = np.random.default_rng(0).random((100, 64))
    assert vae.digit_confidence(noise) < confidence - 0.1  # lower, though the classifier stays sure of itself
    report = vae.judge(real[:100], reference=digits.x_test[200:].numpy())
    assert set(report) == {"fid", "inception_score", "precision", "recall", "memorised", "confidence"}
    assert report["confidence"] == pytest.approx(vae.digit_confidence(real[:100]))


def test_train_pair_and_compare_with_autoencoder():
    from latentedu.data import load_digits

    digits = load_digits()
    x_train, x_test, y_test = digits.x_train[:200], digits.x_test[:60], digits.y_test[:60]
    model, autoencoder = vae.train_pair(x_train, latent_dim=4, epochs=2, random_state=1)
    assert isinstance(model, vae.VAE) and isinstance(autoencoder, Autoencoder)
    assert model.latent_dim == autoencoder.latent_dim == 4 and model.hidden == autoencoder.hidden == (64, 32)
    again = vae.train_pair(x_train, latent_dim=4, epochs=2, random_state=1)
    assert again[0] is model and again[1] is autoencoder  # cached
    compared = vae.compare_with_autoencoder(model, autoencoder, x_train, x_test, y_test, n_samples=30, n_pairs=40)
    assert list(compared.samples) == ["VAE, N(0, I)", "autoencoder, N(0, I)", "autoencoder, fitted Gaussian"]
    np.testing.assert_array_equal(compared.samples["VAE, N(0, I)"], vae.sample_prior(model, 30))
    np.testing.assert_array_equal(compared.samples["autoencoder, fitted Gaussian"],
                                  vae.sample_fitted_gaussian(autoencoder, x_train, 30))
    assert compared.reports["autoencoder, N(0, I)"] == vae.judge(compared.samples["autoencoder, N(0, I)"],
                                                                 reference=x_test)
    y = y_test.numpy()
    assert compared.pairs.shape == (40, 2) and (y[compared.pairs[:, 0]] != y[compared.pairs[:, 1]]).all()
    np.testing.assert_array_equal(compared.midpoints["autoencoder"],
                                  vae.interpolation_midpoints(autoencoder, x_test, compared.pairs))
    assert compared.midpoint_reports["VAE"]["confidence"] == pytest.approx(
        vae.digit_confidence(compared.midpoints["VAE"]))
    with pytest.raises(TypeError, match="vae_model must be a VAE"):
        vae.compare_with_autoencoder(autoencoder, autoencoder, x_train, x_test, y_test)
    with pytest.raises(ValueError, match="x_test and y_test must have the same length"):
        vae.compare_with_autoencoder(model, autoencoder, x_train, x_test, y_test[:10])
