"""Chapter 06's questions accept right answers written several ways and reject typical mistakes."""

import numpy as np
import torch
from scipy.spatial.distance import cdist

from latentedu.exercises import gans as module
from questions_helper import question_tests


def _distances(a, b):
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))


def _d_loss_torch(p_real, p_fake):  # torch's binary cross-entropy, one call per batch
    bce = torch.nn.functional.binary_cross_entropy
    real, fake = torch.tensor(p_real), torch.tensor(p_fake)
    return float(bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake)))


# --------------------------------------------------------------------------- q6


def _ring_right(z):
    k = torch.floor(8 * torch.special.ndtr(z[:, 0])).clamp(max=7)
    angle = 2 * torch.pi * k / 8
    return 2 * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1) + 0.02 * z[:, 2:4]


def _ring_atan2(z):  # the angle of (z0, z1) is uniform: round it to the nearest of 8 directions
    k = torch.round(torch.atan2(z[:, 1], z[:, 0]) / (torch.pi / 4)) % 8
    centre = 2 * torch.stack([torch.cos(k * torch.pi / 4), torch.sin(k * torch.pi / 4)], 1)
    return centre + 0.02 * z[:, 2:]


def _ring_erf(z):
    u = 0.5 * (1 + torch.erf(z[:, 1] / 2 ** 0.5))
    k = torch.clamp((u * 8).long(), 0, 7).float()
    return torch.stack([2 * torch.cos(np.pi / 4 * k) + 0.02 * z[:, 2],
                        2 * torch.sin(np.pi / 4 * k) + 0.02 * z[:, 3]], 1)


def _ring_centres_only(z):
    k = torch.floor(8 * torch.special.ndtr(z[:, 0])).clamp(max=7)
    return 2 * torch.stack([torch.cos(2 * torch.pi * k / 8), torch.sin(2 * torch.pi * k / 8)], 1)


def _ring_linspace(z):  # the 7-mode trap: linspace includes 2*pi, the same place as 0
    k = torch.floor(8 * torch.special.ndtr(z[:, 0])).clamp(max=7).long()
    angles = torch.linspace(0, 2 * torch.pi, 8)[k]
    return 2 * torch.stack([torch.cos(angles), torch.sin(angles)], 1) + 0.02 * z[:, 2:4]


def _ring_own_noise(z):  # draws its own randomness from the global generator
    k = torch.randint(0, 8, (len(z),))
    angle = 2 * torch.pi * k / 8
    return 2 * torch.stack([torch.cos(angle), torch.sin(angle)], 1) + 0.02 * torch.randn(len(z), 2)


def _ring_uneven(z):  # a mode index from a normal number, not a uniform one: middle modes crowd
    k = torch.clamp(torch.round(z[:, 0] * 1.5 + 3.5), 0, 7)
    angle = 2 * torch.pi * k / 8
    return 2 * torch.stack([torch.cos(angle), torch.sin(angle)], 1) + 0.02 * z[:, 2:4]


def _ring_wide(z):
    return _ring_centres_only(z) + 0.2 * z[:, 2:4]


def _ring_fixed_seed(z):  # its own fixed generator: ignores z
    g = torch.Generator().manual_seed(0)
    return _ring_right(torch.randn(z.shape, generator=g))


