"""Questions for notebook 06 (GANs): ``exercises/06_gans.ipynb``.

q1 the discriminator's loss, q2 the non-saturating generator loss, q3 counting
covered modes with the standard protocol, q4 the Fréchet distance between two
Gaussians with diagonal covariances, q5 spotting memorisation with nearest
neighbours, q6 a generator built by hand (noise in, ring out), q7 predict-then-verify
(what the mode-coverage protocol cannot see), q8 an experiment (how many samples the
Fréchet meter needs), q9 high-quality samples per mode (what shows mode collapse and balance). Every check builds its own seeded data, so it never depends on the
notebook's state.
"""

from __future__ import annotations

import numpy as np

from .engine import Case, Incorrect, Question, call_learner, function_check

__all__ = ["meter_reliability", "protocol_demo", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9",
           "ring_report"]

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
            Case((some, _ring(6, 1.0), 0.5), about="a ring of 6 wide modes"),
            # 0.75 from the mode at (2, 0), exactly 3 std: "within 3 std" includes it
            Case((np.array([[2.75, 0.0]]), centers, 0.25), about="one sample exactly 3 std from its mode")]


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
            Case((mixed, train, 1.2), about="a generous threshold"),
            # the first sample is exactly 0.5 from a training image: "at most threshold away" counts it
            Case((np.array([[0.5, 0.0, 0.0, 0.0], [2.0, 2.0, 2.0, 2.0]]),
                  np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0], [3.0, 3.0, 3.0, 3.0]]), 0.5),
                 about="a sample exactly at the threshold from a training image")]


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


# --------------------------------------------------------------------------- q6 generating from noise (Q17)

_RING_STD = 0.02
_Q6_NOISE_DIM = 4
_Q6_N = 2500


def ring_report(samples) -> dict:
    """How 2-D samples score against the ring of 8 Gaussians (radius 2, std 0.02), standard protocol:
    ``{"modes covered", "high quality", "smallest mode share", "largest mode share", "spread"}``;
    the shares are between 0 and 1, and the spread is the standard deviation of the high-quality
    samples around their mode centre, per axis (0.02 for the real data)."""
    samples = np.asarray(samples.detach().numpy() if hasattr(samples, "detach") else samples, dtype=np.float64)
    centers = _ring()
    distances = np.sqrt(((samples[:, None, :] - centers[None, :, :]) ** 2).sum(-1))
    nearest, good = distances.argmin(axis=1), distances.min(axis=1) <= 3 * _RING_STD
    shares = np.bincount(nearest[good], minlength=8) / len(samples)
    offsets = samples[good] - centers[nearest[good]]
    return {"modes covered": int(len(np.unique(nearest[good]))), "high quality": float(good.mean()),
            "smallest mode share": float(shares.min()), "largest mode share": float(shares.max()),
            "spread": float(np.sqrt((offsets ** 2).mean())) if len(offsets) else 0.0}


def _q6_noise(seed: int):
    import torch

    return torch.randn(_Q6_N, _Q6_NOISE_DIM, generator=torch.Generator().manual_seed(seed))


def _q6_check(answer):
    import torch

    z = _q6_noise(606)
    out = call_learner(answer, z, rng_untouched=True)
    if not isinstance(out, torch.Tensor):
        raise Incorrect(f"Your generator should return a torch tensor of shape ({_Q6_N}, 2), but it returned "
                        f"a value of type {type(out).__name__}.")
    if tuple(out.shape) != (_Q6_N, 2):
        raise Incorrect(f"Your generator should turn {_Q6_N} noise vectors into {_Q6_N} points, shape ({_Q6_N}, 2); "
                        f"it returned shape {tuple(out.shape)}.")
    if not torch.isfinite(out).all():
        raise Incorrect("Your generator returned NaN or infinite points.")
    again = call_learner(answer, z.clone(), rng_untouched=True)
    if not torch.equal(out, again):
        raise Incorrect("The same noise gave different points on a second call: a generator is a fixed function "
                        "of its noise, so all the randomness must come from `z`.")
    other = call_learner(answer, _q6_noise(607), rng_untouched=True)
    if torch.equal(out, other):
        raise Incorrect("Different noise gave exactly the same points: your generator ignores `z`. All the "
                        "variety of the samples has to come from the noise.")
    report = ring_report(out)
    if report["modes covered"] < 8:
        raise Incorrect(f"Your samples cover {report['modes covered']} of the 8 modes: the noise must reach every "
                        "mode. Check the angles: 2*pi*k/8 for k = 0..7.")
    if report["high quality"] < 0.9:
        raise Incorrect(f"Only {report['high quality']:.0%} of your samples lie within 3 std (0.06) of a mode "
                        "(the real data: about 99%). Keep each sample near its mode: radius 2, a spread of 0.02.")
    if not 0.08 <= report["smallest mode share"] <= report["largest mode share"] <= 0.17:
        raise Incorrect(f"Your modes are unevenly filled: between {report['smallest mode share']:.1%} and "
                        f"{report['largest mode share']:.1%} of the samples each, where the real ring has 12.5% "
                        "in every mode. Turn the noise into a mode index that takes each of the 8 values "
                        "equally often.")
    if not 0.5 * _RING_STD <= report["spread"] <= 2 * _RING_STD:
        raise Incorrect(f"Around its mode, your samples spread by {report['spread']:.3f} (standard deviation per "
                        f"axis); the real ring's modes spread by {_RING_STD}. "
                        + ("A mode that is a single point is not a Gaussian: use some of the noise to move "
                           "each sample a little." if report["spread"] < 0.5 * _RING_STD else "Scale that noise down."))
    return ("Your generator turns noise into the ring: every sample is a fixed function of its noise vector, "
            "and the spread of the noise becomes the spread of the data. A GAN's generator is such a function, "
            "learned from data instead of written by hand.")


