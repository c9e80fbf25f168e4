"""Seed-dependent claims of chapter 03 (``course/03_autoencoders.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). ``measure(seed)`` repeats the
lesson's training runs with ``random_state=seed`` where the lesson uses ``SEED = 0``: the linear
autoencoder, the bottleneck sweep (and its slow twin at lr 3e-4), the denoising autoencoder, and
section 9's draws of the few labelled images (draws 5 * seed to 5 * seed + 4). PCA, the data split
and the noise added to the digits do not depend on the seed.
"""

import numpy as np

NOTEBOOK = "notebooks/03_autoencoders.ipynb"


def measure(seed: int) -> dict:
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from latentedu import autoencoders as ae
    from latentedu.data import load_digits
    from latentedu.dimensions import ink, slant

    digits = load_digits()
    x_train, x_test = digits.x_train.numpy().astype(np.float64), digits.x_test.numpy().astype(np.float64)
    y_train, y_test = digits.y_train.numpy(), digits.y_test.numpy()
    pca = ae.pca_fit(x_train)
    m = {}

    alone = ae.Autoencoder(64, latent_dim=2)
    ae.train_autoencoder(alone, digits.x_train, epochs=60, lr=3e-3, random_state=seed)
    m["alone ratio k=2"] = ae.reconstruction_error(alone, digits.x_test).mean().item() / ae.pca_errors(pca, x_test, [2])[0]

    linear = ae.linear_autoencoder(64, 4)
    ae.train_autoencoder(linear, digits.x_train, epochs=300, lr=5e-2, batch_size=len(digits.x_train), random_state=seed)
    m["linear / PCA-4"] = ae.reconstruction_error(linear, digits.x_test).mean().item() / ae.pca_errors(pca, x_test, [4])[0]
    decoder_directions = linear.decoder[0].weight.detach().numpy().T
    m["largest principal angle"] = float(ae.principal_angles(pca.components[:4], decoder_directions).max())

    sweep = ae.bottleneck_sweep(digits.x_train, digits.x_test, epochs=60, lr=3e-3, random_state=seed)
    for k in sweep.sizes:
        p, a = sweep.errors_at(k)
        m[f"ratio k={k}"] = a / p
    slow = ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[2, 8], epochs=60, lr=3e-4, random_state=seed)
    for k in (2, 8):
        p, a = slow.errors_at(k)
        m[f"slow ratio k={k}"] = a / p

    small = sweep.model(4)
    codes_train = ae.encode(small, digits.x_train).numpy()
    codes = ae.encode(small, digits.x_test).numpy()
    props_train = {"ink": ink(x_train), "slant": slant(x_train)}
    props = {"ink": ink(x_test), "slant": slant(x_test)}
    for name in props:
        regression = LinearRegression().fit(codes_train, props_train[name])
        m[f"{name} R2"] = regression.score(codes, props[name])
        direction = regression.coef_ / np.linalg.norm(regression.coef_)
        position = codes @ direction
        within = [np.corrcoef(position[y_test == c], props[name][y_test == c])[0, 1] for c in range(10)]
        m[f"{name} within mean"] = float(np.mean(within))
        low, high = np.quantile(position, [0.01, 0.99])
        base = codes[0] - (codes[0] @ direction) * direction
        walk = base + np.linspace(low, high, 8)[:, None] * direction
        measured = {"ink": ink, "slant": slant}[name](ae.decode(small, walk).numpy())
        m[f"{name} walk change / std"] = float((measured[-1] - measured[0]) / props[name].std())

    noisy_test = ae.add_noise(digits.x_test, std=0.4, random_state=1)
    denoiser = ae.Autoencoder(64, latent_dim=8)
    ae.train_autoencoder(denoiser, digits.x_train, epochs=60, noise=0.4, random_state=seed)
    err = lambda rebuilt: float(((np.asarray(rebuilt) - x_test) ** 2).mean())
    plain = sweep.model(8)
    m["noisy"] = err(noisy_test)
    m["PCA-8 denoised"] = err(ae.pca_reconstruct(pca, ae.pca_project(pca, noisy_test, 8)))
    m["plain AE denoised"] = err(ae.decode(plain, ae.encode(plain, noisy_test)))
    m["denoising AE"] = err(ae.decode(denoiser, ae.encode(denoiser, noisy_test)))

    def fit(train, test):
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(train, y_train).predict(test)

    m["accuracy raw"] = float((fit(x_train, x_test) == y_test).mean())
    for k in (2, 4, 8):
        pp = fit(ae.pca_project(pca, x_train, k), ae.pca_project(pca, x_test, k))
        code = sweep.model(k)
        pa = fit(ae.encode(code, digits.x_train).numpy(), ae.encode(code, digits.x_test).numpy())
        m[f"accuracy PCA-{k}"] = float((pp == y_test).mean())
        m[f"accuracy AE-{k}"] = float((pa == y_test).mean())
        m[f"predictions differ k={k}"] = float((pp != pa).sum())

    # section 9: few labels, 1-NN, five draws of the labelled images per seed (draws 5*seed .. 5*seed + 4)
    draws = range(5 * seed, 5 * seed + 5)
    enc = lambda model, x: ae.encode(model, x).numpy()
    clean = {"pixels": (x_train, x_test)}
    for k in (4, 8):
        clean[f"PCA-{k}"] = (ae.pca_project(pca, x_train, k), ae.pca_project(pca, x_test, k))
        clean[f"AE-{k}"] = (enc(sweep.model(k), digits.x_train), enc(sweep.model(k), digits.x_test))
    noisy_train = ae.add_noise(digits.x_train, std=0.4, random_state=2)
    noisy_train_np, noisy_test_np = noisy_train.numpy().astype(np.float64), noisy_test.numpy().astype(np.float64)
    noisy = {"pixels": (noisy_train_np, noisy_test_np),
             "PCA-8": (ae.pca_project(pca, noisy_train_np, 8), ae.pca_project(pca, noisy_test_np, 8)),
             "AE-8": (enc(plain, noisy_train), enc(plain, noisy_test)),
             "DAE-8": (enc(denoiser, noisy_train), enc(denoiser, noisy_test))}
    for scene, features in (("clean", clean), ("noisy", noisy)):
        curves = ae.few_label_curve(features, y_train, y_test, counts=(1, 3, 10, 30), seeds=draws)
        for name in features:
            for n, accuracy in zip(curves.counts, curves.mean(name)):
                m[f"few {scene} {name} n={n}"] = accuracy
    return {k: float(v) for k, v in m.items()}


