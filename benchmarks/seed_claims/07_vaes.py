"""Seed-dependent claims of chapter 07 (``course/07_vaes.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). ``measure(seed)`` repeats the
lesson's training runs with ``seed`` where the lesson uses ``SEED = 0`` (``le.set_seed`` and
``random_state``): the plain 2-D autoencoder and the six-beta VAE sweep, with the lesson's measurements of each, and
section 8's 12-D VAE and autoencoder (``vae.train_pair``) with ``vae.compare_with_autoencoder``. The prior draws
(``random_state=0`` in ``sample_prior`` and ``sample_fitted_gaussian``) and section 8's pairs of held-out digits stay
as in the lesson.
"""

import numpy as np

NOTEBOOK = "notebooks/07_vaes.ipynb"
BETAS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)


def measure(seed: int) -> dict:
    import latentedu as le
    from latentedu import metrics, vae
    from latentedu.data import load_digits

    digits = load_digits()
    x_train, x_test = digits.x_train, digits.x_test
    le.set_seed(seed)  # the lesson's first cell: the autoencoder's starting weights come from it
    autoencoder = vae.plain_autoencoder(x_train, random_state=seed)
    sweep = vae.beta_sweep(x_train, x_test, betas=BETAS, random_state=seed, progress=False)
    model = sweep.model(1.0)
    m = {}
    for beta in BETAS:
        for key in ("mse", "kl", "active_dims"):
            m[f"beta {beta:g} {key}"] = float(sweep.scores[beta][key])
    kls = [sweep.scores[b]["kl"] for b in BETAS]
    m["KL order violations"] = float(sum(a < b for a, b in zip(kls, kls[1:])))

    for name, net in (("autoencoder", autoencoder), ("VAE", model)):
        z = vae.codes(net, x_train)
        m[f"{name} code |mean| max"] = float(np.abs(z.mean(0)).max())
        m[f"{name} code |log std| max"] = float(np.abs(np.log(z.std(0))).max())
        box = vae.code_limits(net, x_train)
        m[f"{name} empty cells"] = float(vae.empty_cells(z, box, n=15))
        m[f"{name} grid precision"] = float(metrics.precision_recall(vae.decode_grid(net, box, n=15), x_test)[0])

    samples = {"VAE prior": vae.sample_prior(model, 500), "AE prior": vae.sample_prior(autoencoder, 500),
               "AE fitted": vae.sample_fitted_gaussian(autoencoder, x_train, 500),
               "VAE beta0 prior": vae.sample_prior(sweep.model(0.0), 500), "train digits": x_train[:500].numpy()}
    for name, images in samples.items():
        r = metrics.quality_report(images)
        for key in ("fid", "inception_score", "recall", "memorised"):
            m[f"{name} {key}"] = float(r[key])

    pair_vae, pair_ae = vae.train_pair(x_train, latent_dim=12, beta=0.5, epochs=100, random_state=seed)
    m["12-D VAE mse"] = float(vae.evaluate(pair_vae, x_test)["mse"])
    m["12-D AE mse"] = float(((vae.decode_codes(pair_ae, vae.codes(pair_ae, x_test)) - x_test.numpy()) ** 2).mean())
    compared = vae.compare_with_autoencoder(pair_vae, pair_ae, x_train, x_test, digits.y_test, n_samples=500,
                                            n_pairs=1000)
    for name, r in {**compared.reports, **{f"{k} midpoints": v for k, v in compared.midpoint_reports.items()}}.items():
        for key in ("fid", "precision", "recall", "confidence"):
            m[f"12-D {name} {key}"] = float(r[key])
    return m


def _from_prior(m, name):
    return max(m[f"{name} code |mean| max"], m[f"{name} code |log std| max"])


_GENERATED = ("VAE prior", "AE prior", "AE fitted", "VAE beta0 prior")
_LESSON = {"VAE prior": "VAE, beta=1, N(0, I)", "AE prior": "autoencoder, N(0, I)",  # the lesson's names of the sets
           "AE fitted": "autoencoder, fitted Gaussian", "VAE beta0 prior": "VAE, beta=0, N(0, I)"}

SPREAD = {"the autoencoder's decoded grid looks like real digits at least as often as the VAE's":
          "the lesson prints the two precisions on seeds 0-4 and on how many seeds the claim holds",
          "in 12-D the VAE's interpolation midpoints land on the real digits more often than the autoencoder's":
          "section 8 prints the two midpoint precisions on seeds 0-4 and on how many seeds the claim holds"}


def _12d(m, name, key):
    return m[f"12-D {name} {key}"]


