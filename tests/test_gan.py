"""GANs: losses against their formulas, mode scoring on hand-built sets, the step-wise trainer, the lab."""

import math

import numpy as np
import pytest
import torch

from latentedu import gan as G
from latentedu import metrics
from latentedu.data import make_ring, ring_centers

CENTERS = ring_centers(8, 2.0).numpy()
STD = 0.02


# --------------------------------------------------------------------------- losses

def test_losses_match_their_formulas():
    real = torch.tensor([2.0, -1.0, 0.5])
    fake = torch.tensor([-3.0, 0.0])
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    bce = -(torch.log(d_real).mean() + torch.log(1 - d_fake).mean())
    assert G.discriminator_loss(real, fake, "non_saturating") == pytest.approx(bce.item(), rel=1e-6)
    assert G.discriminator_loss(real, fake, "minimax") == pytest.approx(bce.item(), rel=1e-6)
    assert G.generator_loss(fake, "minimax") == pytest.approx(torch.log(1 - d_fake).mean().item(), rel=1e-6)
    assert G.generator_loss(fake, "non_saturating") == pytest.approx(-torch.log(d_fake).mean().item(), rel=1e-6)
    ls_d = 0.5 * ((real - 1) ** 2).mean() + 0.5 * (fake ** 2).mean()
    assert G.discriminator_loss(real, fake, "least_squares") == pytest.approx(ls_d.item(), rel=1e-6)
    assert G.generator_loss(fake, "least_squares") == pytest.approx((0.5 * (fake - 1) ** 2).mean().item())


def test_minimax_generator_gradient_vanishes_where_the_non_saturating_one_does_not():
    # A fake the discriminator is sure about (logit -8, D = 0.0003): the minimax gradient is tiny.
    logit = torch.tensor([-8.0], requires_grad=True)
    (minimax,) = torch.autograd.grad(G.generator_loss(logit, "minimax"), logit)
    (non_sat,) = torch.autograd.grad(G.generator_loss(logit, "non_saturating"), logit)
    assert abs(minimax.item()) < 1e-3 < 0.99 < abs(non_sat.item())


# --------------------------------------------------------------------------- mode scoring

def _at_modes(modes, per_mode=10, spread=0.0, seed=0):
    rng = np.random.default_rng(seed)
    points = np.repeat(CENTERS[list(modes)], per_mode, axis=0)
    return points + rng.normal(0, spread, points.shape) if spread else points


def test_mode_report_counts_hand_built_sets():
    every = G.mode_report(_at_modes(range(8)), CENTERS, STD)
    assert (every.modes_covered, every.n_modes, every.high_quality) == (8, 8, 1.0)
    assert every.counts.tolist() == [10] * 8
    three = G.mode_report(_at_modes([0, 3, 5]), CENTERS, STD)
    assert three.modes_covered == 3 and three.high_quality == 1.0
    # half the samples 0.1 away from their mode (5 std): still nearest to it, but not high quality
    far = _at_modes([1, 2])
    far[::2] += 0.1
    report = G.mode_report(far, CENTERS, STD)
    assert report.modes_covered == 2 and report.high_quality == pytest.approx(0.5)
    # a mode whose only samples are low quality is not covered
    mixed = np.vstack([_at_modes([4]), _at_modes([6]) + 0.2])
    assert G.mode_report(mixed, CENTERS, STD).modes_covered == 1


def test_mode_report_on_the_real_ring_and_a_collapsed_one():
    x, _ = make_ring(2500, std=STD, random_state=0)
    report = G.mode_report(x, CENTERS, STD)
    assert report.modes_covered == 8 and report.high_quality > 0.99  # 3 std in 2-D keeps ~98.9%
    collapsed = np.tile(CENTERS[2], (2500, 1))
    assert G.mode_report(collapsed, CENTERS, STD).modes_covered == 1


