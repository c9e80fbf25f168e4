"""Maps of a latent space: making them (PCA, t-SNE, UMAP), judging them, and an atlas of them all."""

from __future__ import annotations

import functools
import warnings

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .._validation import as_array, as_labels, check_choice, check_int, check_number, check_same_length
from ..dimensions import pairwise_distances

__all__ = ["DEFAULT_PARAM", "METHODS", "METHOD_NAMES", "PARAM_NAMES", "TSNE_ITERATIONS", "Atlas", "MapQuality",
           "build_atlas", "embed", "knn_accuracy", "map_quality", "setting_name", "trustworthiness"]

METHODS = ("pca", "tsne", "umap")
METHOD_NAMES = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}
DEFAULT_PARAM = {"pca": None, "tsne": 30.0, "umap": 15}
PARAM_NAMES = {"pca": "", "tsne": "perplexity", "umap": "n_neighbors"}
TSNE_ITERATIONS = 500  # enough for a few hundred points; scikit-learn's default is 1000


# --------------------------------------------------------------------------- making maps

@functools.cache
def _umap_class():
    """``umap.UMAP``, imported (and its compiled code put in numba's cache) on first use only.

    On a small machine ``import latentedu`` has already pinned numba to one
    thread (see ``latentedu._runtime``), which keeps a later t-SNE fast.
    Its notice that TensorFlow (for ParametricUMAP, which the course never
    uses) is missing is not the learner's business, so it is silenced.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Tensorflow not installed", category=ImportWarning)
        import umap

    _cache_compiled_code(("umap", "pynndescent"))
    return umap.UMAP


def _cache_compiled_code(packages: tuple[str, ...]) -> None:
    """Let numba keep the compiled code of these packages' functions on disk.

    umap-learn asks numba to cache only some of its functions, so every new
    kernel compiled the rest again at its first fit: 5.9 CPU s each time here,
    against 0.5 s once they are cached too (numba checks each source file's
    timestamp, so an upgraded package compiles afresh).
    """
    import sys

    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] not in packages:
            continue
        for function in list(vars(module).values()):
            if isinstance(function, CPUDispatcher) and isinstance(function._cache, NullCache):
                function.enable_caching()


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
    random_state = None if random_state is None else check_int(random_state, "random_state", low=0)
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


def knn_accuracy(points, labels, k: int = 5) -> float:
    """Leave-one-out k-nearest-neighbour accuracy of ``labels`` among ``points``.

    Each point is classified by a majority vote of its ``k`` nearest *other*
    points (Euclidean distance; a tie goes to the smallest label), and the
    share of points whose vote matches their own label is returned. On a map
    it says how well classes stay apart in the picture; on codes, how much
    class information the codes keep.
    """
    points = _check_points(points, "points", min_samples=2)
    labels = as_labels(labels, "labels")
    check_same_length(points=points, labels=labels)
    if labels.min() < 0:
        raise ValueError("labels must be whole numbers from 0 upwards (class indices).")
    k = check_int(k, "k", low=1, high=len(points) - 1)
    d = pairwise_distances(points)
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
    check_same_length(x_high=x_high, embedding=embedding)  # the map of exactly these points, in the same order
    limit = (len(x_high) - 1) // 2  # scikit-learn requires n_neighbors < n_samples / 2
    n_neighbors = check_int(n_neighbors, "n_neighbors", low=1, high=max(1, limit))
    return float(_sk_trust(x_high, embedding, n_neighbors=n_neighbors))


def map_quality(x_high, embedding, labels, *, n_neighbors: int = 5) -> MapQuality:
    """Trustworthiness (against ``x_high``) and kNN accuracy (in the map) of one map."""
    return MapQuality(trustworthiness(x_high, embedding, n_neighbors),
                      knn_accuracy(embedding, labels, n_neighbors))


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
            if space not in self.spaces:
                raise ValueError(f"space={space!r} is not a space of this atlas; it has {list(self.spaces)}.")
            raise ValueError(f"This atlas has no map {space}/{setting_name(method, param)} (method={method!r}, "
                             f"param={param!r}); it has: {have}.")
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
    labels = as_labels(labels, "labels")
    checked = {}
    for name, points in spaces.items():
        points = _check_points(points, f"spaces[{name!r}]", min_samples=4)
        check_same_length(**{f"spaces[{name!r}]": points, "labels": labels})  # the same points in every space
        checked[name] = points
    reuse = dict(reuse or {})
    for name, values in (("perplexities", perplexities), ("n_neighbors", n_neighbors)):
        if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
            raise TypeError(f"{name} must be a sequence of numbers (or () for none), got {type(values).__name__}.")
    perplexities = [check_number(p, "each of perplexities", low=1.0) for p in perplexities]
    n_neighbors = [check_int(k, "each of n_neighbors", low=2) for k in n_neighbors]
    quality_k = check_int(quality_k, "quality_k", low=1, high=max(1, (len(labels) - 1) // 2))
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
