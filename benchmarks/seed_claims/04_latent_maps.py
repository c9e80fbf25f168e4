"""Seed-dependent claims of chapter 04 (``course/04_latent_maps.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). ``measure(seed)`` repeats the
lesson's measurements with ``seed`` where the lesson uses ``SEED = 0``: the 8-D autoencoder (its
starting weights and batch order), every t-SNE and UMAP map (their ``random_state``) and the
generated blobs. The data split, PCA and the pixels do not depend on the seed.
"""

import numpy as np

NOTEBOOK = "notebooks/04_latent_maps.ipynb"


def measure(seed: int) -> dict:
    import latentedu as le
    from latentedu import latent as lt
    from latentedu.autoencoders import Autoencoder, decode, encode, train_autoencoder
    from latentedu.data import load_digits
    from sklearn.decomposition import PCA

    digits = load_digits()
    x_train = digits.x_train.numpy().astype(np.float64)
    x = digits.x_test.numpy().astype(np.float64)
    y = digits.y_test.numpy()
    le.set_seed(seed)
    model = Autoencoder(64, latent_dim=8)
    train_autoencoder(model, x_train, epochs=60, lr=3e-3, random_state=seed)
    codes = encode(model, x).numpy().astype(np.float64)
    pca = PCA(n_components=8).fit(x_train)
    m = {}

    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, len(x), size=(2, 200))
    for name, enc in (("PCA", pca.transform), ("autoencoder", lambda v: encode(model, v).numpy())):
        gap = np.linalg.norm(enc((x[i] + x[j]) / 2) - (enc(x[i]) + enc(x[j])) / 2, axis=1)
        m[f"average gap {name}"] = float(np.median(gap))

    m["kNN pixels"] = lt.knn_accuracy(x, y, 5)
    m["kNN PCA-8"] = lt.knn_accuracy(pca.transform(x), y, 5)
    m["kNN autoencoder-8"] = lt.knn_accuracy(codes, y, 5)

    for space, points in (("pixels", x), ("codes", codes)):
        for method in ("pca", "tsne", "umap"):
            picture = lt.embed(points, method, random_state=seed)
            q = lt.map_quality(points, picture, y, n_neighbors=5)
            m[f"trust {method} of {space}"] = float(q.trustworthiness)
            m[f"map kNN {method} of {space}"] = float(q.knn_accuracy)
            m[f"distance r {method} of {space}"] = _distance_r(points, picture)
        for method, small in (("tsne", 5), ("umap", 5)):  # the explorer's second setting of each method
            q_small = lt.map_quality(points, lt.embed(points, method, small, random_state=seed), y, n_neighbors=5)
            m[f"setting move {method} of {space}"] = max(
                abs(q_small.trustworthiness - m[f"trust {method} of {space}"]),
                abs(q_small.knn_accuracy - m[f"map kNN {method} of {space}"]))

    blobs, labels = lt.make_uneven_blobs(100, random_state=seed)
    true_spread = lt.cluster_spread(blobs, labels)
    true_dist = lt.centroid_distances(blobs, labels)
    m["blobs wide/tight data"] = float(true_spread[1] / true_spread[0])
    m["blobs far/near data"] = float(true_dist[0, 2] / true_dist[0, 1])
    for method in ("tsne", "umap"):
        picture = lt.embed(blobs, method, random_state=seed)
        spread, dist = lt.cluster_spread(picture, labels), lt.centroid_distances(picture, labels)
        m[f"blobs wide/tight {method}"] = float(spread[1] / spread[0])
        m[f"blobs far/near {method}"] = float(dist[0, 2] / dist[0, 1])

    a, b = int(np.flatnonzero(y == 0)[0]), int(np.flatnonzero(y == 6)[0])
    pixel_frames = lt.linear_path(x[a], x[b], 8)
    _, latent_frames = lt.latent_path(model, x[a], x[b], 8)

    def rebuild(images):
        images = np.asarray(images, dtype=np.float32)
        return ((decode(model, encode(model, images)).numpy() - images) ** 2).mean(axis=1)

    m["typical nearest distance"] = float(np.median(lt.nearest_distance(x, x_train)))
    m["middle pixel frame nearest"] = float(lt.nearest_distance(pixel_frames[[4]], x_train)[0])
    m["middle latent frame nearest"] = float(lt.nearest_distance(latent_frames[[4]], x_train)[0])
    m["rebuild change latent path max"] = float(rebuild(latent_frames).max())
    m["rebuild change pixel path middle"] = float(rebuild(pixel_frames)[4])
    m["rebuild change real median"] = float(np.median(rebuild(x)))
    return m


