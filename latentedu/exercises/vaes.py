"""Questions for ``exercises/07_vaes.ipynb``: the reparameterisation trick, the KL term, sampling,
the loss, unused latent dimensions, an experiment (a sampler for codes nobody regularised, Q20),
a predict-then-verify question (what the KL term charges for), and the middle of a latent path.

Each check builds its own seeded data, so it never depends on the notebook's
state. The reference answers follow :mod:`latentedu.vae`.
"""

from __future__ import annotations

import numpy as np
import torch

from .engine import Case, Incorrect, Question, call_learner, expect_array, expect_sequence, function_check

__all__ = ["autoencoder_like_codes", "kl_price_demo", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "sampler_scores"]

CHAPTER = "vaes"
_g = torch.Generator().manual_seed(707)


def _randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=_g) * scale


_MEAN, _LOG_VAR, _EPS = _randn(6, 2), _randn(6, 2), _randn(6, 2)
_MEAN3, _LOG_VAR3, _EPS3 = _randn(4, 3, scale=2.0), _randn(4, 3, scale=2.0), _randn(4, 3)
_X = torch.rand(5, 8, generator=_g)
_X_HAT = torch.rand(5, 8, generator=_g).clamp(0.05, 0.95)


# --------------------------------------------------------------------------- q1: the reparameterisation trick

def _reparameterize(mean, log_var, eps):
    return mean + torch.exp(0.5 * log_var) * eps


q1 = Question(
    "q1", "The reparameterisation trick",
    "The encoder gives each input a Gaussian: a `mean` and a `log_var` (log of the variance), both of "
    "shape `(batch, latent_dim)`. Write `reparameterize(mean, log_var, eps)` that turns standard normal "
    "noise `eps` (same shape) into a draw from that Gaussian, so that gradients can flow into `mean` and "
    "`log_var`. Return a torch tensor of the same shape.",
    check=function_check(_reparameterize, [
        Case((_MEAN, _LOG_VAR, torch.zeros(6, 2)), about="eps = 0 (the draw must then be the mean itself: "
                                                        "use the eps you are given, draw no noise of your own)"),
        Case((_MEAN, torch.zeros(6, 2), _EPS), about="unit variances"),
        Case((_MEAN, _LOG_VAR, _EPS), about="six codes in 2-D"),
        Case((_MEAN3, _LOG_VAR3, _EPS3), about="four codes in 3-D, large variances"),
    ], rtol=1e-5, differentiable=(0, 1)),
    hints=[
        "A draw from N(mean, std²) is the mean plus the standard deviation times a standard normal draw. "
        "Only `eps` is random, so the draw depends smoothly on `mean` and `log_var`.",
        "The standard deviation is the square root of the variance: `std = exp(log_var / 2)` "
        "(`torch.exp(0.5 * log_var)`), not `exp(log_var)`. Keep everything in torch operations, so "
        "gradients reach `mean` and `log_var`.",
        "`std = torch.exp(0.5 * log_var)` and `return mean + std * eps`.",
    ],
    starter='''def reparameterize(mean, log_var, eps):
    std = ____
    return ____


q1.check(reparameterize)''',
    solution='''def reparameterize(mean, log_var, eps):
    std = torch.exp(0.5 * log_var)
    return mean + std * eps


q1.check(reparameterize)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2: the KL term

def _kl(mean, log_var):
    return 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(dim=1)


q2 = Question(
    "q2", "The KL term for a diagonal Gaussian",
    "Write `kl_to_prior(mean, log_var)` that returns, for every row, the KL divergence from "
    "N(mean, diag(exp(log_var))) to the prior N(0, I), summed over the latent dimensions: a tensor of "
    "shape `(batch,)`. For one dimension it is `0.5 * (variance + mean² - 1 - log(variance))`.",
    check=function_check(_kl, [
        Case((torch.zeros(3, 2), torch.zeros(3, 2)), about="codes that are exactly the prior (KL 0)"),
        Case((_MEAN, _LOG_VAR), about="six codes in 2-D"),
        Case((_MEAN3, _LOG_VAR3), about="four codes in 3-D"),
    ], rtol=1e-5, differentiable=(0, 1)),
    hints=[
        "Work out the one-dimensional formula for every entry of `mean` and `log_var`, then add the "
        "dimensions of each row together (the dimensions are independent, so their KLs add).",
        "The variance is `torch.exp(log_var)`; the formula applied to whole tensors gives one entry per "
        "code and dimension, and `.sum(dim=1)` adds the dimensions of each row (dim 0 would add the batch).",
        "`per_dimension = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var)` and `dim=1`.",
    ],
    starter='''def kl_to_prior(mean, log_var):
    per_dimension = ____
    return per_dimension.sum(dim=____)


q2.check(kl_to_prior)''',
    solution='''def kl_to_prior(mean, log_var):
    per_dimension = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var)
    return per_dimension.sum(dim=1)


