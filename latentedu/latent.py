"""Maps of a latent space, and what they can and cannot be trusted for.

A map squeezes points from a high-dimensional space (64 pixels, or an
autoencoder's codes) onto a plane so we can look at them. This module makes
such maps (PCA, t-SNE through scikit-learn, UMAP through umap-learn), scores
them (trustworthiness, kNN accuracy), compares nearest neighbours in latent
space and in pixel space, walks straight lines in both spaces, and builds a
controlled example of what a t-SNE picture hides.

Used by the chapter "Visualising and exploring latent space"
(``notebooks/04_latent_maps.ipynb``) and its widgets in
``latentedu/widgets/latent.py``.

References: L. van der Maaten and G. Hinton, "Visualizing Data using t-SNE",
JMLR 9 (2008); L. McInnes, J. Healy and J. Melville, "UMAP: Uniform Manifold
Approximation and Projection for Dimension Reduction", arXiv:1802.03426 (2018);
J. Venna and S. Kaski, "Neighborhood preservation in nonlinear projection
methods", ICANN 2001 (trustworthiness); M. Wattenberg, F. Viégas and I. Johnson,
"How to Use t-SNE Effectively", Distill (2016).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._validation import as_array, check_choice, check_index, check_int, check_number

__all__ = [
    "Atlas",
    "METHODS",
    "MapQuality",
    "build_atlas",
    "centroid_distances",
    "cluster_spread",
    "embed",
    "knn_accuracy",
    "latent_path",
    "linear_path",
    "make_uneven_blobs",
    "map_quality",
    "nearest_distance",
    "nearest_neighbors",
    "neighbor_rows",
    "plot_map",
    "plot_neighbors",
    "plot_rows",
    "rows_canvas",
    "setting_name",
    "trustworthiness",
]

METHODS = ("pca", "tsne", "umap")
METHOD_NAMES = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}
DEFAULT_PARAM = {"pca": None, "tsne": 30.0, "umap": 15}
PARAM_NAMES = {"pca": "", "tsne": "perplexity", "umap": "n_neighbors"}
TSNE_ITERATIONS = 500  # enough for a few hundred points; scikit-learn's default is 1000


# --------------------------------------------------------------------------- making maps

def _umap_class():
    """``umap.UMAP``, imported on first use (importing it compiles nothing; its first fit does).

    On a small machine ``import latentedu`` has already pinned numba to one
    thread (see ``latentedu._runtime``), which keeps a later t-SNE fast.
    """
    import umap

    return umap.UMAP


def _check_points(x, name: str, *, min_samples: int = 1) -> np.ndarray:
    x = as_array(x, name, ndim=2)
    if len(x) < min_samples:
        raise ValueError(f"{name} has {len(x)} points, but at least {min_samples} are needed.")
    return x


def embed(x, method: str = "pca", param=None, *, random_state: int = 0) -> np.ndarray:
    """A 2-D map of the rows of ``x``: array of shape (n_samples, 2).

    ``method`` is "pca", "tsne" (scikit-learn's Barnes-Hut t-SNE, PCA start,
    ``TSNE_ITERATIONS`` iterations) or "umap" (umap-learn). ``param`` is the
    method's main knob: t-SNE's perplexity (default 30, roughly how many
    neighbours each point attends to) or UMAP's n_neighbors (default 15);
    PCA has none. UMAP's first fit in a fresh Python process spends several
    seconds compiling.
    """
    method = check_choice(method, "method", METHODS)
    x = _check_points(x, "x", min_samples=4)
    if x.shape[1] < 2:
        raise ValueError(f"x has {x.shape[1]} feature per point; a 2-D map needs at least 2.")
    param = DEFAULT_PARAM[method] if param is None else param
    x = x.astype(np.float32)
    if method == "pca":
        from sklearn.decomposition import PCA

        return PCA(n_components=2).fit_transform(x).astype(np.float64)
    if method == "tsne":
        from sklearn.manifold import TSNE

        perplexity = check_number(param, "perplexity", low=1.0, high=len(x) - 1, high_inclusive=False)
        tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", learning_rate="auto",
                    max_iter=TSNE_ITERATIONS, random_state=random_state, n_jobs=1)
        return tsne.fit_transform(x).astype(np.float64)
    n_neighbors = check_int(param, "n_neighbors", low=2, high=len(x) - 1)
    # The exact neighbour graph (each point first, at distance 0, as umap-learn expects) comes from
    # scikit-learn: umap-learn would compute the same graph for a few thousand points, but compiling
    # its own search costs about half of its first-fit compile time.
    from sklearn.neighbors import NearestNeighbors

    distances, indices = NearestNeighbors(n_neighbors=n_neighbors).fit(x).kneighbors(x)
    reducer = _umap_class()(n_components=2, n_neighbors=n_neighbors, min_dist=0.1,
                            random_state=random_state, n_jobs=1,
                            precomputed_knn=(indices, distances.astype(np.float32), None))
    import warnings

    with warnings.catch_warnings():  # "n_jobs overridden by random_state": we asked for both on purpose
        warnings.simplefilter("ignore", UserWarning)
        return np.asarray(reducer.fit_transform(x), dtype=np.float64)


def setting_name(method: str, param=None) -> str:
    """A readable name for a map setting, e.g. 't-SNE (perplexity 30)'."""
    method = check_choice(method, "method", METHODS)
    if method == "pca":
        return "PCA"
    param = DEFAULT_PARAM[method] if param is None else param
    return f"{METHOD_NAMES[method]} ({PARAM_NAMES[method]} {param:g})"


# --------------------------------------------------------------------------- judging maps

class MapQuality(NamedTuple):
    """Two figures for one map: is it faithful to the space it maps, and do classes stay apart?"""

    trustworthiness: float
    knn_accuracy: float


def _pairwise_sq(points: np.ndarray) -> np.ndarray:
    sq = (points ** 2).sum(axis=1)
    d = sq[:, None] + sq[None, :] - 2.0 * points @ points.T
    return np.maximum(d, 0.0)


def knn_accuracy(points, labels, k: int = 5) -> float:
    """Leave-one-out k-nearest-neighbour accuracy of ``labels`` among ``points``.

    Each point is classified by a majority vote of its ``k`` nearest *other*
    points (Euclidean distance; a tie goes to the smallest label), and the
    share of points whose vote matches their own label is returned. On a map
    it says how well classes stay apart in the picture; on codes, how much
    class information the codes keep.
    """
    points = _check_points(points, "points", min_samples=2)
    labels = as_array(labels, "labels", ndim=1, dtype=np.int64)
    if len(labels) != len(points):
        raise ValueError(f"labels has {len(labels)} entries but points has {len(points)} rows; "
                         "pass one label per point.")
    if labels.min() < 0:
        raise ValueError("labels must be whole numbers from 0 upwards (class indices).")
    k = check_int(k, "k", low=1, high=len(points) - 1)
    d = _pairwise_sq(points)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
    n_classes = int(labels.max()) + 1
    votes = np.zeros((len(points), n_classes), dtype=np.int64)
    np.add.at(votes, (np.repeat(np.arange(len(points)), k), labels[nearest].ravel()), 1)
    return float((votes.argmax(axis=1) == labels).mean())


def trustworthiness(x_high, embedding, n_neighbors: int = 5) -> float:
    """How far a map can be trusted: 1 when every neighbour in the map is a neighbour in ``x_high``.

    scikit-learn's ``trustworthiness`` (Venna and Kaski, 2001): points that
    look close in the map but are not among the ``n_neighbors`` nearest in the
    original space are penalised by how far down the original ranking they are.
    About 0.5 means the map's neighbourhoods are random.
    """
    from sklearn.manifold import trustworthiness as _sk_trust

    x_high = _check_points(x_high, "x_high", min_samples=4)
    embedding = _check_points(embedding, "embedding", min_samples=4)
    if len(x_high) != len(embedding):
        raise ValueError(f"x_high has {len(x_high)} points but embedding has {len(embedding)}; "
                         "pass the map of exactly these points, in the same order.")
    limit = (len(x_high) - 1) // 2  # scikit-learn requires n_neighbors < n_samples / 2
    n_neighbors = check_int(n_neighbors, "n_neighbors", low=1, high=max(1, limit))
    return float(_sk_trust(x_high, embedding, n_neighbors=n_neighbors))


def map_quality(x_high, embedding, labels, *, n_neighbors: int = 5) -> MapQuality:
    """Trustworthiness (against ``x_high``) and kNN accuracy (in the map) of one map."""
    return MapQuality(trustworthiness(x_high, embedding, n_neighbors),
                      knn_accuracy(embedding, labels, n_neighbors))


# --------------------------------------------------------------------------- neighbours

def nearest_neighbors(points, index: int, k: int = 5) -> np.ndarray:
    """Indices of the ``k`` points nearest to ``points[index]`` (itself excluded), nearest first."""
    points = _check_points(points, "points", min_samples=2)
    index = check_index(index, len(points), "index")
    k = check_int(k, "k", low=1, high=len(points) - 1)
    d = ((points - points[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d, kind="stable")[:k]


def nearest_distance(queries, reference) -> np.ndarray:
    """For each row of ``queries``, the Euclidean distance to its nearest row of ``reference``."""
    queries = _check_points(queries, "queries")
    reference = _check_points(reference, "reference")
    if queries.shape[1] != reference.shape[1]:
        raise ValueError(f"queries have {queries.shape[1]} features but reference has "
                         f"{reference.shape[1]}; compare points of the same space.")
    sq = ((queries ** 2).sum(1)[:, None] + (reference ** 2).sum(1)[None, :] - 2 * queries @ reference.T)
    return np.sqrt(np.maximum(sq.min(axis=1), 0.0))


# --------------------------------------------------------------------------- paths

def linear_path(a, b, num_steps: int = 8) -> np.ndarray:
    """``num_steps`` evenly spaced points on the straight line from ``a`` to ``b``, both ends included."""
    a = as_array(a, "a", ndim=1)
    b = as_array(b, "b", ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same length, got {len(a)} and {len(b)}.")
    num_steps = check_int(num_steps, "num_steps", low=2, high=1000)
    t = np.linspace(0.0, 1.0, num_steps)[:, None]
    return (1.0 - t) * a[None, :] + t * b[None, :]


def _encode(model, x) -> np.ndarray:
    from .autoencoders import encode

    return encode(model, x).numpy().astype(np.float64)  # (n, latent_dim)


def _decode(model, z) -> np.ndarray:
    from .autoencoders import decode

    return decode(model, z).numpy().astype(np.float64)  # (n, n_features)


def latent_path(model, x_a, x_b, num_steps: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Walk a straight line between the codes of images ``x_a`` and ``x_b``.

    Returns ``(codes, frames)``: the ``num_steps`` codes on the line and the
    images the decoder makes from them. Compare with ``linear_path(x_a, x_b)``,
    the straight line in pixel space (a cross-fade of the two images).
    """
    x_a = as_array(x_a, "x_a", ndim=1, n_features=model.n_features)
    x_b = as_array(x_b, "x_b", ndim=1, n_features=model.n_features)
    z = _encode(model, np.stack([x_a, x_b]))
    codes = linear_path(z[0], z[1], num_steps)
    return codes, _decode(model, codes)