RIGHT = {
    "q1": [lambda: (lambda pr, pf: -np.mean(np.log(pr)) - np.mean(np.log(1 - pf))),
           lambda: (lambda pr, pf: -(np.log(pr).sum() / len(pr) + np.log1p(-pf).sum() / len(pf))),
           lambda: _d_loss_torch],
    "q2": [lambda: (lambda pf: -np.mean(np.log(pf))),
           lambda: (lambda pf: float(np.mean(-np.log(pf)))),
           lambda: (lambda pf: -np.log(pf).sum() / pf.size)],
    "q3": [lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)[_distances(s, c).min(1) <= 3 * std]))),
           lambda: (lambda s, c, std: len({int(i) for i, d in zip(cdist(s, c).argmin(1), cdist(s, c).min(1))
                                           if d <= 3 * std})),
           lambda: (lambda s, c, std: int(np.bincount(cdist(s, c).argmin(1)[cdist(s, c).min(1) <= 3 * std],
                                                      minlength=len(c)).astype(bool).sum()))],
    "q4": [lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum() + ((np.sqrt(v1) - np.sqrt(v2)) ** 2).sum())),
           lambda: (lambda m1, v1, m2, v2: np.sum((m1 - m2) ** 2) + np.sum(v1 + v2 - 2 * np.sqrt(v1 * v2))),
           lambda: (lambda m1, v1, m2, v2: float(np.linalg.norm(m1 - m2) ** 2 + np.trace(
               np.diag(v1) + np.diag(v2) - 2 * np.diag(np.sqrt(v1 * v2)))))],
    "q5": [lambda: (lambda s, t, thr: float((_distances(s, t).min(1) <= thr).mean())),
           lambda: (lambda s, t, thr: float(np.mean(cdist(s, t).min(axis=1) <= thr))),
           lambda: (lambda s, t, thr: sum(np.linalg.norm(t - x, axis=1).min() <= thr for x in s) / len(s))],
    "q6": [lambda: _ring_right, lambda: _ring_atan2, lambda: _ring_erf],
    "q7": [lambda: {"modes covered": 8, "high quality vs real": "higher"},
           lambda: {"high quality vs real": " Higher ", "modes covered": np.int64(8)},
           lambda: {"modes covered": 8.0, "high quality vs real": "higher"}],
    "q8": [lambda: 250, lambda: 220, lambda: 280.0],
    "q9": [lambda: (lambda s, c, std: np.bincount(cdist(s, c).argmin(1)[cdist(s, c).min(1) <= 3 * std],
                                                  minlength=len(c))),
           lambda: (lambda s, c, std: np.array([int(((cdist(s, c).argmin(1) == j) & (cdist(s, c).min(1) <= 3 * std))
                                                     .sum()) for j in range(len(c))])),
           lambda: (lambda s, c, std: (np.eye(len(c), dtype=int)[_distances(s, c).argmin(1)]
                                       * (_distances(s, c).min(1, keepdims=True) <= 3 * std)).sum(0)),
           lambda: (lambda s, c, std: torch.bincount(torch.cdist(torch.tensor(s), torch.tensor(c)).argmin(1)[
               torch.cdist(torch.tensor(s), torch.tensor(c)).min(1).values <= 3 * std], minlength=len(c)).numpy())],
}

