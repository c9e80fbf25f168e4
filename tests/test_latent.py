"""latentedu.latent and its widgets: numbers, clear errors for bad input, and demos that answer."""

import numpy as np
import pytest
import torch

from latentedu import latent as lt
from latentedu.autoencoders import Autoencoder
from latentedu.autoencoders import decode as ae_decode
from latentedu.autoencoders import encode as ae_encode


def _two_groups(n=40, gap=10.0, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    x = rng.standard_normal((n, 5)) * 0.3
    x[:, 0] += gap * labels
    return x, labels


# --------------------------------------------------------------------------- scores

def test_knn_accuracy_by_hand():
    points = np.array([[0.0, 0], [0.1, 0], [0.2, 0], [5, 0], [5.1, 0], [0.1, 0.5]])
    labels = np.array([0, 0, 0, 1, 1, 1])
    # points 0-4 are voted right; point 5 sits among the zeros, so its 1-NN vote is wrong
    assert lt.knn_accuracy(points, labels, k=1) == pytest.approx(5 / 6)


def test_knn_accuracy_separated_and_shuffled():
    x, y = _two_groups()
    assert lt.knn_accuracy(x, y, k=5) == 1.0
    shuffled = np.random.default_rng(1).permutation(y)
    assert lt.knn_accuracy(x, shuffled, k=5) < 0.8


def test_trustworthiness_identity_and_noise():
    x, _ = _two_groups()
    assert lt.trustworthiness(x, x[:, :2] * 0 + x[:, :2], n_neighbors=3) < 1.0 + 1e-12
    assert lt.trustworthiness(x[:, :2], x[:, :2], n_neighbors=3) == pytest.approx(1.0)
    noise = np.random.default_rng(0).standard_normal((len(x), 2))
    assert lt.trustworthiness(x, noise, n_neighbors=3) < 0.75


def test_map_quality_of_pca_on_separated_groups():
    x, y = _two_groups()
    q = lt.map_quality(x, lt.embed(x, "pca"), y)
    assert q.knn_accuracy == 1.0 and 0.8 < q.trustworthiness <= 1.0


# --------------------------------------------------------------------------- maps

def test_embed_shapes_and_seed():
    x, y = _two_groups(60)
    for method, param in (("pca", None), ("tsne", 10)):
        emb = lt.embed(x, method, param, random_state=0)
        assert emb.shape == (60, 2) and np.isfinite(emb).all()
    a = lt.embed(x, "tsne", 10, random_state=3)
    b = lt.embed(x, "tsne", 10, random_state=3)
    np.testing.assert_allclose(a, b)
    assert lt.knn_accuracy(a, y, 3) == 1.0


def test_umap_map_separates_groups():
    x, y = _two_groups(60)
    emb = lt.embed(x, "umap", 10)
    assert emb.shape == (60, 2)
    assert lt.knn_accuracy(emb, y, 3) == 1.0


def test_setting_names():
    assert lt.setting_name("pca") == "PCA"
    assert lt.setting_name("tsne") == "t-SNE (perplexity 30)"
    assert lt.setting_name("umap", 50) == "UMAP (n_neighbors 50)"


def test_build_atlas_reuses_maps():
    x, y = _two_groups(30)
    given = np.random.default_rng(0).standard_normal((30, 2))
    atlas = lt.build_atlas({"pixels": x, "codes": x[:, :3]}, y, perplexities=(5,), n_neighbors=(),
                           reuse={("pixels", "tsne", 5.0): given})
    assert set(atlas.maps) == {(s, m, p) for s in ("pixels", "codes") for m, p in (("pca", None), ("tsne", 5.0))}
    assert np.array_equal(atlas.get("pixels", "tsne", 5.0), given)
    assert atlas.settings == [("pca", None), ("tsne", 5.0)]
    with pytest.raises(ValueError, match="has no map"):
        atlas.get("codes", "umap", 15)


# --------------------------------------------------------------------------- neighbours and paths

def test_nearest_neighbors_order_and_self_excluded():
    points = np.array([[0.0], [3.0], [1.0], [-0.5], [10.0]])
    assert lt.nearest_neighbors(points, 0, 3).tolist() == [3, 2, 1]
    assert 4 not in lt.nearest_neighbors(points, 4, 4)


def test_nearest_distance():
    ref = np.array([[0.0, 0.0], [3.0, 4.0]])
    np.testing.assert_allclose(lt.nearest_distance(np.array([[0.0, 1.0], [3.0, 4.0]]), ref), [1.0, 0.0],
                               atol=1e-7)


def test_linear_path_ends_and_midpoint():
    path = lt.linear_path(np.zeros(3), np.array([2.0, 4.0, 6.0]), 5)
    assert path.shape == (5, 3)
    np.testing.assert_allclose(path[0], 0)
    np.testing.assert_allclose(path[-1], [2, 4, 6])
    np.testing.assert_allclose(path[2], [1, 2, 3])


def test_latent_path_starts_and_ends_at_the_codes():
    torch.manual_seed(0)
    model = Autoencoder(16, 3, hidden=(8,))
    rng = np.random.default_rng(0)
    xa, xb = rng.random(16), rng.random(16)
    codes, frames = lt.latent_path(model, xa, xb, 6)
    z = ae_encode(model, np.stack([xa, xb])).numpy()
    assert codes.shape == (6, 3) and frames.shape == (6, 16)
    np.testing.assert_allclose(codes[[0, -1]], z, atol=1e-6)
    np.testing.assert_allclose(frames[0], ae_decode(model, z[:1])[0].numpy(), atol=1e-6)


# --------------------------------------------------------------------------- the controlled example

def test_uneven_blobs_truth():
    x, y = lt.make_uneven_blobs(200, random_state=0)
    spread = lt.cluster_spread(x, y)
    assert spread[1] / spread[0] == pytest.approx(15, rel=0.15)
    dist = lt.centroid_distances(x, y)
    assert dist[0, 1] == pytest.approx(6, abs=0.3) and dist[0, 2] == pytest.approx(40, abs=0.3)
    np.testing.assert_allclose(dist, dist.T)


def test_cluster_spread_by_hand():
    points = np.array([[0.0, 0], [2, 0], [10, 10], [10, 14]])
    np.testing.assert_allclose(lt.cluster_spread(points, [0, 0, 1, 1]), [1.0, 2.0])


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call, error, words", [
    (lambda: lt.embed(np.zeros(10), "pca"), ValueError, "2 dimensions"),
    (lambda: lt.embed(np.zeros((10, 3)), "lda"), ValueError, "must be one of"),
    (lambda: lt.embed(np.random.rand(10, 3), "tsne", 20), ValueError, "perplexity"),
    (lambda: lt.embed(np.random.rand(10, 3), "umap", 1), ValueError, "n_neighbors"),
    (lambda: lt.knn_accuracy(np.zeros((5, 2)), [0, 1]), ValueError, "points and labels must have the same length"),
    (lambda: lt.knn_accuracy(np.random.rand(5, 2), [0, 1, 0, 1, 0], k=5), ValueError, "k must be"),
    (lambda: lt.trustworthiness(np.random.rand(10, 3), np.random.rand(9, 2)), ValueError,
     "x_high and embedding must have the same"),
    (lambda: lt.trustworthiness(np.random.rand(10, 3), np.random.rand(10, 2), 7), ValueError, "n_neighbors"),
    (lambda: lt.nearest_neighbors(np.random.rand(5, 2), 5), ValueError, "out of range"),
    (lambda: lt.nearest_neighbors(np.random.rand(5, 2), 1.5), TypeError, "whole number"),
    (lambda: lt.linear_path(np.zeros(3), np.zeros(4)), ValueError, "same length"),
    (lambda: lt.latent_path(Autoencoder(16, 2, hidden=(8,)), np.zeros(64), np.zeros(64)), ValueError,
     "features"),
    (lambda: lt.nearest_distance(np.zeros((2, 3)), np.zeros((2, 4))), ValueError, "same space"),
    (lambda: lt.build_atlas({"pixels": np.zeros((5, 3))}, [0, 1]), ValueError, "and labels must have the same length"),
    (lambda: lt.plot_rows(None, {}), TypeError, "non-empty dict"),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --------------------------------------------------------------------------- widgets

@pytest.fixture(scope="module")
def small_atlas():
    from latentedu.data import load_digits

    digits = load_digits()
    x, y = digits.x_test.numpy()[:60].astype(float), digits.y_test.numpy()[:60]
    torch.manual_seed(0)
    model = Autoencoder(64, 4, hidden=(16,))
    atlas = lt.build_atlas({"pixels": x, "codes": ae_encode(model, x).numpy()}, y, perplexities=(5,), n_neighbors=())
    return atlas, model


def test_latent_map_explorer_answers_every_control(small_atlas):
    from latentedu.widgets.latent import latent_map_explorer

    demo = latent_map_explorer(small_atlas[0], k=4)
    assert "trustworthiness" in demo.readout.value and "color:#b00" not in demo.readout.value
    for name, value in (("index", 59), ("space", "pixels"), ("setting", ("tsne", 5.0))):
        before = demo.png
        demo.controls[name].value = value
        assert demo.png != before, name
        assert "color:#b00" not in demo.readout.value
    assert demo.controls["index"].max == 59


def test_latent_map_explorer_needs_both_spaces(small_atlas):
    from latentedu.widgets.latent import latent_map_explorer

    atlas = small_atlas[0]
    with pytest.raises(ValueError, match="codes"):
        latent_map_explorer(lt.Atlas({"pixels": atlas.spaces["pixels"]}, atlas.labels))
    with pytest.raises(TypeError, match="Atlas"):
        latent_map_explorer({"pixels": 1})


def test_interpolation_explorer_answers(small_atlas):
    from latentedu.widgets.latent import interpolation_explorer

    atlas, model = small_atlas
    demo = interpolation_explorer(model, atlas.spaces["pixels"], atlas.labels, a=0, b=1, num_steps=5)
    for name, value in (("a", 10), ("b", 59)):
        before = demo.png
        demo.controls[name].value = value
        assert demo.png != before and "middle frame" in demo.readout.value
    with pytest.raises(ValueError, match="between 0 and 59"):
        interpolation_explorer(model, atlas.spaces["pixels"], atlas.labels, a=60)
    with pytest.raises(ValueError, match="features"):
        interpolation_explorer(model, np.zeros((5, 10)))


def test_demos_are_registered():
    from latentedu.widgets import registered_demos

    demos = registered_demos()
    assert "latent.latent_map_explorer" in demos and "latent.interpolation_explorer" in demos


# --------------------------------------------------------------------------- what the plots draw

def test_plot_map_draws_the_points_the_rings_and_the_star():
    from matplotlib.figure import Figure

    x, labels = _two_groups(n=12)
    emb = x[:, :2]
    ax = Figure().add_subplot()
    assert lt.plot_map(ax, emb, labels, highlight=3, marked=[1, 5], title="t") is ax
    points, rings, star = ax.collections
    np.testing.assert_array_equal(points.get_offsets(), emb)
    np.testing.assert_array_equal(rings.get_offsets(), emb[[1, 5]])
    np.testing.assert_array_equal(star.get_offsets(), emb[[3]])


def test_plot_rows_and_plot_neighbors_draw_the_images_in_named_rows():
    from matplotlib.figure import Figure

    images = np.arange(5 * 4, dtype=float).reshape(5, 4) / 20  # five 2x2 images
    ax = Figure().add_subplot()
    lt.plot_neighbors(ax, images, 0, {"near": [3, 4], "far": [1]}, labels=[0, 1, 1, 0, 0])
    drawn = np.ma.filled(ax.images[0].get_array(), np.nan)
    # each row: three blank lines for its name, then the query, a blank image, its neighbors
    assert drawn.shape == (2 * (2 + 3), 4 * 3 - 1)
    np.testing.assert_array_equal(drawn[3:5, 0:2], images[0].reshape(2, 2))
    np.testing.assert_array_equal(drawn[3:5, 3:5], np.zeros((2, 2)))
    np.testing.assert_array_equal(drawn[3:5, 6:8], images[3].reshape(2, 2))
    np.testing.assert_array_equal(drawn[8:10, 6:8], images[1].reshape(2, 2))
    assert np.isnan(drawn[8:10, 9:11]).all()  # the shorter row is padded with blanks
    assert [t.get_text() for t in ax.texts] == ["near: 2/2 share its label", "far: 0/1 share its label"]
    assert [t.get_position() for t in ax.texts] == [(-0.5, 2.2), (-0.5, 7.2)]


def _figure_pieces(fig):
    from matplotlib.image import BboxImage
    from matplotlib.lines import Line2D

    images = [np.ma.filled(a.get_array(), np.nan) for a in fig.artists if isinstance(a, BboxImage)]
    lines = [a.get_xydata() for a in fig.artists if isinstance(a, Line2D)]
    return images, lines, [t.get_text() for t in fig.texts]


def test_latent_map_explorer_draws_what_plot_map_and_plot_neighbors_draw(small_atlas):
    from matplotlib.figure import Figure

    from latentedu.widgets.latent import latent_map_explorer

    atlas = small_atlas[0]
    demo = latent_map_explorer(atlas, k=4)
    with demo.holding():
        demo.controls["setting"].value = ("pca", None)
        demo.controls["space"].value = "pixels"
    demo.controls["index"].value = 7
    images, lines, texts = _figure_pieces(demo.figure)
    pixels, codes, labels = atlas.spaces["pixels"], atlas.spaces["codes"], atlas.labels
    near_codes, near_pixels = lt.nearest_neighbors(codes, 7, 4), lt.nearest_neighbors(pixels, 7, 4)
    emb = atlas.get("pixels", "pca")
    ax = Figure().add_subplot()
    lt.plot_map(ax, emb, labels, highlight=7, marked=near_codes)
    np.testing.assert_array_equal(lines[0], ax.collections[1].get_offsets())  # the rings
    np.testing.assert_array_equal(lines[1], ax.collections[2].get_offsets())  # the star
    ax = Figure().add_subplot()
    lt.plot_neighbors(ax, pixels, 7, {"nearest in code space (ringed on the map)": near_codes,
                                      "nearest in pixel space": near_pixels}, labels)
    np.testing.assert_array_equal(images[0], np.ma.filled(ax.images[0].get_array(), np.nan))
    assert [t.get_text() for t in ax.texts] == texts[:2]


def test_interpolation_explorer_draws_what_plot_rows_draws(small_atlas):
    from matplotlib.figure import Figure

    from latentedu.widgets.latent import interpolation_explorer

    atlas, model = small_atlas
    pixels = atlas.spaces["pixels"]
    demo = interpolation_explorer(model, pixels, atlas.labels, a=0, b=1, num_steps=5)
    demo.controls["b"].value = 9
    images, _, texts = _figure_pieces(demo.figure)
    ax = Figure().add_subplot()
    lt.plot_rows(ax, {"pixel path (cross-fade)": lt.linear_path(pixels[0], pixels[9], 5),
                      "latent path, decoded": lt.latent_path(model, pixels[0], pixels[9], 5)[1]})
    np.testing.assert_array_equal(images[0], np.ma.filled(ax.images[0].get_array(), np.nan))
    assert [t.get_text() for t in ax.texts] == texts[:2]


def test_scatter_plots_name_the_digit_of_each_colour():
    """plot_points' legend and plotting.class_legend say which colour is which digit, in the course's colours."""
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    from latentedu.plotting import CLASS_COLORS, class_legend, plot_points

    ax = Figure().add_subplot()
    points = np.arange(16, dtype=float).reshape(8, 2)
    plot_points(ax, points, [7, 2, 2, 0, 7, 7, 0, 2])
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["0", "2", "7"]
    assert [to_hex(h.get_color()) for h in legend.legend_handles] == [CLASS_COLORS[0], CLASS_COLORS[2], CLASS_COLORS[7]]
    ax = Figure().add_subplot()
    plot_points(ax, points, [7, 2, 2, 0, 7, 7, 0, 2], legend=False)
    assert ax.get_legend() is None
    legend = class_legend(Figure().add_subplot())  # all ten digits by default, titled "digit"
    assert [t.get_text() for t in legend.get_texts()] == [str(d) for d in range(10)]
    assert legend.get_title().get_text() == "digit"
    with pytest.raises(TypeError, match="Axes or Figure"):
        class_legend("not an axes", [0, 1])
    with pytest.raises(ValueError, match="whole-number class labels"):
        class_legend(Figure().add_subplot(), [0.5, 1.0])
