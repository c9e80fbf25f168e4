"""Chapter 07's questions: the reference answers and other right formulations pass, typical mistakes are caught."""

import numpy as np
import torch
from questions_helper import question_tests
from sklearn.mixture import GaussianMixture

from latentedu.exercises import vaes


def _bce(x_hat, x):
    return torch.nn.functional.binary_cross_entropy(x_hat, x, reduction="none").sum(dim=1)


def _kl(mean, log_var):
    return 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).sum(dim=1)


def _kl_per_dim(mean, log_var):
    return 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var)


# --------------------------------------------------------------------------- q3


def _sample_right(decoder, n, latent_dim, seed):
    g = torch.Generator().manual_seed(seed)
    return decoder(torch.randn(n, latent_dim, generator=g))


def _sample_normal(decoder, n, latent_dim, seed):
    g = torch.Generator()
    g.manual_seed(seed)
    z = torch.normal(torch.zeros(n, latent_dim), torch.ones(n, latent_dim), generator=g)
    return decoder.forward(z)


def _sample_numpy_codes(decoder, n, latent_dim, seed):
    z = np.random.default_rng(seed).standard_normal((n, latent_dim))
    return decoder(torch.as_tensor(z, dtype=torch.float32))


def _sample_global_seed(decoder, n, latent_dim, seed):  # reseeds the notebook's global generator
    torch.manual_seed(seed)
    return decoder(torch.randn(n, latent_dim))


# --------------------------------------------------------------------------- q4


def _loss_right(x, x_hat, mean, log_var, beta):
    return (_bce(x_hat, x) + beta * _kl(mean, log_var)).mean()


def _loss_by_hand(x, x_hat, mean, log_var, beta):
    bce = -(x * torch.log(x_hat) + (1 - x) * torch.log(1 - x_hat)).sum(dim=1)
    return bce.mean() + beta * _kl(mean, log_var).mean()


def _loss_sum_then_divide(x, x_hat, mean, log_var, beta):
    bce = torch.nn.functional.binary_cross_entropy(x_hat, x, reduction="sum")
    total = bce + beta * _kl_per_dim(mean, log_var).sum()
    return total / x.shape[0]


def _loss_no_grad(x, x_hat, mean, log_var, beta):
    with torch.no_grad():
        return _loss_right(x, x_hat, mean, log_var, beta)


def _loss_item(x, x_hat, mean, log_var, beta):
    return torch.tensor(_loss_right(x, x_hat, mean, log_var, beta).item())


def _loss_kl_detached(x, x_hat, mean, log_var, beta):  # the KL part cut off: no gradient reaches the encoder
    return (_bce(x_hat, x) + beta * _kl(mean.detach(), log_var.detach())).mean()


# --------------------------------------------------------------------------- q5


def _unused_right(mean, log_var, threshold):
    kl = _kl_per_dim(mean, log_var).mean(dim=0)
    return [d for d in range(len(kl)) if kl[d] < threshold]


def _unused_nonzero(mean, log_var, threshold):
    return torch.nonzero(_kl_per_dim(mean, log_var).mean(0) < threshold).flatten().tolist()


def _unused_numpy(mean, log_var, threshold):
    kl = _kl_per_dim(mean, log_var).numpy().mean(axis=0)
    return [int(d) for d in np.flatnonzero(kl < threshold)]


def _unused_sum_over_batch(mean, log_var, threshold):
    kl = _kl_per_dim(mean, log_var).sum(dim=0)
    return [d for d in range(len(kl)) if kl[d] < threshold]


def _unused_batch_averaged_gaussian(mean, log_var, threshold):  # KL of the Gaussian with the average mean/log_var
    kl = _kl_per_dim(mean.mean(0, keepdim=True), log_var.mean(0, keepdim=True))[0]
    return [d for d in range(len(kl)) if kl[d] < threshold]


def _unused_at_most(mean, log_var, threshold):
    kl = _kl_per_dim(mean, log_var).mean(dim=0)
    return [d for d in range(len(kl)) if kl[d] <= threshold]


def _unused_as_set(mean, log_var, threshold):
    return set(_unused_right(mean, log_var, threshold))


def _unused_as_tensor(mean, log_var, threshold):
    return torch.nonzero(_kl_per_dim(mean, log_var).mean(0) < threshold).flatten()