WRONG = {
    "q1": [
        lambda: (lambda pr, pf: np.mean(np.log(pr)) + np.mean(np.log(1 - pf))),     # sign flipped
        lambda: (lambda pr, pf: -np.mean(np.log(pr)) - np.mean(np.log(pf))),         # log D(fake), not log(1 - D)
        lambda: (lambda pr, pf: -np.mean(np.log(pr))),                               # forgot the fakes
        lambda: (lambda pr, pf: -np.mean(np.log(np.concatenate([pr, 1 - pf])))),     # one pooled mean
        lambda: (lambda pr, pf: -np.sum(np.log(pr)) - np.sum(np.log(1 - pf))),       # sums, not means
    ],
    "q2": [
        lambda: (lambda pf: np.mean(np.log(1 - pf))),                                # the minimax (saturating) loss
        lambda: (lambda pf: np.mean(np.log(pf))),                                    # sign flipped
        lambda: (lambda pf: -np.sum(np.log(pf))),                                    # sum, not mean
        lambda: (lambda pf: -np.mean(np.log(1 - pf))),                               # D's term for fakes
        lambda: (lambda pf: -np.log(np.mean(pf))),                                   # log of the mean
    ],
    "q3": [
        lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)))),      # no quality threshold
        lambda: (lambda s, c, std: int((_distances(s, c) <= 3 * std).any(0).sum())),  # any centre, not the nearest
        lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)[_distances(s, c).min(1) <= std]))),  # 1 std
        lambda: (lambda s, c, std: int((_distances(s, c).min(1) <= 3 * std).sum())),  # counts samples, not modes
        (lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)[_distances(s, c).min(1) < 3 * std]))),
         "exactly 3 std"),                                                             # strictly within
    ],
    "q4": [
        lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum() + (v1 + v2).sum())),        # no cross term
        lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum() + ((v1 - v2) ** 2).sum())),  # variances as std
        lambda: (lambda m1, v1, m2, v2: float(np.abs(m1 - m2).sum() + ((np.sqrt(v1) - np.sqrt(v2)) ** 2).sum())),
        lambda: (lambda m1, v1, m2, v2: float(np.sqrt(((m1 - m2) ** 2).sum())
                                              + ((np.sqrt(v1) - np.sqrt(v2)) ** 2).sum())),    # a distance, not squared
        lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum())),                         # means only
    ],
    "q5": [
        lambda: (lambda s, t, thr: float((_distances(s, t).mean(1) <= thr).mean())),   # mean, not nearest
        lambda: (lambda s, t, thr: float((_distances(s, t).min(1) > thr).mean())),     # the other side
        lambda: (lambda s, t, thr: int((_distances(s, t).min(1) <= thr).sum())),       # a count, not a share
        lambda: (lambda s, t, thr: float((_distances(s, t) <= thr).mean())),           # share of all pairs
        lambda: (lambda s, t, thr: float((((s[:, None] - t[None]) ** 2).sum(-1).min(1) <= thr).mean())),  # squared
        (lambda: (lambda s, t, thr: float((_distances(s, t).min(1) < thr).mean())), "exactly at the threshold"),
    ],
    "q6": [(lambda: _ring_centres_only, "single point"), (lambda: _ring_linspace, "7"),
           (lambda: _ring_own_noise, "global"), (lambda: _ring_uneven, "unevenly"),
           (lambda: _ring_wide, "within 3 std"), (lambda: _ring_fixed_seed, "ignores"),
           (lambda: (lambda z: _ring_right(z).numpy()), "torch tensor")],
    "q7": [(lambda: {"modes covered": 0, "high quality vs real": "lower"}, "covers 8 modes"),
           (lambda: {"modes covered": 8, "high quality vs real": "lower"}, "higher than"),
           (lambda: {"modes covered": 8, "high quality vs real": "same"}, "higher than"),
           lambda: {"modes covered": 1, "high quality vs real": "higher"}, lambda: "8",
           lambda: {"modes covered": "eight", "high quality vs real": "higher"}],
    "q8": [(lambda: 50, "Too few"), (lambda: 150, "Too few"), (lambda: 1000, "half as many"),
           (lambda: 2500, "half as many"), lambda: "250", lambda: 250.5],
    "q9": [
        lambda: (lambda s, c, std: np.bincount(cdist(s, c).argmin(1), minlength=len(c))),   # every sample, good or not
        lambda: (lambda s, c, std: np.bincount(cdist(s, c).argmin(1)[cdist(s, c).min(1) <= 3 * std])),  # no minlength
        lambda: (lambda s, c, std: (cdist(s, c) <= 3 * std).sum(0)),                  # near any centre, not the nearest
        lambda: (lambda s, c, std: np.bincount(cdist(s, c).argmin(1)[cdist(s, c).min(1) <= std],
                                               minlength=len(c))),                     # 1 std
        lambda: (lambda s, c, std: np.bincount(cdist(s, c).argmin(1)[cdist(s, c).min(1) <= 3 * std],
                                               minlength=len(c)) / len(s)),            # shares, not counts
        (lambda: (lambda s, c, std: np.bincount(cdist(s, c).argmin(1)[cdist(s, c).min(1) < 3 * std],
                                                minlength=len(c))), "exactly 3 std"),  # strictly within
    ],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_ring_report_on_real_data():
    report = module.ring_report(module._real_ring(2500, 3))
    assert report["modes covered"] == 8 and report["high quality"] > 0.97
    assert 0.017 < report["spread"] < 0.021


def test_q8_reliability_grows_with_the_number_of_samples():
    assert module.meter_reliability(25, 200, 1) < module.meter_reliability(100, 200, 1) < \
        module.meter_reliability(400, 200, 1)