def test_the_seven_mode_trap_of_a_ring_with_its_end_point():
    angles = np.linspace(0, 2 * np.pi, 8)  # includes 2*pi, the same point as 0
    trap = 2.0 * np.stack([np.cos(angles), np.sin(angles)], 1)
    samples = np.repeat(trap, 20, axis=0)
    # the trap ring has only 7 distinct modes: its samples cover 7 of them...
    distinct = np.unique(trap.round(6), axis=0)
    assert len(distinct) == 7
    report = G.mode_report(samples, distinct, STD)
    assert (report.modes_covered, report.n_modes, report.high_quality) == (7, 7, 1.0)
    # ...at multiples of 2*pi/7, so against the true ring of 8 they miss most modes
    assert G.mode_report(samples, CENTERS, STD).modes_covered < 7
    # and scoring against the trap's own centres (first one repeated) is refused with the fix
    with pytest.raises(ValueError, match="end point"):
        G.mode_report(CENTERS, trap, STD)


@pytest.mark.parametrize("call,error,message", [
    (lambda: G.mode_report(np.zeros((5, 3)), CENTERS, STD), ValueError, "2 were expected"),
    (lambda: G.mode_report(np.zeros(5), CENTERS, STD), ValueError, "2 dimensions"),
    (lambda: G.mode_report(np.zeros((0, 2)), CENTERS, STD), ValueError, "empty"),
    (lambda: G.mode_report(CENTERS, CENTERS, 0.0), ValueError, "std must be"),
    (lambda: G.mode_report(CENTERS, CENTERS, "0.02"), TypeError, "std must be a number"),
    (lambda: G.mode_report(np.full((4, 2), np.nan), CENTERS, STD), ValueError, "NaN"),
    (lambda: G.discriminator_loss(torch.zeros(2), torch.zeros(2), "wasserstein"), ValueError, "minimax"),
    (lambda: G.GAN(torch.zeros(10, 2), d_activation="sigmoid"), ValueError, "leaky_relu"),
    (lambda: G.GAN(torch.zeros(10, 2), lr=-1.0), ValueError, "lr must be"),
    (lambda: G.GAN(torch.zeros(10, 2)).mode_report(), ValueError, "centers="),
    (lambda: G.noise_grid_lines(noise_dim=16), ValueError, "noise_dim=2"),
    (lambda: G.interpolate_noise(torch.zeros(3), torch.zeros(4)), ValueError, "same length"),
])
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------------------------- the trainer