q2.check(kl_to_prior)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3: sampling from the prior

def _decoder() -> torch.nn.Linear:
    """A known linear 'decoder' z -> A z + b, so the samples' mean and covariance are known exactly."""
    with torch.random.fork_rng(devices=[]):  # building a layer draws from the global generator: not ours to use
        layer = torch.nn.Linear(2, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 0.0], [0.5, 2.0], [0.0, -1.0]]))
        layer.bias.copy_(torch.tensor([0.5, -1.0, 2.0]))
    return layer


def _check_sampler(fn) -> None:
    decoder = _decoder()
    n = 20_000
    with torch.no_grad():
        out = call_learner(fn, decoder, n, 2, 0, rng_untouched=True)
        expect_array(out, torch.zeros(n, 3), name="The decoded samples", kind="torch", atol=np.inf)
        again = call_learner(fn, decoder, n, 2, 0, rng_untouched=True)
        other = call_learner(fn, decoder, n, 2, 1, rng_untouched=True)
    if not torch.equal(out, again):
        raise Incorrect("Two calls with the same seed gave different samples. Draw the codes with a "
                        "`torch.Generator().manual_seed(seed)` passed to `torch.randn(..., generator=...)`.")
    if torch.equal(out, other):
        raise Incorrect("Different seeds gave the same samples: use `seed` to seed the generator.")
    a, b = decoder.weight.detach().double(), decoder.bias.detach().double()
    samples = out.double()
    if (samples.mean(0) - b).abs().max() > 0.1:
        raise Incorrect("The samples are centred in the wrong place: the codes should have mean 0, as the "
                        "prior N(0, I) does (torch.rand draws from [0, 1), which has mean 0.5).")
    cov = torch.cov(samples.T)
    if (cov - a @ a.T).abs().max() > 0.15:
        raise Incorrect("The samples have the right centre but the wrong spread: the codes should have "
                        "variance 1 in every dimension and be independent, as N(0, I) is.")