def _distance_r(space, picture):
    from scipy.spatial.distance import pdist

    return float(np.corrcoef(pdist(space), pdist(picture))[0, 1])


_SPACES, _METHODS = ("pixels", "codes"), ("tsne", "umap")
_NAME = {"data": "data", "tsne": "t-SNE", "umap": "UMAP"}  # the lesson's names for the blobs' pictures

CLAIMS = {
    "the code of an average equals the average of codes for PCA, not for the autoencoder":
        lambda m: (m["average gap PCA"] < 1e-9 and m["average gap autoencoder"] > 0.1,
                   {"PCA gap": m["average gap PCA"], "autoencoder gap": m["average gap autoencoder"]}),
    "8-number codes keep at least 90% of the pixels' kNN accuracy":
        lambda m: (min(m["kNN PCA-8"], m["kNN autoencoder-8"]) > 0.9 * m["kNN pixels"],
                   {"pixels": m["kNN pixels"], "PCA codes": m["kNN PCA-8"], "autoencoder codes": m["kNN autoencoder-8"]}),
    "the autoencoder's codes score below PCA's in the 5-NN vote":
        lambda m: (m["kNN autoencoder-8"] < m["kNN PCA-8"], {"autoencoder - PCA": m["kNN autoencoder-8"] - m["kNN PCA-8"]}),
    "t-SNE and UMAP keep neighbourhoods better than PCA, in both spaces":
        lambda m: (all(m[f"trust {t} of {s}"] > m[f"trust pca of {s}"] for s in _SPACES for t in _METHODS),
                   {f"{t} of {s}": m[f"trust {t} of {s}"] for s in _SPACES for t in ("pca",) + _METHODS}),
    "PCA's map follows the large distances more closely than t-SNE's and UMAP's, but only partly":
        lambda m: (m["distance r pca of pixels"] > max(m["distance r tsne of pixels"], m["distance r umap of pixels"])
                   and m["distance r pca of pixels"] < 0.95,
                   {f"r {t}": m[f"distance r {t} of pixels"] for t in ("pca",) + _METHODS}),
    "t-SNE and UMAP maps of the pixels keep digits apart better than maps of the codes":
        lambda m: (all(m[f"map kNN {t} of pixels"] > m[f"map kNN {t} of codes"] for t in _METHODS),
                   {f"{t} of {s}": m[f"map kNN {t} of {s}"] for s in _SPACES for t in _METHODS}),
    "changing the main setting moves every map's scores by less than 0.03":
        lambda m: (max(m[f"setting move {t} of {s}"] for s in _SPACES for t in _METHODS) < 0.03,
                   {f"{_NAME[t]} of {s}": m[f"setting move {t} of {s}"] for s in _SPACES for t in _METHODS}),
    "t-SNE and UMAP both shrink the true size ratio and the true distance ratio of the blobs":
        lambda m: (all(m[f"blobs {r} {t}"] < m[f"blobs {r} data"] / 2 for t in _METHODS for r in ("wide/tight", "far/near")),
                   {f"{_NAME[t]} {r}": m[f"blobs {r} {t}"] for t in ("data",) + _METHODS for r in ("wide/tight", "far/near")}),
    "neither middle frame is a copy of a training digit":
        lambda m: (min(m["middle pixel frame nearest"], m["middle latent frame nearest"]) > 0.5 * m["typical nearest distance"],
                   {"pixel path": m["middle pixel frame nearest"], "latent path": m["middle latent frame nearest"],
                    "held-out median": m["typical nearest distance"]}),
    "decoded frames hardly change; real digits and cross-fades change by similar amounts":
        lambda m: (m["rebuild change latent path max"] < m["rebuild change real median"] / 4
                   and m["rebuild change real median"] / 3 < m["rebuild change pixel path middle"] < 3 * m["rebuild change real median"],
                   {"latent path, largest": m["rebuild change latent path max"],
                    "pixel path, middle": m["rebuild change pixel path middle"], "real median": m["rebuild change real median"]}),
}