CLAIMS = {
    "the KL per digit falls at every step up in beta":
        lambda m: (m["KL order violations"] == 0, {f"KL at beta {b:g}": m[f"beta {b:g} kl"] for b in BETAS}),
    "at the largest beta no latent dimension is in use":
        lambda m: (m["beta 4 active_dims"] == 0 and m["beta 4 kl"] < 0.01,
                   {"active dimensions": m["beta 4 active_dims"], "KL": m["beta 4 kl"]}),
    "the VAE's codes have a mean and spread close to N(0, I)'s and the autoencoder's do not":
        lambda m: (_from_prior(m, "VAE") < 0.25 and _from_prior(m, "autoencoder") > 1.0,
                   {"VAE": _from_prior(m, "VAE"), "autoencoder": _from_prior(m, "autoencoder")}),
    "the VAE's decoded grid has fewer empty cells than the autoencoder's":
        lambda m: (m["VAE empty cells"] < m["autoencoder empty cells"],
                   {"VAE": m["VAE empty cells"], "autoencoder": m["autoencoder empty cells"]}),
    "the autoencoder's decoded grid looks like real digits at least as often as the VAE's":
        lambda m: (m["autoencoder grid precision"] >= m["VAE grid precision"],
                   {"autoencoder": m["autoencoder grid precision"], "VAE": m["VAE grid precision"]}),
    "the autoencoder's N(0, I) samples score far worse than the VAE's on FID-like and IS-like":
        lambda m: (m["AE prior fid"] > 2 * m["VAE prior fid"]
                   and m["AE prior inception_score"] < m["VAE prior inception_score"],
                   {"FID autoencoder": m["AE prior fid"], "FID VAE": m["VAE prior fid"]}),
    "the beta = 0 VAE's N(0, I) samples score far worse than the beta = 1 VAE's":
        lambda m: (m["VAE beta0 prior fid"] > 2 * m["VAE prior fid"],
                   {"FID beta 0": m["VAE beta0 prior fid"], "FID beta 1": m["VAE prior fid"]}),
    "a Gaussian fitted to the autoencoder's codes scores better than the VAE's prior on FID-like":
        lambda m: (m["AE fitted fid"] < m["VAE prior fid"],
                   {"FID fitted Gaussian": m["AE fitted fid"], "FID VAE": m["VAE prior fid"]}),
    "recall is below 0.25 for every generated set":
        lambda m: (max(m[f"{n} recall"] for n in _GENERATED) < 0.25, {_LESSON[n]: m[f"{n} recall"] for n in _GENERATED}),
    "in 12-D the autoencoder rebuilds held-out digits with a smaller error than the VAE":
        lambda m: (m["12-D AE mse"] < m["12-D VAE mse"], {"autoencoder": m["12-D AE mse"], "VAE": m["12-D VAE mse"]}),
    "in 12-D the VAE's N(0, I) samples beat the autoencoder's N(0, I) samples on FID-like and precision":
        lambda m: (_12d(m, "VAE, N(0, I)", "fid") < _12d(m, "autoencoder, N(0, I)", "fid")
                   and _12d(m, "VAE, N(0, I)", "precision") > _12d(m, "autoencoder, N(0, I)", "precision"),
                   {"FID VAE": _12d(m, "VAE, N(0, I)", "fid"), "FID autoencoder": _12d(m, "autoencoder, N(0, I)", "fid"),
                    "precision VAE": _12d(m, "VAE, N(0, I)", "precision"),
                    "precision autoencoder": _12d(m, "autoencoder, N(0, I)", "precision")}),
    "in 12-D the VAE's N(0, I) samples beat the autoencoder's fitted-Gaussian samples on precision and confidence":
        lambda m: (_12d(m, "VAE, N(0, I)", "precision") > _12d(m, "autoencoder, fitted Gaussian", "precision")
                   and _12d(m, "VAE, N(0, I)", "confidence") > _12d(m, "autoencoder, fitted Gaussian", "confidence"),
                   {"precision VAE": _12d(m, "VAE, N(0, I)", "precision"),
                    "precision fitted Gaussian": _12d(m, "autoencoder, fitted Gaussian", "precision"),
                    "confidence VAE": _12d(m, "VAE, N(0, I)", "confidence"),
                    "confidence fitted Gaussian": _12d(m, "autoencoder, fitted Gaussian", "confidence")}),
    "in 12-D the autoencoder's fitted-Gaussian samples beat the VAE's N(0, I) samples on FID-like and recall":
        lambda m: (_12d(m, "autoencoder, fitted Gaussian", "fid") < _12d(m, "VAE, N(0, I)", "fid")
                   and _12d(m, "autoencoder, fitted Gaussian", "recall") > _12d(m, "VAE, N(0, I)", "recall"),
                   {"FID fitted Gaussian": _12d(m, "autoencoder, fitted Gaussian", "fid"),
                    "FID VAE": _12d(m, "VAE, N(0, I)", "fid"),
                    "recall fitted Gaussian": _12d(m, "autoencoder, fitted Gaussian", "recall"),
                    "recall VAE": _12d(m, "VAE, N(0, I)", "recall")}),
    "in 12-D the classifier is more confident about the VAE's interpolation midpoints than the autoencoder's":
        lambda m: (_12d(m, "VAE midpoints", "confidence") > _12d(m, "autoencoder midpoints", "confidence"),
                   {"VAE": _12d(m, "VAE midpoints", "confidence"),
                    "autoencoder": _12d(m, "autoencoder midpoints", "confidence")}),
    "in 12-D the VAE's interpolation midpoints land on the real digits more often than the autoencoder's":
        lambda m: (_12d(m, "VAE midpoints", "precision") > _12d(m, "autoencoder midpoints", "precision"),
                   {"VAE": _12d(m, "VAE midpoints", "precision"),
                    "autoencoder": _12d(m, "autoencoder midpoints", "precision")}),
    "the training digits score best on FID-like and are all flagged as memorised":
        lambda m: (m["train digits fid"] < min(m[f"{n} fid"] for n in _GENERATED) and m["train digits memorised"] == 1.0,
                   {"FID": m["train digits fid"], "memorised": m["train digits memorised"]}),
}