q3 = Question(
    "q3", "Sampling from the prior, then decoding",
    "A trained VAE generates new data by drawing codes from its prior N(0, I) and decoding them. Write "
    "`sample(decoder, n, latent_dim, seed)` that draws `n` codes of size `latent_dim` from N(0, I) with a "
    "`torch.Generator` seeded with `seed`, and returns `decoder(codes)`. The check uses a decoder whose "
    "output statistics it knows, and 20,000 samples.",
    check=_check_sampler,
    hints=[
        "Make a generator with `torch.Generator().manual_seed(seed)`, so the same seed gives the same "
        "samples without touching the global random state.",
        "`torch.randn(n, latent_dim, generator=g)` draws the codes from N(0, I) (not `torch.rand`, which "
        "is uniform on [0, 1)); then return `decoder(z)`. Do not call `torch.manual_seed`: that would "
        "change the randomness of the whole notebook.",
        "`z = torch.randn(n, latent_dim, generator=g)` and `return decoder(z)`.",
    ],
    starter='''def sample(decoder, n, latent_dim, seed):
    g = torch.Generator().manual_seed(seed)
    z = ____
    return ____


q3.check(sample)''',
    solution='''def sample(decoder, n, latent_dim, seed):
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(n, latent_dim, generator=g)
    return decoder(z)


q3.check(sample)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4: the total loss

def _total_loss(x, x_hat, mean, log_var, beta):
    reconstruction = torch.nn.functional.binary_cross_entropy(x_hat, x, reduction="none").sum(dim=1)
    kl = 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(dim=1)
    return (reconstruction + beta * kl).mean()


q4 = Question(
    "q4", "The whole loss",
    "Write `vae_total_loss(x, x_hat, mean, log_var, beta)`: for each row, the binary cross-entropy "
    "between `x_hat` and `x` summed over the pixels, plus `beta` times the KL term of q2; then the mean "
    "over the batch, as a 0-dimensional torch tensor (so `.backward()` works on it).",
    check=function_check(_total_loss, [
        Case((_X, _X_HAT, _MEAN[:5], _LOG_VAR[:5], 1.0), about="five digits of 8 pixels, beta = 1"),
        Case((_X, _X_HAT, _MEAN[:5], _LOG_VAR[:5], 0.0), about="beta = 0 (no KL)"),
        Case((_X, _X_HAT, _MEAN[:5], _LOG_VAR[:5], 4.0), about="beta = 4"),
    ], rtol=1e-5, differentiable=(1, 2, 3)),
    hints=[
        "Build both parts per row first, both of shape `(batch,)`: the reconstruction summed over the "
        "pixels, and the KL summed over the latent dimensions. Combine them, then average over the batch.",
        "`torch.nn.functional.binary_cross_entropy(x_hat, x, reduction='none').sum(dim=1)` is the "
        "reconstruction per row; add `beta * kl` (your q2 formula) and take `.mean()`. Stay in torch "
        "operations (no `.item()`, no `torch.no_grad()`), or `.backward()` cannot reach the network.",
        "`(reconstruction + beta * kl).mean()`, with `kl = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var)"
        ".sum(dim=1)`.",
    ],
    starter='''def vae_total_loss(x, x_hat, mean, log_var, beta):
    reconstruction = ____
    kl = ____
    return ____


q4.check(vae_total_loss)''',
    solution='''def vae_total_loss(x, x_hat, mean, log_var, beta):
    reconstruction = torch.nn.functional.binary_cross_entropy(x_hat, x, reduction="none").sum(dim=1)
    kl = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).sum(dim=1)
    return (reconstruction + beta * kl).mean()


q4.check(vae_total_loss)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5: a collapsed dimension

def _unused(mean, log_var, threshold):
    kl_per_dim = 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).mean(dim=0)
    return [int(d) for d in torch.nonzero(kl_per_dim < threshold).flatten()]


_COLLAPSED_MEAN = torch.cat([_randn(50, 1, scale=1.5), _randn(50, 1, scale=0.01), _randn(50, 1, scale=0.8)], 1)
_COLLAPSED_LOG_VAR = torch.cat([torch.full((50, 1), -3.0), _randn(50, 1, scale=0.01), torch.full((50, 1), -1.0)], 1)
# a dimension used at a tiny scale: means spread over about 0.005, but each Gaussian is far narrower
_SMALL_MEAN = torch.cat([_randn(40, 1, scale=0.005), _randn(40, 1, scale=0.001)], 1)
_SMALL_LOG_VAR = torch.cat([torch.full((40, 1), -14.0), _randn(40, 1, scale=0.001)], 1)

# Near the threshold (0.01), three readings of "average each dimension's KL over the batch" part ways:
# dim 0: means +-0.2 around 0, log_var 0: KL 0.02 per code (used), but the Gaussian with the batch's
#        average mean and log_var is the prior itself (KL 0);
# dim 1: means 0, log_var +-0.3: KL about 0.023 per code (used); the batch-averaged Gaussian again has KL 0;
# dim 2: every code has KL 0.004 (unused), which summed over the batch of 4 is 0.016.
_NEAR_MEAN = torch.tensor([[0.2, 0.0, 0.0894], [-0.2, 0.0, 0.0894], [0.2, 0.0, 0.0894], [-0.2, 0.0, 0.0894]])
_NEAR_LOG_VAR = torch.tensor([[0.0, 0.3, 0.0], [0.0, -0.3, 0.0], [0.0, 0.3, 0.0], [0.0, -0.3, 0.0]])
# exactly at the threshold: dim 0 has KL 0.125 for every code (0.5 * 0.5**2), which is not *below* 0.125
_EDGE_MEAN = torch.tensor([[0.5, 0.0], [0.5, 0.0], [0.5, 0.0]])
_EDGE_LOG_VAR = torch.zeros(3, 2)

