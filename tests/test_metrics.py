"""The sample-quality meter: closed forms, and what each figure catches on reference sets."""

import numpy as np
import pytest

from latentedu import metrics
from latentedu.data import load_digits

DIGITS = load_digits()
TRAIN, TEST = DIGITS.x_train.numpy(), DIGITS.x_test.numpy()


def test_frechet_distance_matches_the_one_dimensional_closed_form():
    # For N(m1, s1^2) and N(m2, s2^2) the distance is (m1 - m2)^2 + (s1 - s2)^2.
    got = metrics.frechet_distance([1.0], [[4.0]], [3.0], [[1.0]])
    assert got == pytest.approx((1 - 3) ** 2 + (2 - 1) ** 2, abs=1e-5)


def test_frechet_distance_of_commuting_covariances():
    c1, c2 = np.diag([1.0, 4.0, 9.0]), np.diag([4.0, 4.0, 1.0])
    expected = 1.0 + ((1 - 2) ** 2 + (2 - 2) ** 2 + (3 - 1) ** 2)
    assert metrics.frechet_distance([0, 0, 1.0], c1, [0, 0, 0.0], c2) == pytest.approx(expected, abs=1e-5)
    assert metrics.frechet_distance([0, 0, 0.0], c1, [0, 0, 0.0], c1) == pytest.approx(0.0, abs=1e-5)


def test_the_classifier_behind_the_figures_is_accurate():
    probabilities = metrics.class_probabilities(TEST)
    assert (probabilities.argmax(1) == DIGITS.y_test.numpy()).mean() > 0.93
    assert np.allclose(probabilities.sum(1), 1.0)


def test_reference_sets_rank_as_they_should():
    rng = np.random.default_rng(0)
    real = metrics.quality_report(TRAIN[:450])
    noise = metrics.quality_report(rng.uniform(0, 1, (450, 64)))
    half = metrics.quality_report(TRAIN[DIGITS.y_train.numpy() < 5][:450])
    single = metrics.quality_report(np.repeat(TRAIN[:1], 450, axis=0))
    assert real["fid"] < half["fid"] < noise["fid"] and real["fid"] < single["fid"]
    assert real["inception_score"] > 8 > half["inception_score"] > single["inception_score"] - 1e-9
    assert single["inception_score"] == pytest.approx(1.0, abs=1e-3)
    assert real["recall"] > 0.8 > half["recall"] and single["recall"] < 0.05
    assert real["precision"] > 0.8 > noise["precision"]


def test_memorisation_flags_copies_but_not_new_digits():
    assert metrics.memorised_fraction(TRAIN[:200], TRAIN, TEST) == 1.0
    assert metrics.memorised_fraction(TEST, TRAIN, TEST) <= 0.02
    noisy_copies = np.clip(TRAIN[:200] + 0.01, 0, 1)
    assert metrics.memorised_fraction(noisy_copies, TRAIN, TEST) > 0.9


@pytest.mark.parametrize("call,message", [
    (lambda: metrics.quality_report(np.ones((5, 64))), "at least 10"),
    (lambda: metrics.quality_report(np.ones((50, 32))), "64 were expected"),
    (lambda: metrics.quality_report(np.full((50, 64), np.nan)), "NaN"),
    (lambda: metrics.frechet_distance([0, 0], np.eye(2), [0], np.eye(1)), "must match"),
    (lambda: metrics.precision_recall(TEST, TEST, k=0), "k must be"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