def _unused_as_numpy_ints(mean, log_var, threshold):
    return list(np.flatnonzero(_kl_per_dim(mean, log_var).mean(0).numpy() < threshold))


def _unused_descending(mean, log_var, threshold):
    return sorted(_unused_right(mean, log_var, threshold), reverse=True)


# --------------------------------------------------------------------------- q6


def _sampler_jitter(train, n, rng):
    return train[rng.integers(0, len(train), n)] + 0.1 * rng.standard_normal((n, 2))


def _sampler_mixture(train, n, rng):
    gm = GaussianMixture(n_components=8, random_state=int(rng.integers(1_000_000))).fit(train)
    draws, _ = gm.sample(n)
    return draws[rng.permutation(n)]


def _sampler_torch(train, n, rng):
    codes = torch.as_tensor(train, dtype=torch.float32)
    index = torch.as_tensor(rng.integers(0, len(train), n))
    noise = torch.as_tensor(rng.normal(0.0, 0.08, (n, 2)), dtype=torch.float32)
    return codes[index] + noise


def _sampler_prior(train, n, rng):
    return rng.standard_normal((n, 2))


def _sampler_fitted(train, n, rng):
    return rng.multivariate_normal(train.mean(0), np.cov(train.T), n)


def _sampler_copies(train, n, rng):
    return train[rng.integers(0, len(train), n)]


def _sampler_wide_jitter(train, n, rng):
    return train[rng.integers(0, len(train), n)] + 0.4 * rng.standard_normal((n, 2))


def _sampler_one_streak(train, n, rng):
    return train[:20][rng.integers(0, 20, n)] + 0.05 * rng.standard_normal((n, 2))


def _sampler_global(train, n, rng):  # ignores rng and uses the global generator
    return train[np.random.randint(0, len(train), n)] + 0.1 * np.random.standard_normal((n, 2))


# --------------------------------------------------------------------------- q8


def _mix_right(encode, decode, x_from, x_to, t):
    z_from, z_to = encode(x_from), encode(x_to)
    return decode((1 - t) * z_from + t * z_to)


def _mix_lerp(encode, decode, x_from, x_to, t):
    return decode(torch.lerp(encode(x_from), encode(x_to), t))


def _mix_step(encode, decode, x_from, x_to, t):  # start at one end and walk t of the way
    z_from = encode(x_from)
    return decode(z_from + t * (encode(x_to) - z_from))


def _mix_row_by_row(encode, decode, x_from, x_to, t):
    rows = [decode((1 - t) * encode(a[None]) + t * encode(b[None])) for a, b in zip(x_from, x_to)]
    return torch.cat(rows)


RIGHT = {
    "q1": [lambda: (lambda mean, log_var, eps: mean + torch.exp(0.5 * log_var) * eps),
           lambda: (lambda mean, log_var, eps: mean + torch.sqrt(torch.exp(log_var)) * eps),
           lambda: (lambda mean, log_var, eps: torch.addcmul(mean, torch.exp(log_var / 2), eps))],
    "q2": [lambda: _kl,
           lambda: (lambda mean, log_var: -0.5 * torch.sum(1 + log_var - mean.pow(2) - log_var.exp(), dim=1)),
           lambda: (lambda mean, log_var: 0.5 * (log_var.exp() + mean * mean - 1 - log_var).sum(-1))],
    "q3": [lambda: _sample_right, lambda: _sample_normal, lambda: _sample_numpy_codes],
    "q4": [lambda: _loss_right, lambda: _loss_by_hand, lambda: _loss_sum_then_divide],
    "q5": [lambda: _unused_right, lambda: _unused_nonzero, lambda: _unused_numpy],
    "q6": [lambda: _sampler_jitter, lambda: _sampler_mixture, lambda: _sampler_torch],
    "q7": [lambda: {"largest KL": "B", "KL without information": "C"},
           lambda: {"KL without information": "c", "largest KL": " (b) "}],
    "q8": [lambda: _mix_right, lambda: _mix_lerp, lambda: _mix_step, lambda: _mix_row_by_row],
}