# --------------------------------------------------------------------------- the controlled example

def make_uneven_blobs(n_per_blob: int = 100, random_state: int = 0):
    """Three 2-D Gaussian blobs whose true sizes and distances differ a lot.

    Blob 0 is tight (std 0.1) and blob 1 is wide (std 1.5), with their centres
    6 apart; blob 2 (std 0.5) lies 40 away. Returns ``(x, labels)`` as numpy
    arrays. t-SNE tends to draw them as blobs of similar size at similar
    distances: the controlled example of what its picture cannot tell you.
    """
    n_per_blob = check_int(n_per_blob, "n_per_blob", low=5, high=10_000)
    rng = np.random.default_rng(random_state)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [40.0, 0.0]])
    stds = np.array([0.1, 1.5, 0.5])
    x = np.concatenate([c + s * rng.standard_normal((n_per_blob, 2)) for c, s in zip(centres, stds)])
    labels = np.repeat(np.arange(3), n_per_blob)
    return x, labels


def _clusters(points, labels):
    points = _check_points(points, "points", min_samples=2)
    labels = as_array(labels, "labels", ndim=1, dtype=np.int64)
    if len(labels) != len(points):
        raise ValueError(f"labels has {len(labels)} entries but points has {len(points)} rows.")
    return points, labels, np.unique(labels)


