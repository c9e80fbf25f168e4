"""latentedu.dimensions and its demos: numbers first, then the widgets' pictures."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from latentedu import dimensions as dm


# --------------------------------------------------------------------------- distances

def test_pairwise_distances_match_a_direct_loop():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(5, 7)), rng.normal(size=(4, 7))
    direct = np.array([[np.sqrt(((a - b) ** 2).sum()) for b in y] for a in x])
    assert np.allclose(dm.pairwise_distances(x, y), direct)
    same = dm.pairwise_distances(x)
    assert same.shape == (5, 5) and np.allclose(np.diag(same), 0.0, atol=1e-7)
    assert not np.isnan(same).any()


def test_distance_samples_take_each_pair_once():
    x = np.array([[0.0, 0.0], [3.0, 4.0], [0.0, 1.0]])
    assert sorted(dm.distance_samples(x)) == pytest.approx([1.0, np.sqrt(18.0), 5.0])


def test_relative_contrast_and_nearest_farthest_by_hand():
    assert dm.relative_contrast([1.0, 2.0, 4.0]) == pytest.approx(3.0)
    # points on a line at 0, 1, 3: nearest/farthest = 1/3, 1/2, 2/3
    x = np.array([[0.0], [1.0], [3.0]])
    assert dm.nearest_farthest_ratio(x) == pytest.approx((1 / 3 + 1 / 2 + 2 / 3) / 3)
    # queries against separate reference points: 0 -> {1, 3} gives 1/3
    assert dm.nearest_farthest_ratio([[0.0]], [[1.0], [3.0]]) == pytest.approx(1 / 3)


def test_distances_concentrate_as_the_dimension_grows():
    for distribution in dm.DISTRIBUTIONS:
        study = dm.distance_concentration((2, 10, 100, 1000), n_points=150, distribution=distribution,
                                          random_state=1)
        assert np.all(np.diff(study.nf_ratio) > 0), study.nf_ratio
        assert np.all(np.diff(study.cv) < 0), study.cv
        assert np.all(np.diff(study.contrast) < 0), study.contrast
        assert study.nf_ratio[-1] > 0.8 and study.nf_ratio[0] < 0.1
        widths = np.diff(study.bin_edges)
        assert np.allclose((study.density * widths).sum(1), 1.0)


def test_uniform_cube_mean_distance_matches_theory():
    # mean squared distance between two uniform points of [0, 1]^d is d/6
    study = dm.distance_concentration((1000,), n_points=100, random_state=0)
    assert study.mean[0] == pytest.approx(np.sqrt(1000 / 6), rel=0.01)


def test_sample_points_ranges_and_seeds():
    u = dm.sample_points(1000, 3, "uniform", random_state=0)
    assert u.shape == (1000, 3) and u.min() >= 0 and u.max() <= 1
    g = dm.sample_points(4000, 2, "gaussian", random_state=0)
    assert abs(g.mean()) < 0.05 and g.std() == pytest.approx(1.0, abs=0.05)
    assert np.array_equal(dm.sample_points(5, 2, random_state=3), dm.sample_points(5, 2, random_state=3))


# --------------------------------------------------------------------------- volume and sparsity

@pytest.mark.parametrize("dim,expected", [(1, 1.0), (2, math.pi / 4), (3, math.pi / 6),
                                          (4, math.pi ** 2 / 32)])
def test_ball_to_cube_ratio_closed_forms(dim, expected):
    assert dm.ball_to_cube_ratio(dim) == pytest.approx(expected)
    assert dm.ball_volume(dim) == pytest.approx(expected * 2 ** dim)


def test_ball_volume_peaks_at_five_and_stays_finite():
    volumes = [dm.ball_volume(d) for d in range(1, 30)]
    assert int(np.argmax(volumes)) + 1 == 5
    assert dm.ball_volume(2, radius=2.0) == pytest.approx(4 * math.pi)
    assert 0.0 <= dm.ball_volume(1000) < 1e-100  # math.gamma alone would overflow here
    assert dm.ball_to_cube_ratio(10) == pytest.approx(0.00249, rel=1e-2)


def test_monte_carlo_agrees_with_the_formula():
    for dim in (2, 5):
        estimate = dm.fraction_in_ball(dim, n_samples=40_000, random_state=0, chunk=7_000)
        assert estimate == pytest.approx(dm.ball_to_cube_ratio(dim), abs=0.01)
    assert dm.fraction_in_ball(50, n_samples=5_000, random_state=0) == 0.0


def test_sparsity_numbers():
    assert dm.cells_to_cover(3) == 1000 and dm.cells_to_cover(64, per_axis=2) == 2 ** 64
    assert dm.edge_for_fraction(0.01, 1) == pytest.approx(0.01)
    assert dm.edge_for_fraction(0.01, 10) == pytest.approx(0.631, abs=1e-3)


# --------------------------------------------------------------------------- irrelevant features

def test_noise_dimensions_hurt_nearest_neighbors():
    from latentedu.data import load_digits

    d = load_digits()
    curve = dm.knn_noise_curve(d.x_train, d.y_train, d.x_test, d.y_test, noise_dims=(0, 512), k=5,
                               n_queries=3)
    assert curve.accuracy[0] > 0.95
    assert curve.accuracy[1] < curve.accuracy[0] - 0.15
    assert curve.neighbors.shape == (2, 3, 5)
    extended = dm.add_noise_dimensions(np.zeros((4, 2)), 3, random_state=0)
    assert extended.shape == (4, 5) and np.all(extended[:, :2] == 0) and extended[:, 2:].max() <= 1


# --------------------------------------------------------------------------- unlabelled properties

def test_ink_is_the_mean_intensity():
    images = np.zeros((2, 4, 4))
    images[0, 1, :] = 1.0
    images[1] = 0.5
    assert dm.ink(images) == pytest.approx([0.25, 0.5])
    assert dm.ink(images.reshape(2, 16)) == pytest.approx([0.25, 0.5])


def test_slant_sign_and_size():
    right = np.zeros((8, 8))
    left = np.zeros((8, 8))
    upright = np.zeros((8, 8))
    for row in range(8):
        right[row, 7 - row] = 1.0  # "/": the stroke moves right as it goes up
        left[row, row] = 1.0       # "\"
        upright[row, 3] = 1.0
    flat = np.zeros((8, 8))
    flat[4, :] = 1.0
    values = dm.slant(np.stack([right, left, upright, flat]))
    assert values == pytest.approx([1.0, -1.0, 0.0, 0.0])


def test_best_direction_recovers_a_planted_direction():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(500, 2))
    w = np.array([0.6, -0.8])
    prop = z @ w * 3 + 1 + 0.01 * rng.normal(size=500)
    found = dm.best_direction(z, prop)
    assert found == pytest.approx(w, abs=1e-3)
    assert dm.projection_correlation(z, prop, found) > 0.999
    assert dm.correlation([1, 2, 3], [2, 4, 7]) == pytest.approx(np.corrcoef([1, 2, 3], [2, 4, 7])[0, 1])


# --------------------------------------------------------------------------- input errors

@pytest.mark.parametrize("call,error,words", [
    (lambda: dm.sample_points(10, 0), ValueError, "dim"),
    (lambda: dm.sample_points(10, 2, "normal"), ValueError, "distribution"),
    (lambda: dm.relative_contrast([0.0, 1.0]), ValueError, "identical"),
    (lambda: dm.pairwise_distances(np.ones(3)), ValueError, "reshape"),
    (lambda: dm.pairwise_distances(np.ones((3, 2)), np.ones((3, 4))), ValueError, "features"),
    (lambda: dm.ball_volume(2.5), TypeError, "whole number"),
    (lambda: dm.edge_for_fraction(0.0, 3), ValueError, "fraction"),
    (lambda: dm.slant(np.zeros((1, 8, 8))), ValueError, "no ink"),
    (lambda: dm.ink(np.ones((2, 10))), ValueError, "square"),
    (lambda: dm.correlation([1, 1, 1], [1, 2, 3]), ValueError, "not all equal"),
    (lambda: dm.best_direction(np.ones((5, 2)), np.ones(4)), ValueError, "z and prop must have the same length"),
    (lambda: dm.knn_noise_curve(np.ones((4, 2)), [0, 1, 0], np.ones((2, 2)), [0, 1]), ValueError,
     "x_train and y_train must have the same length"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --------------------------------------------------------------------------- drawing and demos

def test_plot_functions_draw_their_data():
    fig = Figure()
    axes = fig.subplots(1, 5)
    study = dm.distance_concentration((2, 20), n_points=20)
    assert dm.plot_distance_histogram(axes[0], study.bin_edges, study.density[0]) is axes[0]
    bars = axes[0].patches[0].get_data()
    np.testing.assert_allclose(bars.values, study.density[0])
    np.testing.assert_allclose(bars.edges, study.bin_edges)
    assert dm.plot_concentration_curve(axes[1], study.dims, study.nf_ratio, highlight=20) is axes[1]
    np.testing.assert_allclose(axes[1].lines[0].get_xydata(), [[0, study.nf_ratio[0]], [1, study.nf_ratio[1]]])
    np.testing.assert_allclose(axes[1].lines[1].get_xydata(), [[1, study.nf_ratio[1]]])  # d = 20 circled
    ratios = [dm.ball_to_cube_ratio(d) for d in range(1, 6)]
    assert dm.plot_ball_cube(axes[2], np.arange(1, 6), ratios,
                             estimates=np.array([1.0, 0.78, 0.5, 0.3, 0.0])) is axes[2]
    np.testing.assert_allclose(axes[2].lines[0].get_ydata(), ratios)
    np.testing.assert_allclose(axes[2].lines[1].get_xydata(), [[1, 1.0], [2, 0.78], [3, 0.5], [4, 0.3]])  # no 0
    assert dm.plot_knn_noise(axes[3], [0, 16, 64], [0.98, 0.9, 0.8], highlight=16) is axes[3]
    accuracy, circle, chance = axes[3].lines
    np.testing.assert_allclose(accuracy.get_xydata(), [[0, 0.98], [1, 0.9], [2, 0.8]])
    np.testing.assert_allclose(circle.get_xydata(), [[1, 0.9]])
    assert list(chance.get_ydata()) == [0.1, 0.1]
    z = np.random.default_rng(0).normal(size=(30, 2))
    assert dm.plot_property_map(axes[4], z, z[:, 0], direction=np.array([1.0, 0.0])) is axes[4]
    np.testing.assert_allclose(axes[4].collections[0].get_offsets(), z)
    np.testing.assert_allclose(axes[4].collections[0].get_array(), z[:, 0])


def test_concentration_demo_draws_what_the_plots_draw():
    from matplotlib.lines import Line2D
    from matplotlib.patches import StepPatch

    from latentedu.widgets.dimensions import distance_concentration_explorer

    demo = distance_concentration_explorer(n_points=30)
    demo.controls["dim"].value = 20
    study = dm.distance_concentration(dm.DIMENSIONS, 30, "uniform", random_state=0)
    i = list(study.dims).index(20)
    ax = Figure().add_subplot()
    dm.plot_concentration_curve(ax, study.dims, study.nf_ratio, highlight=20)
    circle = [a for a in demo.figure.artists if isinstance(a, Line2D)]
    assert len(circle) == 1
    np.testing.assert_allclose(circle[0].get_xydata(), ax.lines[1].get_xydata())
    ax = Figure().add_subplot()
    dm.plot_distance_histogram(ax, study.bin_edges, study.density[i])
    bars = [a for a in demo.figure.artists if isinstance(a, StepPatch)][0].get_data()
    drawn = ax.patches[0].get_data()
    np.testing.assert_allclose(bars.edges, drawn.edges)
    np.testing.assert_allclose(bars.values / bars.values.max(), drawn.values / drawn.values.max())  # rescaled


def test_noise_demo_shows_the_stored_neighbors():
    from matplotlib.image import BboxImage

    from latentedu.data import load_digits
    from latentedu.widgets.dimensions import noise_dimensions_explorer

    d = load_digits()
    curve = dm.knn_noise_curve(d.x_train, d.y_train, d.x_test, d.y_test, noise_dims=(0, 64), k=3, n_queries=2)
    demo = noise_dimensions_explorer(curve=curve)
    demo.controls["query"].value = 1
    mosaic = [a for a in demo.figure.artists if isinstance(a, BboxImage)][0].get_array()
    mosaic = np.ma.filled(mosaic, np.nan)
    np.testing.assert_array_equal(mosaic[3:11, 0:8], d.x_test[1].numpy().reshape(8, 8))  # the test digit
    for j, i in enumerate(curve.neighbors[0, 1]):  # its neighbors, one row below, 2 blank pixels apart
        np.testing.assert_array_equal(mosaic[16:24, 10 * j:10 * j + 8], d.x_train[i].numpy().reshape(8, 8))
    assert mosaic.shape == (24, 28) and np.isnan(mosaic[3:11, 8:]).all()


def test_concentration_demo_redraws_for_every_control():
    from latentedu.widgets.dimensions import distance_concentration_explorer

    demo = distance_concentration_explorer(n_points=60)
    first = demo.png
    demo.controls["dim"].value = 1000
    assert demo.png != first and "d = 1000" in demo.readout.value
    second = demo.png
    demo.controls["distribution"].value = "gaussian"
    assert demo.png != second


def test_noise_demo_redraws_and_reuses_a_curve():
    from latentedu.data import load_digits
    from latentedu.widgets.dimensions import noise_dimensions_explorer

    d = load_digits()
    curve = dm.knn_noise_curve(d.x_train, d.y_train, d.x_test, d.y_test, noise_dims=(0, 64), n_queries=2)
    demo = noise_dimensions_explorer(curve=curve)
    first = demo.png
    demo.controls["noise"].value = 64
    assert demo.png != first and "64 noise features" in demo.readout.value
    second = demo.png
    demo.controls["query"].value = 1
    assert demo.png != second
    with pytest.raises(TypeError, match="knn_noise_curve"):
        noise_dimensions_explorer(curve=[0.9, 0.8])


def test_demos_are_registered():
    from latentedu.widgets import registered_demos

    names = registered_demos()
    assert "dimensions.distance_concentration_explorer" in names
    assert "dimensions.noise_dimensions_explorer" in names


# --------------------------------------------------------------------------- the overfitting gap

def test_noise_fit_curve_gap_widens_on_the_digits():
    from latentedu.data import load_digits

    d = load_digits()
    curve = dm.noise_fit_curve(d.x_train, d.y_train, d.x_test, d.y_test, noise_dims=(0, 256, 1024), random_state=0)
    assert set(curve) == {"noise_dims", "train", "test", "gap"}
    assert curve["noise_dims"].tolist() == [0, 256, 1024]
    np.testing.assert_allclose(curve["gap"], curve["train"] - curve["test"])
    assert curve["train"][0] == pytest.approx(0.983, abs=0.005)   # the noise-free fit: no randomness in it
    assert curve["test"][0] == pytest.approx(0.969, abs=0.005)
    assert curve["train"][-1] == 1.0                              # 1,088 features: every training digit right
    assert curve["test"][-1] < curve["test"][0] - 0.05
    assert np.all(np.diff(curve["gap"]) > 0)


def test_noise_fit_curve_is_seeded_and_takes_any_classifier():
    from sklearn.neighbors import KNeighborsClassifier

    rng = np.random.default_rng(0)
    x = rng.uniform(size=(60, 4))
    y = (x[:, 0] > 0.5).astype(int)
    first = dm.noise_fit_curve(x[:40], y[:40], x[40:], y[40:], noise_dims=(0, 8), random_state=3)
    again = dm.noise_fit_curve(x[:40], y[:40], x[40:], y[40:], noise_dims=(0, 8), random_state=3)
    assert all(np.array_equal(first[k], again[k]) for k in first)
    one_nn = KNeighborsClassifier(1)
    memorised = dm.noise_fit_curve(x[:40], y[:40], x[40:], y[40:], noise_dims=(0, 8, 64), classifier=one_nn)
    assert memorised["train"].tolist() == [1.0, 1.0, 1.0]      # 1-NN finds each training point itself
    assert not hasattr(one_nn, "classes_")                      # cloned, never fitted in place


@pytest.mark.parametrize("call, error, words", [
    (lambda: dm.noise_fit_curve(np.ones((4, 2)), [0, 1, 0], np.ones((2, 2)), [0, 1]), ValueError, "same length"),
    (lambda: dm.noise_fit_curve(np.ones((4, 2)), [0, 1, 0, 1], np.ones((2, 3)), [0, 1]), ValueError, "features"),
    (lambda: dm.noise_fit_curve(np.ones((4, 2)), [0, 1, 0, 1], np.ones((2, 2)), [0, 1], noise_dims=(-1,)),
     ValueError, "noise_dims"),
    (lambda: dm.noise_fit_curve(np.ones((4, 2)), [0, 1, 0, 1], np.ones((2, 2)), [0, 1], classifier="knn"),
     TypeError, "scikit-learn classifier"),
])
def test_noise_fit_curve_bad_inputs(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