WRONG = {
    "q1": [
        lambda: (lambda mean, log_var, eps: mean + torch.exp(log_var) * eps),          # variance, not std
        lambda: (lambda mean, log_var, eps: mean + log_var * eps),                     # log_var as the std
        lambda: (lambda mean, log_var, eps: mean + torch.sqrt(log_var.abs()) * eps),   # sqrt of the log
        lambda: (lambda mean, log_var, eps: mean),                                     # no noise at all
        (lambda: (lambda mean, log_var, eps: mean.detach() + torch.exp(0.5 * log_var) * eps), "gradient"),
        (lambda: (lambda mean, log_var, eps: mean + torch.exp(0.5 * log_var) * torch.randn_like(eps)), "eps = 0"),
        (lambda: (lambda mean, log_var, eps: torch.distributions.Normal(mean, (0.5 * log_var).exp()).rsample()),
         "eps = 0"),                                                                    # its own noise again
    ],
    "q2": [
        lambda: (lambda mean, log_var: (torch.exp(log_var) + mean**2 - 1 - log_var).sum(dim=1)),        # no 0.5
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=1)),  # mean
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(log_var) + mean**2 - 1 + log_var).sum(dim=1)),  # sign
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).sum()),       # one number
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(0.5 * log_var) + mean**2 - 1 - log_var).sum(dim=1)),  # std
        lambda: (lambda mean, log_var: _kl_per_dim(mean, log_var).sum(dim=0)),                          # over the batch
    ],
    "q3": [
        lambda: (lambda decoder, n, latent_dim, seed: decoder(
            torch.rand(n, latent_dim, generator=torch.Generator().manual_seed(seed)))),          # uniform codes
        lambda: (lambda decoder, n, latent_dim, seed: torch.randn(
            n, latent_dim, generator=torch.Generator().manual_seed(seed))),                       # not decoded
        lambda: (lambda decoder, n, latent_dim, seed: decoder(torch.randn(n, latent_dim))),      # seed ignored
        lambda: (lambda decoder, n, latent_dim, seed: decoder(2 * torch.randn(
            n, latent_dim, generator=torch.Generator().manual_seed(seed)))),                      # std 2
        (lambda: _sample_global_seed, "global"),                                                 # reseeds globally
        lambda: (lambda decoder, n, latent_dim, seed: decoder(torch.randn(
            n, latent_dim, generator=torch.Generator().manual_seed(0)))),                         # a fixed seed
    ],
    "q4": [
        lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) + _kl(mean, log_var)).mean()),  # beta ignored
        lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) / x.shape[1]
                                                        + beta * _kl(mean, log_var)).mean()),          # pixel mean
        lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) - beta * _kl(mean, log_var)).mean()),  # sign
        lambda: (lambda x, x_hat, mean, log_var, beta: (((x - x_hat) ** 2).sum(1)
                                                        + beta * _kl(mean, log_var)).mean()),          # squared error
        (lambda: _loss_no_grad, "cut off"),
        (lambda: _loss_item, "cut off"),
        (lambda: _loss_kl_detached, "gradient"),
        lambda: (lambda x, x_hat, mean, log_var, beta: _bce(x_hat, x) + beta * _kl(mean, log_var)),  # per row
    ],
    "q5": [
        lambda: (lambda mean, log_var, threshold: [d for d in range(mean.shape[1])
                                                   if mean[:, d].abs().mean() < threshold]),  # mean only
        lambda: (lambda mean, log_var, threshold: [d for d, k in enumerate(
            _kl(mean, log_var)) if k < threshold]),                                          # per row, not per dim
        lambda: (lambda mean, log_var, threshold: [d for d in range(mean.shape[1]) if
                                                   _kl_per_dim(mean, log_var).mean(dim=0)[d] >= threshold]),  # used
        (lambda: _unused_sum_over_batch, "near the threshold"),
        (lambda: _unused_batch_averaged_gaussian, "near the threshold"),
        (lambda: _unused_at_most, "equals the threshold"),
        (lambda: _unused_as_set, "set"),
        (lambda: _unused_as_tensor, "tensor"),
        (lambda: _unused_as_numpy_ints, "Python ints"),
        (lambda: _unused_descending, "wrong order"),
    ],
    "q6": [(lambda: _sampler_prior, "land on the codes"), (lambda: _sampler_fitted, "land on the codes"),
           (lambda: _sampler_copies, "copies"), (lambda: _sampler_wide_jitter, "land on the codes"),
           (lambda: _sampler_one_streak, "held-out"), (lambda: _sampler_global, "global"),
           (lambda: (lambda train, n, rng: _sampler_jitter(train, n, rng)[:, :1]), "shape")],
    "q7": [(lambda: {"largest KL": "C", "KL without information": "C"}, "Not C for 'largest KL'"),
           (lambda: {"largest KL": "B", "KL without information": "A"}, "Not A"),
           lambda: {"largest KL": "A", "KL without information": "B"}, lambda: "B",
           lambda: {"largest KL": "B"}, lambda: {"largest KL": "B", "KL without information": "D"}],
    "q8": [
        lambda: (lambda encode, decode, x_from, x_to, t: decode(encode((1 - t) * x_from + t * x_to))),  # pixel mix
        lambda: (lambda encode, decode, x_from, x_to, t: (1 - t) * decode(encode(x_from))
                 + t * decode(encode(x_to))),                                                # mixes the pictures
        lambda: (lambda encode, decode, x_from, x_to, t: (1 - t) * x_from + t * x_to),      # a cross-fade
        lambda: (lambda encode, decode, x_from, x_to, t: decode(t * encode(x_from)
                                                               + (1 - t) * encode(x_to))),  # t runs backwards
        lambda: (lambda encode, decode, x_from, x_to, t: decode((encode(x_from) + encode(x_to)) / 2)),  # t ignored
        lambda: (lambda encode, decode, x_from, x_to, t: decode(encode(x_from) + t * encode(x_to))),  # no (1 - t)
        lambda: (lambda encode, decode, x_from, x_to, t: (1 - t) * encode(x_from) + t * encode(x_to)),  # not decoded
    ],
}