def cluster_spread(points, labels) -> np.ndarray:
    """Each cluster's spread: root-mean-square distance of its points to their centroid (sorted labels)."""
    points, labels, groups = _clusters(points, labels)
    return np.array([np.sqrt(((points[labels == g] - points[labels == g].mean(0)) ** 2).sum(1).mean())
                     for g in groups])


def centroid_distances(points, labels) -> np.ndarray:
    """Distances between cluster centroids: a (n_clusters, n_clusters) matrix in sorted label order."""
    points, labels, groups = _clusters(points, labels)
    centroids = np.stack([points[labels == g].mean(0) for g in groups])
    return np.sqrt(_pairwise_sq(centroids))


# --------------------------------------------------------------------------- an atlas of maps

@dataclass
class Atlas:
    """Every map the explorer can show, computed once: ``maps[(space, method, param)]``.

    ``spaces`` maps a space's name ("pixels", "codes") to its points;
    ``quality`` holds a :class:`MapQuality` per map (trustworthiness against
    that map's own space).
    """

    spaces: dict
    labels: np.ndarray
    maps: dict = field(default_factory=dict)
    quality: dict = field(default_factory=dict)

    @property
    def settings(self) -> list[tuple[str, object]]:
        """The (method, param) pairs the atlas holds, in a stable order."""
        seen = []
        for _, method, param in self.maps:
            if (method, param) not in seen:
                seen.append((method, param))
        order = {m: i for i, m in enumerate(METHODS)}
        return sorted(seen, key=lambda s: (order[s[0]], -1 if s[1] is None else s[1]))

    def get(self, space: str, method: str, param=None) -> np.ndarray:
        key = (space, method, param)
        if key not in self.maps:
            have = ", ".join(f"{s}/{setting_name(m, p)}" for s, m, p in self.maps)
            raise ValueError(f"This atlas has no map {space}/{setting_name(method, param)}; it has: {have}.")
        return self.maps[key]


