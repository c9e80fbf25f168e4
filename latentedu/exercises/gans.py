"""Questions for notebook 06 (GANs): ``exercises/06_gans.ipynb``.

q1 the discriminator's loss, q2 the non-saturating generator loss, q3 counting
covered modes with the standard protocol, q4 the Fréchet distance between two
Gaussians with diagonal covariances, q5 spotting memorisation with nearest
neighbours. Every check builds its own seeded data, so it never depends on the
notebook's state.
"""

from __future__ import annotations

import numpy as np

from .engine import Case, Question, function_check

__all__ = ["q1", "q2", "q3", "q4", "q5"]

CHAPTER = "gans"


# --------------------------------------------------------------------------- q1 the discriminator's loss

def _d_loss(p_real, p_fake):
    return -np.mean(np.log(p_real)) - np.mean(np.log(1 - p_fake))


def _q1_cases():
    cases = []
    for seed, (n_real, n_fake) in enumerate([(6, 6), (10, 4), (3, 8)]):
        rng = np.random.default_rng(seed)
        cases.append(Case((rng.uniform(0.05, 0.95, n_real), rng.uniform(0.05, 0.95, n_fake)),
                          about=f"{n_real} real and {n_fake} generated samples"))
    cases.append(Case((np.array([0.9, 0.8]), np.array([0.1, 0.3, 0.2])), about="a confident discriminator"))
    return cases