def test_step_wise_training_moves_only_what_it_trains():
    gan = G.toy_gan("ring", hidden=(16, 16), batch_size=32)
    g0 = [p.clone() for p in gan.generator.parameters()]
    d0 = [p.clone() for p in gan.discriminator.parameters()]
    gan.train_discriminator(3)
    assert all(torch.equal(a, b) for a, b in zip(g0, gan.generator.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(d0, gan.discriminator.parameters()))
    d1 = [p.clone() for p in gan.discriminator.parameters()]
    gan.train_generator(2)
    assert all(torch.equal(a, b) for a, b in zip(d1, gan.discriminator.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(g0, gan.generator.parameters()))
    assert (gan.steps, gan.d_step_count, len(gan.d_losses), len(gan.g_losses)) == (2, 3, 3, 2)
    gan.d_steps = 2
    gan.step(4)
    assert (gan.steps, gan.d_step_count) == (6, 11)


def test_reset_and_seeds_make_training_repeatable():
    first = G.toy_gan("ring", hidden=(16, 16), batch_size=32).step(5)
    samples = first.sample(50, random_state=0)
    first.reset().step(5)
    assert torch.equal(samples, first.sample(50, random_state=0))
    other = G.toy_gan("ring", hidden=(16, 16), batch_size=32, random_state=1).step(5)
    assert not torch.equal(samples, other.sample(50, random_state=0))


def test_the_discriminator_learns_to_tell_real_from_fake():
    gan = G.toy_gan("ring", hidden=(32, 32), batch_size=64)
    gan.train_discriminator(200)
    real = gan.probability_real(gan.data[:500]).mean().item()
    fake = gan.probability_real(gan.sample(500)).mean().item()
    assert real > 0.8 and fake < 0.2


def test_lab_pictures_have_the_right_shapes_and_meaning():
    gan = G.toy_gan("ring", hidden=(16, 16), batch_size=32)
    gan.train_discriminator(100)
    verdict = G.decision_map(gan, 3.0, 20)
    assert verdict.shape == (20, 20) and 0 <= verdict.min() and verdict.max() <= 1
    lines = G.warped_grid(gan, n_lines=5, n_points=7)
    assert lines.shape == (10, 7, 2)
    fakes = gan.sample(10).numpy()
    push = G.generator_gradients(gan, fakes)
    assert push.shape == (10, 2)
    # a small step along the arrows raises D's "real" verdict for the fakes
    before = gan.probability_real(fakes)
    after = gan.probability_real(fakes + 1e-3 * push / np.linalg.norm(push, axis=1, keepdims=True))
    assert (after > before).float().mean() > 0.9


def test_noise_interpolation_is_a_straight_line():
    path = G.interpolate_noise(torch.zeros(4), torch.ones(4), 5)
    assert path.shape == (5, 4)
    assert torch.allclose(path[:, 0], torch.tensor([0.0, 0.25, 0.5, 0.75, 1.0]))
    assert torch.equal(G.interpolate_noise(torch.zeros(4), torch.ones(4), num_steps=5), path)


# --------------------------------------------------------------------------- the package and its networks

def test_public_names_are_what_a_learner_calls():
    assert "noise_grid_lines" in G.__all__  # the lesson uses it
    assert all(hasattr(G, name) for name in G.__all__)
    for widget_only in ("loss_box_frame", "loss_box_contents", "scaled_arrows", "verdict_cmap", "ARROW_COLOR"):
        assert widget_only not in G.__all__ and not hasattr(G, widget_only)


def test_the_networks_are_the_course_mlp_with_the_old_layers_and_initial_weights():
    from torch import nn

    torch.manual_seed(3)
    generator = G.Generator(2, 2, hidden=(8, 6))
    torch.manual_seed(3)
    by_hand = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 2))
    assert [type(m) for m in generator.net] == [type(m) for m in by_hand]
    assert all(torch.equal(a, b) for a, b in zip(generator.state_dict().values(), by_hand.state_dict().values()))
    discriminator = G.Discriminator(2, hidden=(8,))
    assert [type(m).__name__ for m in discriminator.net] == ["Linear", "LeakyReLU", "Linear"]
    assert discriminator.net[1].negative_slope == 0.2


# --------------------------------------------------------------------------- what the plots draw

def _axes():
    from matplotlib.figure import Figure

    return Figure().subplots()


def test_plot_gan_plane_draws_every_layer():
    gan = G.toy_gan("ring", hidden=(16, 16), batch_size=32).step(5)
    fake = gan.sample(40, random_state=0).numpy()
    decision, lines = G.decision_map(gan, 3.0, 12), G.warped_grid(gan, n_lines=3, n_points=5)
    push = G.generator_gradients(gan, fake[:4])
    ax = G.plot_gan_plane(_axes(), gan.data[:30], fake, decision=decision, lines=lines, arrows=push,
                          arrow_points=fake[:4], centers=CENTERS)
    np.testing.assert_allclose(ax.images[0].get_array(), decision)
    assert ax.images[0].origin == "lower" and ax.images[0].get_extent() == [-3, 3, -3, 3]
    grid, real, generated, centers, arrows = ax.collections
    np.testing.assert_allclose(np.array(grid.get_segments()), lines)
    np.testing.assert_allclose(real.get_offsets(), gan.data[:30].numpy())
    np.testing.assert_allclose(generated.get_offsets(), fake)
    np.testing.assert_allclose(centers.get_offsets(), CENTERS)
    np.testing.assert_allclose(np.column_stack([arrows.X, arrows.Y]), fake[:4])
    # arrows keep their directions; the longest is 15 % of the half-width 3
    uv = np.column_stack([arrows.U, arrows.V])
    np.testing.assert_allclose(uv / np.linalg.norm(uv, axis=1, keepdims=True),
                               push / np.linalg.norm(push, axis=1, keepdims=True), rtol=1e-5)
    assert np.linalg.norm(uv, axis=1).max() == pytest.approx(0.45)