test_right, test_wrong, test_covered = question_tests(vaes, RIGHT, WRONG)


def test_q5_near_threshold_case_separates_the_readings():
    args = (vaes._NEAR_MEAN, vaes._NEAR_LOG_VAR, 0.01)
    answers = {tuple(f(*args)) for f in (_unused_right, _unused_sum_over_batch, _unused_batch_averaged_gaussian)}
    assert len(answers) == 3


def test_q3_check_leaves_the_global_generator_alone():
    torch.manual_seed(5)
    before = torch.get_rng_state()
    vaes.q3.check(_sample_right)
    assert torch.equal(before, torch.get_rng_state())


def test_q6_sampler_scores_separate_the_samplers():
    train, held_out = vaes.autoencoder_like_codes(random_state=3)
    rng = np.random.default_rng(0)
    good = vaes.sampler_scores(_sampler_jitter(train, 1000, rng), train, held_out)
    prior = vaes.sampler_scores(_sampler_prior(train, 1000, rng), train, held_out)
    assert good["on the codes"] > 0.85 > 0.3 > prior["on the codes"]
    assert vaes.sampler_scores(train[:100], train, held_out)["copies"] == 1.0


def test_q6_a_slow_sampler_gets_a_helpful_message(monkeypatch):
    import time

    monkeypatch.setattr(vaes, "_Q6_TIME", 0.3)
    message = vaes.q6.check(lambda train, n, rng: time.sleep(3) or _sampler_jitter(train, n, rng)).message
    assert "took more than" in message and "vectorised" in message


def test_q8_cases_tell_the_shortcuts_apart():
    """The check's stand-in networks are nonlinear enough that mixing pixels or pictures lands far off."""
    args = (vaes._q8_encode, vaes._q8_decode, vaes._Q8_FROM, vaes._Q8_TO, 0.5)
    right = _mix_right(*args)
    pixel_mix = vaes._q8_decode(vaes._q8_encode((vaes._Q8_FROM + vaes._Q8_TO) / 2))
    picture_mix = (vaes._q8_decode(vaes._q8_encode(vaes._Q8_FROM)) + vaes._q8_decode(vaes._q8_encode(vaes._Q8_TO))) / 2
    assert (right - pixel_mix).abs().max() > 0.05 and (right - picture_mix).abs().max() > 0.05
    assert torch.allclose(_mix_right(*args[:4], 0.0), vaes._q8_decode(vaes._q8_encode(vaes._Q8_FROM)))