q1 = Question(
    "q1", "The discriminator's loss",
    """The discriminator `D` gives each sample the probability that it is real. On a batch it saw
`p_real = D(x)` for real samples and `p_fake = D(G(z))` for generated ones (numpy arrays, possibly
of different lengths). Write `d_loss(p_real, p_fake)`: the binary cross-entropy with label 1 for
real and 0 for generated samples, averaged over each batch and added,
$-\\,\\mathrm{mean}\\,\\log D(x) \\;-\\; \\mathrm{mean}\\,\\log(1 - D(G(z)))$ (Goodfellow et al., 2014).""",
    check=function_check(_d_loss, _q1_cases(), rtol=1e-6),
    hints=["Two terms: one over the real batch (label 1), one over the generated batch (label 0). "
           "Average each over its own batch, since the batches may differ in length.",
           "For a real sample the loss is `-log(p)`; for a generated one it is `-log(1 - p)`.",
           "`-np.mean(np.log(p_real)) - np.mean(np.log(1 - p_fake))`"],
    starter="""import numpy as np

def d_loss(p_real, p_fake):
    return ____

q1.check(d_loss)""",
    solution="""import numpy as np

def d_loss(p_real, p_fake):
    return -np.mean(np.log(p_real)) - np.mean(np.log(1 - p_fake))

q1.check(d_loss)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2 the non-saturating generator loss

def _g_loss(p_fake):
    return -np.mean(np.log(p_fake))


q2 = Question(
    "q2", "The non-saturating generator loss",
    """The generator wants its samples called real. The minimax game asks it to *minimise*
$\\mathrm{mean}\\,\\log(1 - D(G(z)))$, but when the discriminator is sure (`p_fake` near 0) that
curve is flat and the generator learns almost nothing. Write the **non-saturating** version
`g_loss(p_fake)` that the same paper recommends instead: minimise $-\\,\\mathrm{mean}\\,\\log D(G(z))$.""",
    check=function_check(_g_loss, [Case((np.random.default_rng(s).uniform(0.01, 0.99, n),),
                                        about=f"{n} generated samples") for s, n in enumerate([5, 12, 1])]
                         + [Case((np.array([0.001, 0.002, 0.01]),), about="samples D is sure are fake")],
                         rtol=1e-6),
    hints=["Only the generated samples matter here: the generator cannot change how D scores real data.",
           "It is the cross-entropy of the generated samples with the label *real* (1): `-log(p)` each.",
           "`-np.mean(np.log(p_fake))`"],
    starter="""import numpy as np

def g_loss(p_fake):
    return ____

q2.check(g_loss)""",
    solution="""import numpy as np

def g_loss(p_fake):
    return -np.mean(np.log(p_fake))

q2.check(g_loss)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3 counting covered modes

def _ring(k: int = 8, radius: float = 2.0) -> np.ndarray:
    angles = 2 * np.pi * np.arange(k) / k
    return radius * np.stack([np.cos(angles), np.sin(angles)], 1)


def _modes_covered(samples, centers, std):
    distances = np.sqrt(((samples[:, None, :] - centers[None, :, :]) ** 2).sum(-1))
    nearest = distances.argmin(axis=1)
    good = distances.min(axis=1) <= 3 * std
    return len(np.unique(nearest[good]))


def _q3_cases():
    centers = _ring()
    rng = np.random.default_rng(3)
    some = np.repeat(centers[[0, 2, 5]], 30, axis=0) + rng.normal(0, 0.02, (90, 2))
    # samples far between modes: each is nearest to some mode but none is within 3 std
    between = 2.0 * np.stack([np.cos(np.pi / 8 * np.arange(1, 16, 2)), np.sin(np.pi / 8 * np.arange(1, 16, 2))], 1)
    mixed = np.vstack([some, between])
    # a mode touched only by a low-quality sample (0.1 away, 5 std) is not covered
    loose = np.vstack([some, centers[[7]] + 0.1])
    return [Case((some, centers, 0.02), about="samples on 3 of the 8 modes"),
            Case((mixed, centers, 0.02), about="3 good modes plus samples half-way between modes"),
            Case((loose, centers, 0.02), about="3 good modes and one sample 5 std from a fourth"),
            Case((np.repeat(centers, 5, axis=0), centers, 0.02), about="every mode"),
            Case((some, _ring(6, 1.0), 0.5), about="a ring of 6 wide modes")]


q3 = Question(
    "q3", "Counting covered modes",
    """Score generated 2-D points with the standard protocol of the ring benchmark. A sample is
*high quality* when it lies within **3 std** of its **nearest** mode centre; a mode is *covered*
when at least one high-quality sample is nearest to it. Write `modes_covered(samples, centers, std)`
that returns the number of covered modes (an integer). `samples` is `(n, 2)`, `centers` is `(k, 2)`.""",
    check=function_check(_modes_covered, _q3_cases()),
    hints=["First the distance from every sample to every centre: broadcasting "
           "`samples[:, None, :] - centers[None, :, :]` gives shape `(n, k, 2)`.",
           "For each sample keep the nearest centre (`argmin` over axis 1) and whether that smallest "
           "distance is at most `3 * std`. Count the distinct nearest centres among the good samples.",
           "`len(np.unique(nearest[good]))` with `nearest = d.argmin(1)` and `good = d.min(1) <= 3 * std`."],
    starter="""import numpy as np

def modes_covered(samples, centers, std):
    distances = ____          # (n, k): from every sample to every centre
    nearest = ____            # (n,): index of each sample's nearest centre
    good = ____               # (n,): True where the sample is high quality
    return ____

q3.check(modes_covered)""",
    solution="""import numpy as np

def modes_covered(samples, centers, std):
    distances = np.sqrt(((samples[:, None, :] - centers[None, :, :]) ** 2).sum(-1))
    nearest = distances.argmin(axis=1)
    good = distances.min(axis=1) <= 3 * std
    return len(np.unique(nearest[good]))

q3.check(modes_covered)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4 the Fréchet distance

def _frechet_diag(mu1, var1, mu2, var2):
    return float(np.sum((mu1 - mu2) ** 2) + np.sum(var1 + var2 - 2 * np.sqrt(var1 * var2)))


def _q4_cases():
    cases = [Case((np.array([0.0]), np.array([4.0]), np.array([3.0]), np.array([1.0])), about="two 1-D Gaussians")]
    for seed, d in enumerate([3, 16]):
        rng = np.random.default_rng(40 + seed)
        cases.append(Case((rng.normal(0, 1, d), rng.uniform(0.1, 3, d), rng.normal(0, 1, d), rng.uniform(0.1, 3, d)),
                          about=f"two {d}-D Gaussians"))
    same = np.random.default_rng(50).uniform(0.5, 2, 4)
    cases.append(Case((np.ones(4), same, np.ones(4), same.copy()), about="a Gaussian and itself"))
    return cases


q4 = Question(
    "q4", "The Fréchet distance between two Gaussians",
    """FID compares two Gaussians $N(\\mu_1, \\Sigma_1)$ and $N(\\mu_2, \\Sigma_2)$ with the Fréchet distance
$\\lVert\\mu_1 - \\mu_2\\rVert^2 + \\mathrm{tr}\\big(\\Sigma_1 + \\Sigma_2 - 2(\\Sigma_1\\Sigma_2)^{1/2}\\big)$
(Heusel et al., 2017). When both covariances are diagonal, with variances `var1` and `var2` on the
diagonal, the matrix square root is taken entry by entry. Write `frechet_diag(mu1, var1, mu2, var2)`
(all four are 1-D numpy arrays of the same length) returning the distance as a float.""",
    check=function_check(_frechet_diag, _q4_cases(), rtol=1e-6),
    hints=["Two parts: the squared distance between the means, and a trace, which for diagonal matrices "
           "is the sum of the diagonal entries.",
           "For diagonal covariances, $(\\Sigma_1\\Sigma_2)^{1/2}$ has `np.sqrt(var1 * var2)` on its diagonal; "
           "in 1-D the whole distance is $(m_1 - m_2)^2 + (s_1 - s_2)^2$ with standard deviations $s$.",
           "`np.sum((mu1 - mu2) ** 2) + np.sum(var1 + var2 - 2 * np.sqrt(var1 * var2))`"],
    starter="""import numpy as np

def frechet_diag(mu1, var1, mu2, var2):
    mean_part = ____
    covariance_part = ____
    return mean_part + covariance_part

q4.check(frechet_diag)""",
    solution="""import numpy as np

def frechet_diag(mu1, var1, mu2, var2):
    mean_part = np.sum((mu1 - mu2) ** 2)
    covariance_part = np.sum(var1 + var2 - 2 * np.sqrt(var1 * var2))
    return mean_part + covariance_part

q4.check(frechet_diag)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5 spotting memorisation

def _memorised_share(samples, train, threshold):
    distances = np.sqrt(((samples[:, None, :] - train[None, :, :]) ** 2).sum(-1))
    return float((distances.min(axis=1) <= threshold).mean())


def _q5_cases():
    rng = np.random.default_rng(5)
    train = rng.uniform(0, 1, (40, 16))
    new = rng.uniform(0, 1, (20, 16))
    copies = train[:10] + rng.normal(0, 0.01, (10, 16))
    mixed = np.vstack([new[:15], copies])
    return [Case((mixed, train, 0.2), about="15 new samples and 10 near-copies"),
            Case((new, train, 0.2), about="20 new samples"),
            Case((train[:8].copy(), train, 0.2), about="8 exact copies"),
            Case((mixed, train, 1.2), about="a generous threshold")]


q5 = Question(
    "q5", "Spotting memorisation",
    """A generator that copies its training images scores perfectly on quality and diversity, so
copies need a check of their own. Write `memorised_share(samples, train, threshold)`: the share
(between 0 and 1) of generated samples whose **nearest** training image is at most `threshold`
away (Euclidean distance in pixels). `samples` is `(n, d)` and `train` is `(m, d)`.""",
    check=function_check(_memorised_share, _q5_cases(), rtol=1e-6),
    hints=["For each sample you need one number: the distance to its nearest training image.",
           "Broadcast to an `(n, m)` table of distances, take `.min(axis=1)`, and compare with the "
           "threshold; the mean of a boolean array is the share of True.",
           "`float((d.min(axis=1) <= threshold).mean())` with "
           "`d = np.sqrt(((samples[:, None] - train[None]) ** 2).sum(-1))`"],
    starter="""import numpy as np

def memorised_share(samples, train, threshold):
    distances = ____          # (n, m): from every sample to every training image
    nearest = ____            # (n,): distance to the nearest training image
    return ____

q5.check(memorised_share)""",
    solution="""import numpy as np

def memorised_share(samples, train, threshold):
    distances = np.sqrt(((samples[:, None, :] - train[None, :, :]) ** 2).sum(-1))
    nearest = distances.min(axis=1)
    return float((nearest <= threshold).mean())

q5.check(memorised_share)""",
    chapter=CHAPTER,
)