def test_plot_losses_draws_both_losses_per_generator_step():
    gan = G.toy_gan("ring", hidden=(8, 8), batch_size=16, d_steps=2).step(10)
    d_line, g_line = G.plot_losses(_axes(), gan, window=1).lines
    np.testing.assert_allclose(g_line.get_ydata(), gan.g_losses)
    np.testing.assert_allclose(d_line.get_ydata(), np.reshape(gan.d_losses, (10, 2)).mean(1))  # D's 2 steps per G step
    smooth = G.plot_losses(_axes(), gan, window=2).lines[1]  # window <= len // 5
    np.testing.assert_allclose(smooth.get_ydata(), np.convolve(gan.g_losses, [0.5, 0.5], mode="valid"))


# --------------------------------------------------------------------------- the digits

def test_calibration_sets_scored_against_a_reference():
    sets, reference = G.calibration_sets(50)
    assert set(sets) >= {"new real digits", "copies of training digits", "uniform noise"}
    assert all(x.shape == (50, 64) for x in sets.values()) and reference.shape == (225, 64)
    new = metrics.quality_report(sets["new real digits"], reference=reference)
    copies = metrics.quality_report(sets["copies of training digits"], reference=reference)
    noise = metrics.quality_report(sets["uniform noise"], reference=reference)
    assert copies["memorised"] == 1.0 and new["memorised"] < 0.1
    assert new["fid"] < noise["fid"] and copies["fid"] < noise["fid"]
    assert math.isfinite(new["inception_score"])


def test_a_digit_gan_trains_step_wise_and_samples_pixels():
    gan = G.train_digit_gan(20)
    samples = gan.sample(8)
    assert samples.shape == (8, 64) and 0 <= samples.min() and samples.max() <= 1
    assert gan.steps == 20 and gan.seconds > 0


# --------------------------------------------------------------------------- the widget

def test_gan_lab_trains_on_play_and_buttons_and_reads_out_modes():
    from latentedu.widgets.gan import gan_lab

    demo = gan_lab()
    assert "modes covered" in demo.readout.value
    gan_steps = demo.buttons["train both ×10"]
    gan_steps.click()
    assert "step 10" in demo.readout.value and "steps/s" in demo.readout.value
    demo.buttons["train D ×10"].click()
    assert "step 10" in demo.readout.value
    demo.controls["play"].value += 1  # one Play tick: 1 to 10 rounds, as many as fit in its time budget
    assert 11 <= demo.state["gan"].steps <= 20 and f"step {demo.state['gan'].steps}" in demo.readout.value
    before = demo.png
    demo.buttons["reset"].click()
    assert demo.png != before and "step 0" in demo.readout.value
    demo.controls["dataset"].value = "moons"
    assert "samples on the data" in demo.readout.value


def test_gan_lab_play_trains_within_its_time_budget_and_buttons_train_ten(monkeypatch):
    """Play stops training once its tick's budget is spent (at least one round, so a slow machine
    still trains); the buttons always train the ten steps their labels promise."""
    from latentedu.widgets import gan as lab

    monkeypatch.setattr(lab, "_PLAY_TRAIN_S", 0.0)
    demo = lab.gan_lab()
    for expected in (1, 2, 3):
        demo.controls["play"].value += 1
        assert demo.state["gan"].steps == expected
    demo.buttons["train both ×10"].click()
    assert demo.state["gan"].steps == 13
    monkeypatch.setattr(lab, "_PLAY_TRAIN_S", 10.0)
    demo = lab.gan_lab()
    demo.controls["play"].value += 1
    assert demo.state["gan"].steps == 10  # a generous budget: never more than steps_per_tick


