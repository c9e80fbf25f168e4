"""Chapter 07's questions: the reference answers pass, typical mistakes are caught."""

import torch

from latentedu.exercises import vaes
from questions_helper import question_tests


def _bce(x_hat, x):
    return torch.nn.functional.binary_cross_entropy(x_hat, x, reduction="none").sum(dim=1)


def _kl(mean, log_var):
    return 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).sum(dim=1)


def _sample_right(decoder, n, latent_dim, seed):
    g = torch.Generator().manual_seed(seed)
    return decoder(torch.randn(n, latent_dim, generator=g))


def _unused_right(mean, log_var, threshold):
    kl = 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=0)
    return [d for d in range(len(kl)) if kl[d] < threshold]


RIGHT = {
    "q1": lambda: (lambda mean, log_var, eps: mean + torch.exp(0.5 * log_var) * eps),
    "q2": lambda: _kl,
    "q3": lambda: _sample_right,
    "q4": lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) + beta * _kl(mean, log_var)).mean()),
    "q5": lambda: _unused_right,
}

WRONG = {
    "q1": [
        lambda: (lambda mean, log_var, eps: mean + torch.exp(log_var) * eps),          # variance, not std
        lambda: (lambda mean, log_var, eps: mean + log_var * eps),                     # log_var as the std
        lambda: (lambda mean, log_var, eps: mean + torch.sqrt(log_var.abs()) * eps),   # sqrt of the log
        lambda: (lambda mean, log_var, eps: mean),                                     # no noise at all
    ],
    "q2": [
        lambda: (lambda mean, log_var: (torch.exp(log_var) + mean**2 - 1 - log_var).sum(dim=1)),        # no 0.5
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).mean(dim=1)),  # mean
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(log_var) + mean**2 - 1 + log_var).sum(dim=1)),  # sign
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var).sum()),       # one number
        lambda: (lambda mean, log_var: 0.5 * (torch.exp(0.5 * log_var) + mean**2 - 1 - log_var).sum(dim=1)),  # std
    ],
    "q3": [
        lambda: (lambda decoder, n, latent_dim, seed: decoder(
            torch.rand(n, latent_dim, generator=torch.Generator().manual_seed(seed)))),          # uniform codes
        lambda: (lambda decoder, n, latent_dim, seed: torch.randn(
            n, latent_dim, generator=torch.Generator().manual_seed(seed))),                       # not decoded
        lambda: (lambda decoder, n, latent_dim, seed: decoder(torch.randn(n, latent_dim))),      # seed ignored
        lambda: (lambda decoder, n, latent_dim, seed: decoder(2 * torch.randn(
            n, latent_dim, generator=torch.Generator().manual_seed(seed)))),                      # std 2
    ],
    "q4": [
        lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) + _kl(mean, log_var)).mean()),  # beta ignored
        lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) / x.shape[1]
                                                        + beta * _kl(mean, log_var)).mean()),          # pixel mean
        lambda: (lambda x, x_hat, mean, log_var, beta: (_bce(x_hat, x) - beta * _kl(mean, log_var)).mean()),  # sign
        lambda: (lambda x, x_hat, mean, log_var, beta: (((x - x_hat) ** 2).sum(1)
                                                        + beta * _kl(mean, log_var)).mean()),          # squared error
    ],
    "q5": [
        lambda: (lambda mean, log_var, threshold: [d for d in range(mean.shape[1])
                                                   if mean[:, d].abs().mean() < threshold]),  # mean only
        lambda: (lambda mean, log_var, threshold: [d for d, k in enumerate(
            _kl(mean, log_var)) if k < threshold]),                                          # per row, not per dim
        lambda: (lambda mean, log_var, threshold: [d for d in range(mean.shape[1]) if
                                                   (0.5 * (torch.exp(log_var) + mean**2 - 1 - log_var)
                                                    .mean(dim=0))[d] >= threshold]),           # the used ones
    ],
}

test_right, test_wrong, test_covered = question_tests(vaes, RIGHT, WRONG)