def _few(m, scene, a, b, counts=(1, 3, 10, 30)):
    """Accuracy of representation a minus b (1-NN, mean of five label draws) at each count."""
    return [m[f"few {scene} {a} n={n}"] - m[f"few {scene} {b} n={n}"] for n in counts]


CLAIMS = {
    "the linear autoencoder's held-out error is within 2% of PCA's at k = 4":
        lambda m: (m["linear / PCA-4"] < 1.02, {"linear AE / PCA": m["linear / PCA-4"],
                                                "largest principal angle (degrees)": m["largest principal angle"]}),
    "a 2-number autoencoder code rebuilds held-out digits better than PCA's":
        lambda m: (m["alone ratio k=2"] < 1, {"AE / PCA": m["alone ratio k=2"]}),
    "the autoencoder beats PCA at k = 2 and k = 8":
        lambda m: (max(m["ratio k=2"], m["ratio k=8"]) < 1, {"AE / PCA, k=2": m["ratio k=2"], "AE / PCA, k=8": m["ratio k=8"]}),
    "PCA is at least as good as the autoencoder from k = 16 on":
        lambda m: (min(m["ratio k=16"], m["ratio k=24"], m["ratio k=32"]) >= 1,
                   {"AE / PCA, k=12": m["ratio k=12"], "AE / PCA, k=16": m["ratio k=16"]}),
    "at lr 3e-4 the autoencoder loses to PCA at k = 8":
        lambda m: (m["slow ratio k=8"] > 1, {"AE / PCA, k=8": m["slow ratio k=8"], "AE / PCA, k=2": m["slow ratio k=2"]}),
    "the 4-D code predicts slant better than ink (R^2 on held-out digits)":
        lambda m: (m["slant R2"] > m["ink R2"], {"slant R^2": m["slant R2"], "ink R^2": m["ink R2"]}),
    "within digits, the slant direction follows slant more closely than the ink direction follows ink":
        lambda m: (m["slant within mean"] > m["ink within mean"],
                   {"slant mean r": m["slant within mean"], "ink mean r": m["ink within mean"]}),
    "walking the slant direction moves slant by over 2 spreads, the ink direction moves ink by under 1":
        lambda m: (m["slant walk change / std"] > 2 and abs(m["ink walk change / std"]) < 1,
                   {"slant change / std": m["slant walk change / std"], "ink change / std": m["ink walk change / std"]}),
    "the denoising autoencoder beats PCA with 8 components on noisy digits":
        lambda m: (m["denoising AE"] < m["PCA-8 denoised"], {"denoising AE": m["denoising AE"], "PCA-8": m["PCA-8 denoised"]}),
    "the plain autoencoder denoises worse than PCA with 8 components":
        lambda m: (m["plain AE denoised"] > m["PCA-8 denoised"], {"plain AE": m["plain AE denoised"], "PCA-8": m["PCA-8 denoised"]}),
    "a 2-D autoencoder code beats PCA's 2-D code for the linear classifier":
        lambda m: (m["accuracy AE-2"] > m["accuracy PCA-2"], {"AE-2": m["accuracy AE-2"], "PCA-2": m["accuracy PCA-2"]}),
    "raw pixels beat every code for the linear classifier":
        lambda m: (m["accuracy raw"] > max(m[f"accuracy {c}-{k}"] for c in ("PCA", "AE") for k in (2, 4, 8)),
                   {"raw": m["accuracy raw"], "best code": max(m[f"accuracy {c}-{k}"] for c in ("PCA", "AE") for k in (2, 4, 8))}),
    "the PCA and autoencoder classifiers disagree on at least 20 test digits at k = 4 and at k = 8":
        lambda m: (min(m["predictions differ k=4"], m["predictions differ k=8"]) >= 20,
                   {"differ, k=4": m["predictions differ k=4"], "differ, k=8": m["predictions differ k=8"],
                    "AE-8 - PCA-8 accuracy": m["accuracy AE-8"] - m["accuracy PCA-8"]}),
    "with 3, 10 and 30 labels per class, 1-NN on raw pixels beats 1-NN on the autoencoder's 8-number code":
        lambda m: (max(_few(m, "clean", "AE-8", "pixels", (3, 10, 30))) < 0,
                   {"AE-8 - pixels, 1 label": _few(m, "clean", "AE-8", "pixels", (1,))[0],
                    "AE-8 - pixels, 3 labels": _few(m, "clean", "AE-8", "pixels", (3,))[0],
                    "AE-8 - pixels, 30 labels": _few(m, "clean", "AE-8", "pixels", (30,))[0]}),
    "with 3, 10 and 30 labels per class, the autoencoder's 4-number code beats PCA's for 1-NN":
        lambda m: (min(_few(m, "clean", "AE-4", "PCA-4", (3, 10, 30))) > 0,
                   {"AE-4 - PCA-4, 1 label": _few(m, "clean", "AE-4", "PCA-4", (1,))[0],
                    "AE-4 - PCA-4, 3 labels": _few(m, "clean", "AE-4", "PCA-4", (3,))[0],
                    "AE-4 - PCA-4, 30 labels": _few(m, "clean", "AE-4", "PCA-4", (30,))[0]}),
    "on noisy digits, 1-NN on the denoising autoencoder's code beats raw pixels at every label count":
        lambda m: (min(_few(m, "noisy", "DAE-8", "pixels")) > 0,
                   {"DAE-8 - pixels, 1 label": _few(m, "noisy", "DAE-8", "pixels", (1,))[0],
                    "DAE-8 - pixels, 3 labels": _few(m, "noisy", "DAE-8", "pixels", (3,))[0],
                    "DAE-8 - pixels, 30 labels": _few(m, "noisy", "DAE-8", "pixels", (30,))[0]}),
    "on noisy digits, 1-NN on PCA's 8-number code beats raw pixels at every label count":
        lambda m: (min(_few(m, "noisy", "PCA-8", "pixels")) > 0,
                   {"PCA-8 - pixels, 1 label": _few(m, "noisy", "PCA-8", "pixels", (1,))[0],
                    "PCA-8 - pixels, 3 labels": _few(m, "noisy", "PCA-8", "pixels", (3,))[0],
                    "PCA-8 - pixels, 30 labels": _few(m, "noisy", "PCA-8", "pixels", (30,))[0]}),
    "on noisy digits, averaged over the four label counts, the denoising code beats PCA's 8-number code for 1-NN":
        lambda m: (float(np.mean(_few(m, "noisy", "DAE-8", "PCA-8"))) > 0,
                   {"DAE-8 - PCA-8, mean over counts": float(np.mean(_few(m, "noisy", "DAE-8", "PCA-8"))),
                    "DAE-8 - PCA-8, smallest": min(_few(m, "noisy", "DAE-8", "PCA-8"))}),
    "on noisy digits, the plain autoencoder's code loses to raw pixels with 3, 10 and 30 labels per class":
        lambda m: (max(_few(m, "noisy", "AE-8", "pixels", (3, 10, 30))) < 0,
                   {"AE-8 - pixels, 3 labels": _few(m, "noisy", "AE-8", "pixels", (3,))[0],
                    "AE-8 - pixels, 30 labels": _few(m, "noisy", "AE-8", "pixels", (30,))[0]}),
}

SPREAD = {
    "on noisy digits, averaged over the four label counts, the denoising code beats PCA's 8-number code for 1-NN":
        "section 9: on 4 of 5 seeds, with the range of the difference",
}