def build_atlas(spaces: dict, labels, *, perplexities=(30.0,), n_neighbors=(15,), reuse=None,
                random_state: int = 0, quality_k: int = 5) -> Atlas:
    """Compute every map of every space once (PCA, t-SNE per perplexity, UMAP per n_neighbors).

    ``spaces`` is e.g. ``{"pixels": x, "codes": z}`` (same points, same
    order). ``reuse`` is a dict ``{(space, method, param): embedding}`` of maps
    already made, which are taken as they are instead of being fitted again.
    Cost: one t-SNE or UMAP fit per space and value (about a second each for
    450 points), plus UMAP's compile on its first fit in a process.
    """
    if not isinstance(spaces, dict) or not spaces:
        raise TypeError("spaces must be a non-empty dict such as {'pixels': x, 'codes': z}.")
    labels = as_array(labels, "labels", ndim=1, dtype=np.int64)
    checked = {}
    for name, points in spaces.items():
        points = _check_points(points, f"spaces[{name!r}]", min_samples=4)
        if len(points) != len(labels):
            raise ValueError(f"spaces[{name!r}] has {len(points)} points but labels has {len(labels)}; "
                             "every space must hold the same points in the same order.")
        checked[name] = points
    reuse = dict(reuse or {})
    settings = [("pca", None)] + [("tsne", float(p)) for p in perplexities] + [("umap", int(k)) for k in n_neighbors]
    atlas = Atlas(checked, labels)
    for name, points in checked.items():
        for method, param in settings:
            key = (name, method, param)
            if key in reuse:
                emb = _check_points(reuse[key], f"reuse[{key!r}]")
                if emb.shape != (len(points), 2):
                    raise ValueError(f"reuse[{key!r}] has shape {emb.shape}; expected ({len(points)}, 2).")
            else:
                emb = embed(points, method, param, random_state=random_state)
            atlas.maps[key] = emb
            atlas.quality[key] = map_quality(points, emb, labels, n_neighbors=quality_k)
    return atlas


# --------------------------------------------------------------------------- drawing