def test_gan_lab_draws_what_plot_gan_plane_and_plot_losses_draw():
    """The lab's plane and plot_gan_plane, from the same GAN and the same noise: the same data drawn."""
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.image import BboxImage
    from matplotlib.lines import Line2D

    from latentedu.widgets._gan_views import arrow_patches, loss_box
    from latentedu.widgets.gan import gan_lab

    demo = gan_lab()
    demo.buttons["train both ×10"].click()
    demo.buttons["train D ×10"].click()
    gan, scene = demo.state["gan"], demo.state["scene"]
    lim = scene.lim
    with torch.no_grad():
        fake = gan.generator(scene.noise_shown).numpy()
    tails = fake[:30]
    ax = G.plot_gan_plane(_axes(), scene.real_shown, fake, decision=G.decision_map(gan, lim, 40),
                          lines=G.warped_grid(gan, lines=scene.lines), arrows=G.generator_gradients(gan, tails),
                          arrow_points=tails, centers=G.toy_centers("ring"), lim=lim)
    grid, real, generated, centers, quiver = ax.collections

    lab = demo.figure.artists
    (image,) = [a for a in lab if isinstance(a, BboxImage)]
    np.testing.assert_allclose(image.get_array()[::-1], ax.images[0].get_array(), rtol=1e-6)  # lab: row 0 on top
    (lab_grid,) = [a for a in lab if isinstance(a, LineCollection)]
    np.testing.assert_allclose(np.array(lab_grid.get_segments()), np.array(grid.get_segments()), rtol=1e-6)
    lines = [a for a in lab if isinstance(a, Line2D)]
    lab_real, lab_fake, lab_centers = [line for line in lines if line.get_linestyle() == "None"]
    for drawn, plotted in ((lab_real, real), (lab_fake, generated), (lab_centers, centers)):
        np.testing.assert_allclose(drawn.get_xydata(), plotted.get_offsets(), rtol=1e-6)
    assert lab_centers.get_markerfacecolor() == "none"
    np.testing.assert_allclose(lab_real.get_alpha(), real.get_alpha())
    (arrows,) = [a for a in lab if isinstance(a, PatchCollection)]
    expected = arrow_patches(np.column_stack([quiver.X, quiver.Y]), np.column_stack([quiver.U, quiver.V]), lim)
    assert len(arrows.get_paths()) == len(expected) == 30
    for drawn, patch in zip(arrows.get_paths(), expected):
        np.testing.assert_allclose(drawn.vertices, patch.get_path().vertices, rtol=1e-5, atol=1e-9)

    # the loss box: plot_losses' curves, scaled into the box (5 % margins)
    d, g = (line.get_ydata() for line in G.plot_losses(_axes(), gan).lines)
    x0, y0, x1, y1 = loss_box(lim)
    low, high = min(d.min(), g.min()), max(d.max(), g.max())
    lab_d, lab_g = [line for line in lines if line.get_linestyle() == "-"]
    for drawn, curve in ((lab_d, d), (lab_g, g)):
        np.testing.assert_allclose(drawn.get_ydata(), y0 + (y1 - y0) * (0.05 + 0.9 * (curve - low) / (high - low)))
        assert drawn.get_xdata()[0] == x0 and drawn.get_xdata()[-1] == pytest.approx(x1)


# --------------------------------------------------------------------------- packing, EMA, the lab's mode counts

def test_a_packed_discriminator_judges_groups_of_samples():
    torch.manual_seed(0)
    d = G.Discriminator(2, (8, 8), pack=2)
    x = torch.randn(6, 2)
    logits = d(x)
    assert logits.shape == (3,)
    # group i is rows 2i and 2i+1 side by side: the same as the net on the concatenated pair
    assert torch.allclose(logits[1], d.net(torch.cat([x[2], x[3]])[None]).squeeze())
    # one point's verdict: the point packed with a copy of itself
    assert torch.allclose(d.verdict(x[:1]), d.net(torch.cat([x[0], x[0]])[None]).squeeze(-1))
    with pytest.raises(ValueError, match="multiple of 2"):
        d(torch.randn(5, 2))
    with pytest.raises(ValueError, match="multiple of pack"):
        G.toy_gan("ring", hidden=(8, 8), batch_size=33, pack=2)
    gan = G.toy_gan("ring", hidden=(8, 8), batch_size=32, pack=4).step(3)
    assert gan.discriminator.net[0].in_features == 8 and len(gan.d_losses) == 3
    assert G.decision_map(gan, 3.0, 5).shape == (5, 5)
    assert G.generator_gradients(gan, gan.sample(4, random_state=0)).shape == (4, 2)