_Q5_CASES = [
    Case((_COLLAPSED_MEAN, _COLLAPSED_LOG_VAR, 0.01), about="three dimensions, one collapsed"),
    Case((_MEAN, _LOG_VAR, 0.01), about="two dimensions, both in use"),
    Case((_SMALL_MEAN, _SMALL_LOG_VAR, 0.01), about="one dimension used at a tiny scale, one collapsed"),
    Case((torch.zeros(4, 3), torch.zeros(4, 3), 0.01), about="everything collapsed"),
    Case((_NEAR_MEAN, _NEAR_LOG_VAR, 0.01), about="three dimensions near the threshold"),
    Case((_EDGE_MEAN, _EDGE_LOG_VAR, 0.125), about="a dimension whose average KL equals the threshold"),
]


def _check_q5(answer):
    for case in _Q5_CASES:
        got = call_learner(answer, *case.args)
        expect_sequence(got, _unused(*case.args), name=f"What your function returns{case.describe()}",
                        what="dimensions", order="increasing")


q5 = Question(
    "q5", "Which latent dimensions does the model still use?",
    "With a large beta, a VAE may stop using some latent dimensions: for every input the encoder returns "
    "the prior itself (mean 0, log_var 0) there, so that dimension carries nothing about the input and "
    "costs no KL. Write `unused_dimensions(mean, log_var, threshold)` that averages each dimension's KL "
    "over the batch and returns the list of the dimensions (as Python ints, in increasing order) whose "
    "average KL is below `threshold`.",
    check=_check_q5,
    hints=[
        "A dimension is unused when the codes' Gaussians there are the prior itself, for every input. So "
        "measure each code's KL in that dimension first, then average those numbers over the batch (not the "
        "means and log-variances: a dimension whose means spread around 0 carries information, even though "
        "their average is 0).",
        "Compute the KL per entry as in q2, but do not sum over the dimensions: `.mean(dim=0)` averages over "
        "the batch, one number per dimension (a sum over the batch would grow with the batch size). Keep the "
        "dimensions whose number is strictly below `threshold`, as a list of Python ints, smallest first.",
        "`kl_per_dimension = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=0)`; then "
        "`[d for d in range(len(kl_per_dimension)) if kl_per_dimension[d] < threshold]`.",
    ],
    starter='''def unused_dimensions(mean, log_var, threshold):
    kl_per_dimension = ____
    return [d for d in range(len(kl_per_dimension)) if ____]


q5.check(unused_dimensions)''',
    solution='''def unused_dimensions(mean, log_var, threshold):
    kl_per_dimension = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=0)
    return [d for d in range(len(kl_per_dimension)) if kl_per_dimension[d] < threshold]


q5.check(unused_dimensions)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q6: experiment: a sampler (Q20)

_Q6_N_DRAWS = 1000
_Q6_PRECISION = 0.85   # share of draws that land on the codes
_Q6_RECALL = 0.85      # share of held-out codes that some draw comes close to
_Q6_COPIES = 0.05      # share of draws that are exact copies of training codes, at most
_Q6_SEEDS = (11, 12)   # the check's code sets; the learner practises on autoencoder_like_codes() (seed 0)
_Q6_TIME = 10.0


def autoencoder_like_codes(n: int = 600, random_state: int = 0, *, n_held_out: int = 300):
    """2-D codes laid out the way a plain autoencoder leaves them: ``(train_codes, held_out_codes)``.

    Six short streaks at places and scales nobody chose (none near N(0, I)), with empty space
    between them. The held-out codes come from the same streaks: codes of digits the
    autoencoder was not trained on.
    """
    rng = np.random.default_rng(random_state)
    centres: list[np.ndarray] = []
    while len(centres) < 6:
        c = rng.uniform(-6.0, 6.0, 2)
        if all(np.linalg.norm(c - d) > 3.5 for d in centres):
            centres.append(c)
    where = np.array(centres) + rng.uniform(-5.0, 5.0, 2)
    angles = rng.uniform(0.0, np.pi, 6)
    directions = np.stack([np.cos(angles), np.sin(angles)], 1)
    lengths = rng.uniform(0.5, 1.5, 6)

    def draw(m):
        streak = rng.integers(0, 6, m)
        t = rng.uniform(-1.0, 1.0, m)
        return where[streak] + (t * lengths[streak])[:, None] * directions[streak] + 0.12 * rng.standard_normal((m, 2))

    return draw(n), draw(n_held_out)


def _nearest_distance(queries, pool):
    return np.sqrt(((queries[:, None, :] - pool[None, :, :]) ** 2).sum(-1)).min(axis=1)


def sampler_scores(draws, train_codes, held_out_codes) -> dict:
    """q6's measurements: ``{"on the codes", "codes reached", "copies"}`` (shares between 0 and 1).

    "Close" means within the distance that 95 % of held-out codes are from their nearest
    training code: a draw is *on the codes* when it is that close to some training code, a
    held-out code is *reached* when some draw is that close to it, and a *copy* is a draw
    exactly on a training code.
    """
    radius = np.quantile(_nearest_distance(held_out_codes, train_codes), 0.95)
    to_train = _nearest_distance(draws, train_codes)
    return {"on the codes": float((to_train <= radius).mean()),
            "codes reached": float((_nearest_distance(held_out_codes, draws) <= radius).mean()),
            "copies": float((to_train < 1e-9).mean())}


def _q6_check(answer):
    for seed in _Q6_SEEDS:
        train, held_out = autoencoder_like_codes(600, random_state=seed)
        about = f"a new set of 600 codes (layout {seed})"
        try:
            draws = call_learner(answer, train, _Q6_N_DRAWS, np.random.default_rng(seed), rng_untouched=True,
                                 time_limit=_Q6_TIME)
        except Incorrect as exc:
            if "still running" in str(exc) or "more than the" in str(exc):
                raise Incorrect(f"Your sampler took more than {_Q6_TIME:g} s for 1,000 codes. Fit whatever you "
                                "fit once, then draw all codes in one vectorised call, not in a Python loop.") from None
            raise
        draws = np.asarray(draws.detach().numpy() if hasattr(draws, "detach") else draws)
        if draws.dtype == object or draws.shape != (_Q6_N_DRAWS, 2):
            raise Incorrect(f"Your sampler should return an array of shape ({_Q6_N_DRAWS}, 2), one code per row; "
                            f"on {about} it returned shape {draws.shape}.")
        if not np.isfinite(draws.astype(np.float64)).all():
            raise Incorrect(f"Your sampler returned NaN or infinite codes on {about}.")
        scores = sampler_scores(draws.astype(np.float64), train, held_out)
        if scores["copies"] > _Q6_COPIES:
            raise Incorrect(f"On {about}, {scores['copies']:.0%} of your draws are exact copies of training codes. "
                            "They decode to the training images themselves: that is memorisation, not generation. "
                            "Draw *new* codes near the training codes.")
        if scores["on the codes"] < _Q6_PRECISION:
            raise Incorrect(f"On {about}, only {scores['on the codes']:.0%} of your draws land on the codes (the "
                            f"target is {_Q6_PRECISION:.0%}); the others fall where no code is, and the decoder was "
                            "never trained there. Look at a scatter plot of your draws over the codes.")
        if scores["codes reached"] < _Q6_RECALL:
            raise Incorrect(f"On {about}, your draws come near only {scores['codes reached']:.0%} of the held-out "
                            f"codes (the target is {_Q6_RECALL:.0%}): some streaks get no draws, so some kinds of "
                            "digit would never be generated.")
    return ("Your sampler follows the codes. A plain autoencoder needs this work after training, and a sampler "
            "fitted to its codes; a VAE's KL term puts the codes where N(0, I) is during training, so drawing "
            "from N(0, I) is its sampler.")


q6 = Question(
    "q6", "Experiment: a sampler for an unregularised latent space",
    f"""A plain autoencoder's codes sit wherever training left them: a few streaks, far from N(0, I), with
empty space between them that the decoder never saw. `autoencoder_like_codes()` gives such codes
(training codes and held-out codes). Write `sample_codes(train_codes, n, rng)` that returns `n` **new**
codes (an array of shape `(n, 2)`), drawing all randomness from `rng` (a `np.random.default_rng`
generator; leave the global random state alone). The check fits your sampler to two code sets you
have not seen and needs at least **{_Q6_PRECISION:.0%}** of {_Q6_N_DRAWS:,} draws to land on the
codes, at least **{_Q6_RECALL:.0%}** of the held-out codes to be reached by some draw, and at most
{_Q6_COPIES:.0%} exact copies of training codes (`sampler_scores` measures all three). Try N(0, I), a
Gaussian fitted to the codes and a sampler of your own, and measure each.""",
    check=_q6_check,
    hints=["Draw the codes and the training codes on one scatter plot. A single Gaussian, N(0, I) or fitted, "
           "spreads its draws over the empty space between the streaks; a sampler has to follow the streaks.",
           "Two samplers that follow the data: a Gaussian mixture with a component per streak or more "
           "(`sklearn.mixture.GaussianMixture(n_components=...)`, then `.sample(n)`), or pick random training "
           "codes (`train_codes[rng.integers(0, len(train_codes), n)]`) and move each by a little Gaussian "
           "noise, small compared with the width of a streak, so the draws are new codes, not copies.",
           "`picked = train_codes[rng.integers(0, len(train_codes), n)]` and "
           "`return picked + 0.1 * rng.standard_normal((n, 2))`."],
    starter="""import numpy as np
from latentedu.exercises.vaes import autoencoder_like_codes, sampler_scores

def sample_codes(train_codes, n, rng):
    return ____

train_codes, held_out_codes = autoencoder_like_codes()
rng = np.random.default_rng(0)
fitted = rng.multivariate_normal(train_codes.mean(0), np.cov(train_codes.T), 1000)
for name, draws in {"N(0, I)": rng.standard_normal((1000, 2)), "fitted Gaussian": fitted}.items():
    print(f"{name:16s}", sampler_scores(draws, train_codes, held_out_codes))

q6.check(sample_codes)""",
    solution="""import numpy as np
from latentedu.exercises.vaes import autoencoder_like_codes, sampler_scores

def sample_codes(train_codes, n, rng):
    picked = train_codes[rng.integers(0, len(train_codes), n)]   # follow the codes ...
    return picked + 0.1 * rng.standard_normal((n, 2))             # ... with new codes near them

train_codes, held_out_codes = autoencoder_like_codes()
rng = np.random.default_rng(0)
fitted = rng.multivariate_normal(train_codes.mean(0), np.cov(train_codes.T), 1000)
for name, draws in {"N(0, I)": rng.standard_normal((1000, 2)), "fitted Gaussian": fitted,
                    "yours": sample_codes(train_codes, 1000, rng)}.items():
    print(f"{name:16s}", sampler_scores(draws, train_codes, held_out_codes))

q6.check(sample_codes)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q7: predict, then verify (KL)

def kl_price_demo() -> dict:
    """q7's three encoders on the same 8 inputs (2-D codes): for each, the average KL per input and
    how much its means differ from one input to the next (their variance across the inputs,
    summed over the dimensions: 0 means the code says nothing about which input it was).

    A returns the prior itself for every input; B gives each input its own mean, with a small
    variance; C gives every input the same mean (1.5, 1.5) with variance 1.
    """
    g = torch.Generator().manual_seed(77)
    spread = torch.randn(8, 2, generator=g)
    encoders = {"A": (torch.zeros(8, 2), torch.zeros(8, 2)),
                "B": (spread, torch.full((8, 2), -4.0)),
                "C": (torch.full((8, 2), 1.5), torch.zeros(8, 2))}
    return {name: {"kl": float(_kl(mean, log_var).mean()), "information": float(mean.var(dim=0).sum())}
            for name, (mean, log_var) in encoders.items()}


_Q7_KEYS = ("largest KL", "KL without information")
_Q7_WHY = {
    "largest KL": "B pays the most: each of its codes is a narrow Gaussian away from 0, far from the prior, "
                  "and that is the price of telling the inputs apart.",
    "KL without information": "C pays KL for nothing: every input gets the same code, so the decoder learns "
                              "nothing about which input it was, yet each code sits away from the prior. "
                              "A pays nothing and says nothing; B pays and says a lot.",
}


def _q7_check(answer):
    if not isinstance(answer, dict):
        raise Incorrect(f"Your prediction should be a dict with the keys {', '.join(map(repr, _Q7_KEYS))}, "
                        f"but it is a {type(answer).__name__}.")
    if set(answer) != set(_Q7_KEYS):
        raise Incorrect(f"Your prediction should have exactly the keys {', '.join(map(repr, _Q7_KEYS))}; "
                        f"it has {sorted(map(str, answer))}.")
    picks = {}
    for key, pick in answer.items():
        letter = pick.strip().strip("()").upper() if isinstance(pick, str) else None
        if letter not in ("A", "B", "C"):
            raise Incorrect(f"For {key!r} predict \"A\", \"B\" or \"C\"; you wrote {pick!r}.")
        picks[key] = letter
    table = kl_price_demo()
    truth = {"largest KL": max(table, key=lambda e: table[e]["kl"]),
             "KL without information": next(e for e, row in table.items()
                                            if row["kl"] > 0.01 and row["information"] < 1e-9)}
    wrong = [f"Not {picks[key]} for {key!r}: {_Q7_WHY[key]}" for key in _Q7_KEYS if picks[key] != truth[key]]
    if wrong:
        raise Incorrect("The experiment disagrees. " + " ".join(wrong)
                        + " The KL term charges each code for its distance from the prior; information is how "
                          "much the codes differ between inputs.")
    return ("Your prediction matches the experiment. " + _Q7_WHY["largest KL"] + " " + _Q7_WHY["KL without information"]
            + " Training with the KL term removes C's kind of waste and pulls every code toward N(0, I), so the "
              "codes of all inputs together fill the prior: that is why drawing from N(0, I) gives codes the "
              "decoder knows.")


q7 = Question(
    "q7", "Predict, then verify: what does the KL term charge for?",
    """Three encoders see the same 8 inputs and give each a 2-D Gaussian code:

- **A** returns the prior itself, mean 0 and log-variance 0, for every input;
- **B** gives each input a mean of its own (spread like N(0, 1)), with a small variance (log-variance -4);
- **C** gives every input the same code: mean 1.5 in both dimensions, log-variance 0.

**Predict first**, as a dict: which encoder pays the `"largest KL"` (average over the inputs), and
which one pays a KL above zero while its codes carry **no** information about the input
(`"KL without information"`)? Then run the cell: it measures both and checks your prediction.""",
    check=_q7_check,
    hints=["The KL term compares each code's Gaussian with N(0, I), one input at a time. It does not look at "
           "how the codes of different inputs differ from each other.",
           "Work each out with q2's formula, `0.5 * (variance + mean² - 1 - log(variance))` per dimension: A gives 0. "
           "For information, ask: if you only saw the code, could you tell which input it came from?",
           "`{\"largest KL\": \"B\", \"KL without information\": \"C\"}`"],
    starter="""from latentedu.exercises.vaes import kl_price_demo

prediction = {"largest KL": ____, "KL without information": ____}    # "A", "B" or "C"

for name, row in kl_price_demo().items():   # the experiment
    print(f"encoder {name}: average KL {row['kl']:.3f}, variance of the means across inputs {row['information']:.3f}")
q7.check(prediction)""",
    solution="""from latentedu.exercises.vaes import kl_price_demo

prediction = {"largest KL": "B", "KL without information": "C"}    # "A", "B" or "C"

for name, row in kl_price_demo().items():   # the experiment
    print(f"encoder {name}: average KL {row['kl']:.3f}, variance of the means across inputs {row['information']:.3f}")
q7.check(prediction)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q8: the middle of a latent path (Q20)

def _frozen_net(sizes, seed: int) -> torch.nn.Sequential:
    """A small tanh network with fixed weights (no gradients): a stand-in encoder or decoder whose
    nonlinearity tells "mix the codes" apart from "mix the pixels" and "mix the pictures"."""
    with torch.random.fork_rng(devices=[]):  # building layers draws from the global generator: not ours to use
        torch.manual_seed(seed)
        layers = []
        for a, b in zip(sizes, sizes[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.Tanh()]
        net = torch.nn.Sequential(*layers[:-1], torch.nn.Sigmoid() if sizes[-1] > 3 else torch.nn.Tanh())
    for p in net.parameters():
        p.requires_grad_(False)
        p.mul_(3.0)  # steep enough that every shortcut lands visibly off
    return net


_Q8_ENCODER, _Q8_DECODER = _frozen_net((8, 6, 3), 81), _frozen_net((3, 6, 8), 82)
_Q8_FROM, _Q8_TO = torch.rand(5, 8, generator=_g), torch.rand(5, 8, generator=_g)


def _q8_encode(x):
    return _Q8_ENCODER(x) * 2.0  # codes in (-2, 2)


def _q8_decode(z):
    return _Q8_DECODER(z)


def _latent_midpoints(encode, decode, x_from, x_to, t):
    return decode((1 - t) * encode(x_from) + t * encode(x_to))


q8 = Question(
    "q8", "The middle of a latent path",
    "Section 8 of the lesson judges a latent space by what it decodes *between* two digits. Write "
    "`latent_mix(encode, decode, x_from, x_to, t)`: encode each row of `x_from` and the matching row of "
    "`x_to` (both `(batch, n_features)` torch tensors), take the point at fraction `t` of the straight line "
    "from the first code to the second (`t = 0` is the first code, `t = 1` the second, `t = 0.5` the "
    "midpoint), and return its decoding, a torch tensor of shape `(batch, n_features)`. `encode` and "
    "`decode` are functions from a batch of rows to a batch of rows.",
    check=function_check(_latent_midpoints, [
        Case((_q8_encode, _q8_decode, _Q8_FROM, _Q8_TO, 0.5), about="five pairs, the midpoint"),
        Case((_q8_encode, _q8_decode, _Q8_FROM, _Q8_TO, 0.25), about="five pairs, a quarter of the way"),
        Case((_q8_encode, _q8_decode, _Q8_FROM, _Q8_TO, 0.0), about="t = 0 (the reconstruction of x_from)"),
        Case((_q8_encode, _q8_decode, _Q8_FROM[:2], _Q8_TO[:2], 1.0), about="two pairs, t = 1"),
    ], rtol=1e-5),
    hints=[
        "Mix the *codes*, not the images: encode both ends first, mix, then decode once. Mixing the pixels "
        "(a cross-fade) or the two decoded pictures never asks the decoder about the space between the codes.",
        "`z_from, z_to = encode(x_from), encode(x_to)`; the point at fraction `t` is `(1 - t) * z_from + t * z_to` "
        "(at `t = 0` it must be `z_from`).",
        "`return decode((1 - t) * encode(x_from) + t * encode(x_to))`.",
    ],
    starter='''def latent_mix(encode, decode, x_from, x_to, t):
    z_from, z_to = encode(x_from), encode(x_to)
    z = ____
    return ____


q8.check(latent_mix)''',
    solution='''def latent_mix(encode, decode, x_from, x_to, t):
    z_from, z_to = encode(x_from), encode(x_to)
    z = (1 - t) * z_from + t * z_to
    return decode(z)


q8.check(latent_mix)''',
    chapter=CHAPTER,
)