q6 = Question(
    "q6", "A generator by hand: noise in, ring out",
    f"""A generator is a fixed function that turns random noise into data: all the randomness is in the
noise. Write one by hand. `ring_generator(z)` takes a torch tensor `z` of shape `(n, {_Q6_NOISE_DIM})` of
standard normal noise and returns a tensor of shape `(n, 2)`: points distributed like the chapter's
ring of 8 Gaussians (centres at radius 2 and angles 2*pi*k/8, each with standard deviation 0.02, each
mode equally likely). Use only `z` for randomness (the same `z` must give the same points). The check
feeds it {_Q6_N:,} noise vectors of its own and scores the points as the chapter does (`ring_report`).""",
    check=_q6_check,
    hints=["Split the job: some of the noise chooses *which* mode (one of 8, equally likely), the rest chooses "
           "*where* around that mode (a small Gaussian offset). Both must be computed from `z`, not drawn anew.",
           "`torch.special.ndtr(z[:, 0])` turns a standard normal number into a uniform one in (0, 1); times 8 and "
           "floored, it is a mode index 0..7, each equally likely. The centre of mode k is "
           "`2 * (cos(2*pi*k/8), sin(2*pi*k/8))`, and `0.02 * z[:, 2:4]` is an offset with the right spread.",
           "`k = torch.floor(8 * torch.special.ndtr(z[:, 0])).clamp(max=7)`; "
           "`angle = 2 * torch.pi * k / 8`; "
           "`return 2 * torch.stack([angle.cos(), angle.sin()], 1) + 0.02 * z[:, 2:4]`."],
    starter="""import torch
from latentedu.exercises.gans import ring_report

def ring_generator(z):
    k = ____                                  # (n,): a mode index 0..7 from the noise, each equally likely
    angle = 2 * torch.pi * k / 8
    centres = 2 * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    return centres + ____                     # a small offset, also from the noise

q6.check(ring_generator)""",
    solution="""import torch
from latentedu.exercises.gans import ring_report

def ring_generator(z):
    k = torch.floor(8 * torch.special.ndtr(z[:, 0])).clamp(max=7)   # (n,): a mode index 0..7, each equally likely
    angle = 2 * torch.pi * k / 8
    centres = 2 * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    return centres + 0.02 * z[:, 2:4]        # a small offset, also from the noise

q6.check(ring_generator)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q7 predict, then verify (protocol)

def _centres_only(n: int, seed: int) -> np.ndarray:
    """A 'generator' that outputs only the 8 exact mode centres, each equally often."""
    return _ring()[np.random.default_rng(seed).integers(0, 8, n)]


def _real_ring(n: int, seed: int) -> np.ndarray:
    return _centres_only(n, seed) + _RING_STD * np.random.default_rng(seed + 1).standard_normal((n, 2))


def protocol_demo() -> dict:
    """q7's experiment: :func:`ring_report` of 2,500 real ring samples and of 2,500 samples that are
    only the 8 mode centres: ``{"real": {...}, "centres only": {...}}``."""
    return {"real": ring_report(_real_ring(2500, 70)), "centres only": ring_report(_centres_only(2500, 71))}


_Q7_KEYS = ("modes covered", "high quality vs real")


def _q7_check(answer):
    if not isinstance(answer, dict) or set(answer) != set(_Q7_KEYS):
        raise Incorrect("Your prediction should be a dict with the keys \"modes covered\" (a number of modes) "
                        "and \"high quality vs real\" (\"higher\", \"same\" or \"lower\").")
    modes = answer["modes covered"]
    if isinstance(modes, (float, np.floating)) and float(modes).is_integer():
        modes = int(modes)
    if isinstance(modes, bool) or not isinstance(modes, (int, np.integer)):
        raise Incorrect(f"For \"modes covered\" predict a whole number of modes (0 to 8); you wrote {modes!r}.")
    side = answer["high quality vs real"]
    side = side.strip().lower() if isinstance(side, str) else side
    if side not in ("higher", "same", "lower"):
        raise Incorrect(f"For \"high quality vs real\" predict \"higher\", \"same\" or \"lower\"; you wrote {side!r}.")
    table = protocol_demo()
    real, fake = table["real"], table["centres only"]
    truth_side = ("higher" if fake["high quality"] > real["high quality"] + 1e-9
                  else "lower" if fake["high quality"] < real["high quality"] - 1e-9 else "same")
    why = ("Every sample sits exactly on a mode centre, so every sample is 'high quality' (0 std away, well "
           "within 3 std) and every mode is covered; real samples spread around their centres, and about 1% of "
           "them land further than 3 std away.")
    wrong = []
    if int(modes) != fake["modes covered"]:
        wrong.append(f"It covers {fake['modes covered']} modes, not {int(modes)}.")
    if side != truth_side:
        wrong.append(f"Its high-quality share ({fake['high quality']:.1%}) is {truth_side} than the real data's "
                     f"({real['high quality']:.1%}), not {side}.")
    if wrong:
        raise Incorrect("The experiment disagrees. " + " ".join(wrong) + " " + why)
    return ("Your prediction matches the experiment. " + why + " The protocol cannot see the missing spread "
            "within each mode (nor copies of training points): it scores closeness and coverage only. The spread "
            "printed beside it, or the Fréchet distance of q4, does see it.")


q7 = Question(
    "q7", "Predict, then verify: a generator that only knows the centres",
    """A 'generator' outputs only the 8 exact mode centres of the ring, each equally often: no spread at
all, nothing like the real Gaussians. Score 2,500 of its samples with the standard protocol (high
quality within 3 std of the nearest mode; a mode is covered when a high-quality sample is nearest
to it). **Predict first**: how many modes does it cover, and is its high-quality share higher, the
same, or lower than the real data's? Write the prediction as a dict, then run the cell: it runs
the experiment and checks your prediction.""",
    check=_q7_check,
    hints=["Apply the two rules to one sample that sits exactly on a centre: how far is it from its nearest "
           "mode, in standard deviations? Then ask what fraction of *real* samples land further than 3 std away.",
           "A real Gaussian sample is further than 3 std from its centre (in 2-D) about 1% of the time. A sample "
           "exactly on the centre never is. And if every centre gets samples, how many modes are covered?",
           "`{\"modes covered\": 8, \"high quality vs real\": \"higher\"}`"],
    starter="""from latentedu.exercises.gans import protocol_demo

prediction = {"modes covered": ____, "high quality vs real": ____}    # a number; "higher", "same" or "lower"

for name, report in protocol_demo().items():     # the experiment
    print(f"{name:13s} {report['modes covered']}/8 modes, {report['high quality']:.1%} high quality, "
          f"spread around the modes {report['spread']:.3f}")
q7.check(prediction)""",
    solution="""from latentedu.exercises.gans import protocol_demo

prediction = {"modes covered": 8, "high quality vs real": "higher"}    # a number; "higher", "same" or "lower"

for name, report in protocol_demo().items():     # the experiment
    print(f"{name:13s} {report['modes covered']}/8 modes, {report['high quality']:.1%} high quality, "
          f"spread around the modes {report['spread']:.3f}")
q7.check(prediction)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q8 experiment: samples for a meter

_Q8_REFERENCE = 1000
_Q8_TARGET = 0.95
_Q8_TRIALS = 400
_Q8_SEED = 808      # the check's runs; the learner measures with meter_reliability(..., seed=0)


def _ring_draws(rng, trials: int, n: int, n_modes: int) -> np.ndarray:
    k = rng.integers(0, n_modes, (trials, n))
    angle = 2 * np.pi * k / 8
    return 2 * np.stack([np.cos(angle), np.sin(angle)], -1) + _RING_STD * rng.standard_normal((trials, n, 2))


def _frechet_2d(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Fréchet distance between Gaussians fitted to a[t] and b[t] for every trial t (2-D points)."""
    ma, mb = a.mean(1), b.mean(1)
    ca = np.einsum("tni,tnj->tij", a - ma[:, None], a - ma[:, None]) / (a.shape[1] - 1)
    cb = np.einsum("tni,tnj->tij", b - mb[:, None], b - mb[:, None]) / (b.shape[1] - 1)
    prod = ca @ cb
    det = np.clip(np.linalg.det(prod), 0.0, None)
    trace_sqrt = np.sqrt(np.clip(np.trace(prod, axis1=1, axis2=2) + 2 * np.sqrt(det), 0.0, None))
    return ((ma - mb) ** 2).sum(1) + np.trace(ca + cb, axis1=1, axis2=2) - 2 * trace_sqrt


def meter_reliability(n_samples: int, trials: int = 200, seed: int = 0) -> float:
    """The share of ``trials`` runs in which the Fréchet meter, given ``n_samples`` generated points and
    1,000 real ones, scores a generator that draws from the real ring (8 modes) better than one that
    has lost a mode (7 modes). Each run draws fresh real and generated samples from ``seed``'s generator."""
    n_samples = int(n_samples)
    if n_samples < 3:
        raise ValueError(f"n_samples must be at least 3 to fit a Gaussian, got {n_samples}.")
    rng = np.random.default_rng(seed)
    reference = _ring_draws(rng, trials, _Q8_REFERENCE, 8)
    good = _frechet_2d(_ring_draws(rng, trials, n_samples, 8), reference)
    lost = _frechet_2d(_ring_draws(rng, trials, n_samples, 7), reference)
    return float((good < lost).mean())


def _q8_check(answer):
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        raise Incorrect(f"`n_samples` should be a whole number of samples, but it is a {type(answer).__name__}.")
    n = int(answer)
    if not 3 <= n <= 20_000:
        raise Incorrect(f"`n_samples` should be between 3 and 20,000; it is {n}.")
    reliable = meter_reliability(n, _Q8_TRIALS, _Q8_SEED)
    if reliable < _Q8_TARGET:
        raise Incorrect(f"With {n} samples the meter ranked the real generator ahead of the one that lost a mode "
                        f"in {reliable:.1%} of {_Q8_TRIALS} new runs; the target is {_Q8_TARGET:.0%}. Too few "
                        "samples: the noise of the estimate hides the lost mode.")
    half = meter_reliability(max(n // 2, 3), _Q8_TRIALS, _Q8_SEED + 1)
    if n // 2 >= 3 and half >= _Q8_TARGET:
        raise Incorrect(f"{n} samples are reliable, but half as many ({n // 2}) already reach the target "
                        f"({half:.1%} of new runs): you are paying for samples you do not need. Measure "
                        "`meter_reliability` for a range of sizes and take the smallest that is safely above "
                        f"{_Q8_TARGET:.0%}.")
    return (f"With {n} samples the meter ranks the two generators right in {reliable:.1%} of new runs, and half as "
            "many would not do. A score is a measurement with noise: before you compare two models by FID, "
            "check that the difference is larger than what the number of samples can resolve.")


q8 = Question(
    "q8", "Experiment: how many samples does the meter need?",
    f"""The Fréchet meter (q4, with full covariances) fits a Gaussian to `n_samples` generated points and
compares it with one fitted to {_Q8_REFERENCE:,} real points. Two generators: one draws from the real ring,
the other has **lost one of the 8 modes**. With few samples the meter's own noise can score the broken
generator as better. `meter_reliability(n_samples)` runs the comparison 200 times and returns the share
of runs in which the meter ranks the real generator ahead. Choose `n_samples`: the meter must rank them
right in at least **{_Q8_TARGET:.0%}** of runs (the check repeats it {_Q8_TRIALS} times on runs of its
own), and samples cost time, so half as many must **not** be enough.""",
    check=_q8_check,
    hints=["A Gaussian fitted to a few points moves around a lot from one draw to the next. Losing one mode of "
           "eight shifts the mean by only about 0.29 and changes the spread a little, so the meter needs enough "
           "points for that shift to stand out of its own noise.",
           "Measure, do not guess: print `meter_reliability(n)` for n = 25, 50, 100, 200, 400, ... The share "
           f"climbs with n; take the smallest n that is safely above {_Q8_TARGET:.0%} (say 0.97), since the check's "
           "runs are different ones.",
           "About 200 to 300 samples: `n_samples = 250`."],
    starter="""from latentedu.exercises.gans import meter_reliability

for n in [25, 100]:                 # measure more sizes than these
    print(n, meter_reliability(n))

n_samples = ____
q8.check(n_samples)""",
    solution="""from latentedu.exercises.gans import meter_reliability

for n in [25, 100]:                 # measure more sizes than these
    print(n, meter_reliability(n))

n_samples = 250
q8.check(n_samples)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q9 high-quality samples per mode

def _mode_counts(samples, centers, std):
    distances = np.sqrt(((samples[:, None, :] - centers[None, :, :]) ** 2).sum(-1))
    nearest = distances.argmin(axis=1)
    good = distances.min(axis=1) <= 3 * std
    return np.bincount(nearest[good], minlength=len(centers))


def _q9_cases():
    centers = _ring()
    rng = np.random.default_rng(9)
    collapsed = np.repeat(centers[[5]], 60, axis=0) + rng.normal(0, 0.02, (60, 2))
    uneven = np.vstack([np.repeat(centers[[0]], 40, axis=0), np.repeat(centers[[3]], 7, axis=0),
                        np.repeat(centers[[7]], 13, axis=0)]) + rng.normal(0, 0.015, (60, 2))
    # low-quality samples: nearest to mode 1 but 0.1 (5 std) away, and half-way between modes 5 and 6
    off = np.vstack([uneven, centers[[1]] + 0.1, 2.0 * np.array([[np.cos(5.5 * np.pi / 4), np.sin(5.5 * np.pi / 4)]])])
    return [Case((collapsed, centers, 0.02), about="a collapsed generator: every sample on one mode"),
            Case((uneven, centers, 0.02), about="three modes, unevenly filled"),
            Case((off, centers, 0.02), about="three modes and two low-quality samples"),
            Case((np.repeat(centers, 3, axis=0), centers, 0.02), about="every mode"),
            # 0.75 from the mode at (2, 0), exactly 3 std: "within 3 std" includes it
            Case((np.array([[2.75, 0.0], [0.0, 1.2]]), centers, 0.25), about="one sample exactly 3 std from its mode"),
            Case((uneven, _ring(5, 1.0), 0.4), about="a ring of 5 wide modes"),
            # wide modes that overlap: each sample is within 3 std of both, but counts for its nearest only
            Case((np.array([[0.4, 0.0], [0.1, 0.3], [0.9, -0.2]]), np.array([[0.0, 0.0], [1.0, 0.0]]), 0.5),
                 about="two overlapping wide modes")]


q9 = Question(
    "q9", "High-quality samples per mode",
    """Mode collapse shows in how the good samples share out over the modes. Write
`mode_counts(samples, centers, std)` that returns a numpy array of `k` integers (one per centre, in
the centres' order): how many **high-quality** samples (within 3 std of their nearest centre) have
each centre as their nearest. A mode with no high-quality sample gets 0. `samples` is `(n, 2)`,
`centers` is `(k, 2)`; the same protocol as question 3, which counts the non-zero entries of this array.""",
    check=function_check(_mode_counts, _q9_cases()),
    hints=["Start as in question 3: the distances `(n, k)`, each sample's nearest centre and whether it "
           "is high quality.",
           "Count, for every centre, the good samples whose nearest centre it is. `np.bincount` counts "
           "how often each index occurs; give it `minlength=len(centers)` so that modes nobody reaches "
           "still get their 0 at the end.",
           "`np.bincount(nearest[good], minlength=len(centers))`"],
    starter="""import numpy as np

def mode_counts(samples, centers, std):
    distances = ____          # (n, k): from every sample to every centre
    nearest = ____            # (n,): index of each sample's nearest centre
    good = ____               # (n,): True where the sample is high quality
    return ____               # (k,): high-quality samples per centre

q9.check(mode_counts)""",
    solution="""import numpy as np

def mode_counts(samples, centers, std):
    distances = np.sqrt(((samples[:, None, :] - centers[None, :, :]) ** 2).sum(-1))
    nearest = distances.argmin(axis=1)
    good = distances.min(axis=1) <= 3 * std
    return np.bincount(nearest[good], minlength=len(centers))

q9.check(mode_counts)""",
    chapter=CHAPTER,
)