def plot_map(ax, embedding, labels, *, title: str | None = None, quality: MapQuality | None = None,
             highlight: int | None = None, marked=None, size: float = 8):
    """Draw a 2-D map coloured by label; a star on point ``highlight``, rings round the points in ``marked``.

    With ``quality`` the title carries its trustworthiness and kNN accuracy.
    One scatter call for all points, so a widget can redraw it quickly.
    """
    from .plotting import CLASS_COLORS

    embedding = _check_points(embedding, "embedding")
    labels = as_array(labels, "labels", ndim=1, dtype=np.int64)
    if len(labels) != len(embedding) or embedding.shape[1] != 2:
        raise ValueError(f"Expected a map of shape (n, 2) and n labels; got {embedding.shape} and {len(labels)}.")
    colors = np.array(CLASS_COLORS)[labels % len(CLASS_COLORS)]
    ax.scatter(embedding[:, 0], embedding[:, 1], s=size, c=colors, alpha=0.7, linewidths=0)
    if marked is not None and len(marked):
        pts = embedding[np.asarray(marked, dtype=int)]
        ax.scatter(pts[:, 0], pts[:, 1], s=70, facecolors="none", edgecolors="black", linewidths=1.2)
    if highlight is not None:
        index = check_index(highlight, len(embedding), "highlight")
        ax.scatter(*embedding[index], s=180, marker="*", color="black", edgecolors="white", zorder=5)
    text = title or ""
    if quality is not None:
        text += f"\ntrust {quality.trustworthiness:.3f} · kNN acc {quality.knn_accuracy:.3f}"
    ax.set_title(text, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_rows(ax, rows: dict):
    """Rows of images tiled into one picture on ``ax``, each row named on its left.

    ``rows`` maps a row's name to an array of images (one per row of the
    array, all rows of the dict with the same image size); shorter rows are
    padded with white. One ``imshow``, so a widget can redraw it quickly.
    """
    canvas, names = rows_canvas(rows)
    for name, (x, y) in names.items():
        ax.text(x, y, name, fontsize=8, va="bottom", ha="left")
    ax.imshow(canvas, cmap="gray_r", vmin=0.0, vmax=1.0)
    ax.set_axis_off()
    return ax


def rows_canvas(rows: dict) -> tuple[np.ndarray, dict]:
    """What :func:`plot_rows` draws: the tiled picture (NaN = blank) and, per row name, the
    ``(x, y)`` in its pixel coordinates where the name is written."""
    if not isinstance(rows, dict) or not rows:
        raise TypeError("rows must be a non-empty dict such as {'pixel path': frames}.")
    blocks = {name: _check_points(r, f"rows[{name!r}]") for name, r in rows.items()}
    width = {b.shape[1] for b in blocks.values()}
    if len(width) != 1:
        raise ValueError(f"All rows must hold images of the same size; got sizes {sorted(width)}.")
    side = int(round(np.sqrt(width.pop())))
    n_cols = max(len(b) for b in blocks.values())
    band = side + 3  # each row: 3 blank lines for its name, then the images
    canvas = np.full((band * len(blocks), n_cols * (side + 1) - 1), np.nan)
    names = {}
    for r, (name, block) in enumerate(blocks.items()):
        for c, image in enumerate(block):
            canvas[r * band + 3: (r + 1) * band, c * (side + 1): c * (side + 1) + side] = image.reshape(side, side)
        names[name] = (-0.5, r * band + 2.2)
    return canvas, names


def plot_neighbors(ax, images, query: int, neighbors: dict, labels=None):
    """The query image, then its neighbours, one row per entry of ``neighbors`` (``{name: indices}``).

    With ``labels`` each row's name says how many neighbours share the query's label.
    """
    return plot_rows(ax, neighbor_rows(images, query, neighbors, labels))


def neighbor_rows(images, query: int, neighbors: dict, labels=None) -> dict:
    """The rows :func:`plot_neighbors` draws: ``{name: the query, a blank, then its neighbours}``."""
    images = _check_points(images, "images")
    query = check_index(query, len(images), "query")
    rows = {}
    for name, idx in neighbors.items():
        idx = np.asarray(idx, dtype=int)
        if labels is not None:
            same = int((np.asarray(labels)[idx] == np.asarray(labels)[query]).sum())
            name = f"{name}: {same}/{len(idx)} share its label"
        rows[name] = np.concatenate([images[[query]], np.zeros((1, images.shape[1])), images[idx]])
    return rows