def test_the_generators_moving_average_follows_its_weights():
    gan = G.toy_gan("ring", hidden=(8, 8), batch_size=32, ema=0.9)
    start = [p.clone() for p in gan.generator_ema.parameters()]
    gan.step(1)
    for avg, before, now in zip(gan.generator_ema.parameters(), start, gan.generator.parameters()):
        assert torch.allclose(avg, 0.9 * before + 0.1 * now, atol=1e-6)  # one step of the average
    # sample() draws from the average; without ema from the generator itself
    z = gan.noise_batch(5, torch.Generator().manual_seed(3))
    assert torch.allclose(gan.sample(5, random_state=3), gan.generator_ema(z))
    plain = G.toy_gan("ring", hidden=(8, 8), batch_size=32).step(1)
    assert plain.generator_ema is None and plain.sampler is plain.generator
    with pytest.raises(ValueError, match="ema"):
        G.toy_gan("ring", hidden=(8, 8), ema=1.0)


def test_gan_lab_shows_the_high_quality_count_of_every_mode():
    import re

    from latentedu.widgets.gan import gan_lab

    demo = gan_lab()
    demo.buttons["train both ×10"].click()
    scene, gan = demo.state["scene"], demo.state["gan"]
    with torch.no_grad():
        report = G.mode_report(gan.generator(scene.noise_scored).numpy(), scene.centers, scene.std)
    shown = re.search(r"per mode: (.*)", demo.readout.value).group(1)
    assert [int(c) for c in re.findall(r"<b>(\d+)</b>", shown)] == report.counts.tolist()
    assert f"{report.modes_covered}/8" in demo.readout.value
    demo.controls["dataset"].value = "grid"
    assert demo.readout.value.count("|") == 4  # 25 counts in 5 rows


def test_gan_lab_presets_set_up_the_lessons_collapse_and_its_fix():
    from latentedu.widgets.gan import PRESETS, gan_lab

    demo = gan_lab(dataset="moons", lr=1e-2, g_steps=2)
    demo.buttons["train both ×10"].click()
    for name, values in PRESETS.items():
        demo.controls["preset"].value = name
        assert {key: demo.controls[key].value for key in values} == values
        gan = demo.state["gan"]
        assert (gan.g_steps, gan.d_steps, gan.lr, gan.batch_size) == (values["g_steps"], 1, 1e-3, 128)
        assert gan.steps == 0 and demo.state["scene"].dataset == "ring"  # a fresh GAN on the ring
        assert "modes covered" in demo.readout.value
    # the collapse preset: 10 rounds of 1 D step and 5 G steps
    demo.buttons["train both ×10"].click()
    assert (demo.state["gan"].steps, demo.state["gan"].d_step_count) == (50, 10)
    assert set(PRESETS) == {"mode collapse: 5 G steps per D step", "collapse avoided: 1 G step per D step"}
    assert {PRESETS[name]["g_steps"] for name in PRESETS} == {1, 5}  # one setting apart
    assert all({k: v for k, v in p.items() if k != "g_steps"} == {k: v for k, v in
               PRESETS["mode collapse: 5 G steps per D step"].items() if k != "g_steps"} for p in PRESETS.values())


