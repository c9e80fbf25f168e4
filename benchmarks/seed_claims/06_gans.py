"""Seed-dependent claims of chapter 06 (``course/06_gans.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). ``measure(seed)`` repeats the
lesson's training runs with ``random_state=seed`` where the lesson uses ``SEED = 0``: the two ring
GANs one setting apart (5 or 1 generator steps per discriminator step; 2,000 generator steps at
lr 1e-3, then 500 at lr 1e-4) and the digits GAN (2,500 steps), with the lesson's measurements of
each. The held-out digits, the 20 random reference splits and the noise vectors the lesson draws
for its walk and its ink direction do not depend on the seed.
"""

import numpy as np

NOTEBOOK = "notebooks/06_gans.ipynb"
RING_STEPS, DIGIT_STEPS, SPLITS = 2000, 2500, 20
NOISE_FID = 165.1  # uniform noise against the reference half (calibration table; no seed enters it)


def measure(seed: int) -> dict:
    import torch

    from latentedu import gan as G
    from latentedu import metrics
    from latentedu.data import load_digits
    from latentedu.dimensions import ink

    m = {}
    centers = G.toy_centers("ring").numpy()
    for name, g_steps in (("collapse", 5), ("fixed", 1)):
        gan = G.toy_gan("ring", hidden=(64, 64), batch_size=128, g_steps=g_steps, random_state=seed)
        early = gan.step(2000 // g_steps).mode_report()
        m[f"{name} modes at lr 1e-3"] = float(early.modes_covered)
        m[f"{name} high quality at lr 1e-3"] = float(early.high_quality)
        report = gan.set_lr(1e-4).step(500 // g_steps).mode_report()
        m[f"{name} modes"] = float(report.modes_covered)
        m[f"{name} high quality"] = float(report.high_quality)
        samples = gan.sample(2500, random_state=1234).numpy()
        nearest = G.nearest_mode_counts(samples, centers)
        m[f"{name} share on two modes"] = float(np.sort(nearest)[-2:].sum() / 2500)
        m[f"{name} median distance"] = float(np.median(
            np.linalg.norm(samples[:, None] - centers[None], axis=2).min(1)))
        shares = report.counts / max(report.counts.sum(), 1)
        m[f"{name} smallest mode share"] = float(shares.min())
        m[f"{name} largest mode share"] = float(shares.max())

    digit_gan = G.train_digit_gan(DIGIT_STEPS, random_state=seed)
    samples = digit_gan.sample(225, random_state=1).numpy()
    x_test = load_digits().x_test.numpy()
    m.update(fid_measures(samples, x_test))
    m["FID-like 450 vs 450"] = float(metrics.fid_like(digit_gan.sample(450, random_state=2).numpy(), x_test))
    m["FID-like 225 vs 450"] = float(metrics.fid_like(samples, x_test))
    sets, reference = G.calibration_sets(225)
    for name, images in (("GAN", samples), ("real", sets["new real digits"])):
        r = metrics.quality_report(images, reference=reference)
        for key in ("fid", "inception_score", "precision", "recall", "memorised"):
            m[f"{name} {key}"] = float(r[key])

    z_many = torch.randn(2000, 16, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        ink_many = ink(digit_gan.generator(z_many))
        order = np.argsort(ink_many, kind="stable")
        direction = z_many[order[-400:]].mean(0) - z_many[order[:400]].mean(0)
        lighter, base, bolder = (digit_gan.generator(z_many[:8] + s * direction) for s in (-1.0, 0.0, 1.0))
    m["ink shift / std"] = float((ink(bolder).mean() - ink(lighter).mean()) / ink_many.std())
    m["ink lighter < base < bolder"] = float(ink(lighter).mean() < ink(base).mean() < ink(bolder).mean())
    read = [metrics.class_probabilities(images).argmax(1) for images in (lighter, base, bolder)]
    m["digits changing class"] = float(((read[0] != read[1]) | (read[2] != read[1])).sum())
    return m


def fid_measures(samples, x_test, splits: int = SPLITS) -> dict:
    """The lesson's yardstick: FID-like of the samples and of new real digits, each against the
    reference half of ``splits`` random 225/225 splits of the held-out digits (``random_state=0``)."""
    from latentedu import metrics

    rng = np.random.default_rng(0)
    real, gan = [], []
    for _ in range(splits):
        order = rng.permutation(len(x_test))
        reference, new = x_test[order[:225]], x_test[order[225:]]
        real.append(metrics.fid_like(new, reference))
        gan.append(metrics.fid_like(samples, reference))
    return {"real-vs-real mean": float(np.mean(real)), "real-vs-real min": float(np.min(real)),
            "real-vs-real max": float(np.max(real)), "GAN FID-like mean": float(np.mean(gan)),
            "FID ratio": float(np.mean(gan) / np.mean(real))}


CLAIMS = {
    "with 5 generator steps per discriminator step over 99% of the samples crowd onto one or two modes":
        lambda m: (m["collapse share on two modes"] > 0.99,
                   {"share on two modes": m["collapse share on two modes"],
                    "high quality": m["collapse high quality"]}),
    "the collapsed GAN's samples miss the modes themselves":
        lambda m: (m["collapse high quality"] < 0.01,
                   {"high quality": m["collapse high quality"], "median distance": m["collapse median distance"]}),
    "after 2,000 steps the fast GAN covers all 8 modes":
        lambda m: (m["fixed modes at lr 1e-3"] == 8,
                   {"modes": m["fixed modes at lr 1e-3"], "high quality": m["fixed high quality at lr 1e-3"]}),
    "500 more steps at lr 1e-4 keep all 8 modes and raise the high-quality share":
        lambda m: (m["fixed modes"] == 8 and m["fixed high quality"] > m["fixed high quality at lr 1e-3"],
                   {"high quality before": m["fixed high quality at lr 1e-3"], "after": m["fixed high quality"]}),
    "with one generator step per discriminator step every mode holds at least 1% of the high-quality samples":
        lambda m: (m["fixed smallest mode share"] >= 0.01,
                   {"smallest share": m["fixed smallest mode share"], "largest share": m["fixed largest mode share"]}),
    "adding the ink direction makes the digits bolder and subtracting it lighter, on average":
        lambda m: (m["ink lighter < base < bolder"] == 1.0,
                   {"shift in sd": m["ink shift / std"], "digits changing class": m["digits changing class"]}),
    "the GAN's samples score below real digits on IS-like, precision and recall, far from noise":
        lambda m: (all(m[f"GAN {k}"] < m[f"real {k}"] for k in ("inception_score", "precision", "recall"))
                   and m["GAN fid"] < NOISE_FID / 3,
                   {f"{k} GAN": m[f"GAN {k}"] for k in ("fid", "inception_score", "precision", "recall")}),
    "the digits GAN's FID-like ratio after 2,500 steps is under 5":
        lambda m: (m["FID ratio"] < 5, {"ratio": m["FID ratio"]}),
}
