"""Questions for ``exercises/07_vaes.ipynb``: the reparameterisation trick, the KL term, sampling, the loss.

Each check builds its own seeded data, so it never depends on the notebook's
state. The reference answers follow :mod:`latentedu.vae`.
"""

from __future__ import annotations

import numpy as np
import torch

from .engine import Case, Incorrect, Question, call_learner, expect_array, function_check

__all__ = ["q1", "q2", "q3", "q4", "q5"]

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
        Case((_MEAN, torch.zeros(6, 2), _EPS), about="unit variances"),
        Case((_MEAN, _LOG_VAR, _EPS), about="six codes in 2-D"),
        Case((_MEAN3, _LOG_VAR3, _EPS3), about="four codes in 3-D, large variances"),
    ], rtol=1e-5),
    hints=[
        "A draw from N(mean, std²) is the mean plus the standard deviation times a standard normal draw. "
        "Only `eps` is random, so the draw depends smoothly on `mean` and `log_var`.",
        "The standard deviation is the square root of the variance: `std = exp(log_var / 2)` "
        "(`torch.exp(0.5 * log_var)`), not `exp(log_var)`.",
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
    ], rtol=1e-5),
    hints=[
        "Work out the one-dimensional formula for every entry of `mean` and `log_var`, then add the "
        "dimensions of each row together (the dimensions are independent, so their KLs add).",
        "The variance is `torch.exp(log_var)`. Then `0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var)` "
        "has one entry per dimension; `.sum(dim=1)` adds them per row.",
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
    layer = torch.nn.Linear(2, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 0.0], [0.5, 2.0], [0.0, -1.0]]))
        layer.bias.copy_(torch.tensor([0.5, -1.0, 2.0]))
    return layer


def _check_sampler(fn) -> None:
    decoder = _decoder()
    n = 20_000
    with torch.no_grad():
        out = call_learner(fn, decoder, n, 2, 0)
        expect_array(out, torch.zeros(n, 3), name="The decoded samples", kind="torch", atol=np.inf)
        again = call_learner(fn, decoder, n, 2, 0)
        other = call_learner(fn, decoder, n, 2, 1)
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
        "is uniform on [0, 1)); then return `decoder(z)`.",
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
    ], rtol=1e-5),
    hints=[
        "Build both parts per row first, both of shape `(batch,)`: the reconstruction summed over the "
        "pixels, and the KL summed over the latent dimensions. Combine them, then average over the batch.",
        "`torch.nn.functional.binary_cross_entropy(x_hat, x, reduction='none').sum(dim=1)` is the "
        "reconstruction per row; add `beta * kl` (your q2 formula) and take `.mean()`.",
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

q5 = Question(
    "q5", "Which latent dimensions does the model still use?",
    "With a large beta, a VAE may stop using some latent dimensions: for every input the encoder returns "
    "the prior itself (mean 0, log_var 0) there, so that dimension carries nothing about the input and "
    "costs no KL. Write `unused_dimensions(mean, log_var, threshold)` that averages each dimension's KL "
    "over the batch and returns the list of the dimensions (as Python ints, in increasing order) whose "
    "average KL is below `threshold`.",
    check=function_check(_unused, [
        Case((_COLLAPSED_MEAN, _COLLAPSED_LOG_VAR, 0.01), about="three dimensions, one collapsed"),
        Case((_MEAN, _LOG_VAR, 0.01), about="two dimensions, both in use"),
        Case((_SMALL_MEAN, _SMALL_LOG_VAR, 0.01), about="one dimension used at a tiny scale, one collapsed"),
        Case((torch.zeros(4, 3), torch.zeros(4, 3), 0.01), about="everything collapsed"),
    ]),
    hints=[
        "Compute the KL per entry as in q2, but do not sum over the dimensions: average over the batch "
        "(dim 0) instead, to get one number per dimension.",
        "`kl = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=0)`; then "
        "`[d for d in range(len(kl)) if kl[d] < threshold]`.",
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