def test_nearest_mode_counts_and_the_bar_chart():
    samples = np.vstack([_at_modes([2], per_mode=30) + 0.5, _at_modes([5], per_mode=10)])  # 30 off mode 2
    counts = G.nearest_mode_counts(samples, CENTERS)
    assert counts.tolist() == [0, 0, 30, 0, 0, 10, 0, 0]  # 0.71 from mode 2, nearer to it than to any other
    report = G.mode_report(samples, CENTERS, STD)
    assert report.counts.tolist() == [0, 0, 0, 0, 0, 10, 0, 0]  # only the 10 on mode 5 are high quality
    ax = _axes()
    G.plot_mode_counts(ax, counts, hq_counts=report.counts)
    heights = [p.get_height() for p in ax.patches]
    assert heights == counts.tolist() + report.counts.tolist()
    with pytest.raises(ValueError, match="hq_counts has 3 modes"):
        G.plot_mode_counts(_axes(), counts, hq_counts=[1, 2, 3])
    with pytest.raises(ValueError, match="samples is empty"):
        G.nearest_mode_counts(np.zeros((0, 2)), CENTERS)


def test_the_lessons_ring_tables_are_the_stored_benchmark_runs():
    """Chapter 06 copies benchmarks/gan_ring.py's stored tables (the lesson cannot train 20 GANs in
    its time budget); the copies must be the numbers of the latest stored runs."""
    import ast
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    source = (root / "course" / "06_gans.py").read_text()
    copied = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.walk(ast.parse(source))
              if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in ("RING_BENCHMARK", "ONE_GAUSSIAN")}
    results = root / "benchmarks" / "results"
    for name, pattern in (("RING_BENCHMARK", "gan_ring-*.json"), ("ONE_GAUSSIAN", "gan_ring_normal_noise-*.json")):
        stored = json.loads(sorted(results.glob(pattern))[-1].read_text())["ring"]["rows"]
        columns = {"high quality": [round(r["high_quality"], 3) for r in stored],
                   "modes >= 1": [r["modes"] for r in stored], "modes >= 20": [r["modes_20"] for r in stored],
                   "fewest per mode": [min(r["counts"]) for r in stored],
                   "spread": [round(r["spread"], 4) for r in stored],
                   "CPU s": [round(r["cpu_seconds"], 1) for r in stored]}
        for column, values in copied[name].items():
            assert values == columns[column], f"{name}[{column!r}] differs from {pattern}: {columns[column]}"


def test_mixture_noise_is_narrow_blobs_around_fixed_centres():
    from latentedu.gan import GAN, make_toy_data

    gan = GAN(make_toy_data("ring", 200), noise_dim=4, noise="mixture", noise_components=5, noise_spread=0.01,
              random_state=3)
    z = gan.noise_batch(1000, torch.Generator().manual_seed(0))
    assert z.shape == (1000, 4) and gan.noise_centers.shape == (5, 4)
    nearest = torch.cdist(z, gan.noise_centers).min(1).values
    assert nearest.max() < 0.1                      # every vector sits in one narrow blob
    assert nearest.std() > 0                        # ... and not on its centre
    same = GAN(make_toy_data("ring", 200), noise_dim=4, noise="mixture", noise_components=5, random_state=3)
    assert torch.equal(same.noise_centers, gan.noise_centers)    # the centres come from random_state
    with pytest.raises(ValueError, match="noise must be one of"):
        GAN(make_toy_data("ring", 200), noise="blobs")


def test_mode_report_measures_how_wide_the_modes_are_drawn():
    """The high-quality share rewards modes drawn too tight; the spread shows it."""
    offsets = np.tile([[0.03, 0.0], [-0.03, 0.0], [0.0, 0.03], [0.0, -0.03]], (8, 1))   # 0.03 from a centre
    on_modes = np.repeat(CENTERS, 4, axis=0) + offsets
    report = G.mode_report(on_modes, CENTERS, STD)
    assert report.high_quality == 1.0
    assert report.spread == pytest.approx(0.03 / math.sqrt(2))   # per axis: 0.03 on one axis, 0 on the other
    assert G.mode_report(on_modes + 10.0, CENTERS, STD).spread is None   # no high-quality sample to measure
