"""Bundled digits and generated toy sets: shapes, ranges, seeds, and the 8-mode ring."""

import numpy as np
import pytest
import torch

from latentedu import data


def test_digits_split_is_fixed_stratified_and_scaled():
    a, b = data.load_digits(), data.load_digits()
    assert a.x_train.shape == (1347, 64) and a.x_test.shape == (450, 64)
    assert a.x_train.dtype == torch.float32 and a.y_train.dtype == torch.int64
    assert float(a.x_train.min()) == 0.0 and float(a.x_train.max()) == 1.0
    assert torch.equal(a.x_test, b.x_test)
    test_counts = torch.bincount(a.y_test, minlength=10).float()
    all_counts = test_counts + torch.bincount(a.y_train, minlength=10)
    assert (test_counts - 0.25 * all_counts).abs().max() <= 1  # stratified: a quarter of each digit
    other = data.load_digits(random_state=1)
    assert not torch.equal(a.x_test, other.x_test)


@pytest.mark.parametrize("name", sorted(data.TOY_SETS))
def test_toy_sets_are_seeded_tensors(name):
    x1, y1 = data.make_toy(name, n_samples=200, random_state=3)
    x2, y2 = data.make_toy(name, n_samples=200, random_state=3)
    x3, _ = data.make_toy(name, n_samples=200, random_state=4)
    assert x1.shape == (200, 2) and x1.dtype == torch.float32 and y1.dtype == torch.int64
    assert torch.equal(x1, x2) and torch.equal(y1, y2) and not torch.equal(x1, x3)
    assert len(torch.unique(y1)) >= 2


def test_ring_has_eight_distinct_modes_not_seven():
    centers = data.ring_centers(8).numpy()
    distances = np.linalg.norm(centers[:, None] - centers[None], axis=-1)
    np.fill_diagonal(distances, np.inf)
    assert distances.min() > 1.0  # no two centres coincide
    assert np.allclose(np.linalg.norm(centers, axis=1), 2.0)
    x, y = data.make_ring(2500, random_state=0)
    assert len(torch.unique(y)) == 8
    assert torch.allclose(x.mean(0), torch.zeros(2), atol=0.1)


def test_grid_has_25_modes_centred():
    centers = data.grid_centers(5)
    assert centers.shape == (25, 2) and torch.allclose(centers.mean(0), torch.zeros(2))
    x, y = data.make_grid(2500, random_state=0)
    assert len(torch.unique(y)) == 25


def test_spirals_support_three_classes():
    _, y = data.make_spirals(300, n_classes=3, random_state=0)
    assert torch.bincount(y).tolist() == [100, 100, 100]


@pytest.mark.parametrize("call,message", [
    (lambda: data.make_moons(n_samples=0), "n_samples"),
    (lambda: data.make_moons(noise=-1), "noise"),
    (lambda: data.make_circles(factor=1.5), "factor"),
    (lambda: data.make_toy("swirl"), "one of"),
    (lambda: data.load_digits(test_size=1.5), "test_size"),
    (lambda: data.make_spirals(n_classes=1), "n_classes"),
    (lambda: data.make_ring(std=-1), r"^std must be in \[0.0, inf\], got -1.0"),
    (lambda: data.make_grid(std=-0.5), r"^std must be"),
    (lambda: data.make_xor(random_state=-1), r"^random_state must be a whole number >= 0"),
    (lambda: data.make_moons(random_state="0"), r"^random_state must be None, a whole number"),
    (lambda: data.load_digits(random_state=1.5), r"^random_state must be None"),
    (lambda: data.make_sensor_signal(random_state=-3), r"^random_state must be"),
    (lambda: data.make_sensor_signal(100), "num_steps"),
    (lambda: data.sliding_windows(np.zeros(100), is_fault=np.zeros(99)),
     r"signal and is_fault must have the same length \(one row per sample\), got 100 and 99"),
])
def test_bad_arguments_get_clear_errors(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


@pytest.mark.parametrize("name", sorted(data.TOY_SETS))
def test_toy_sets_take_a_numpy_generator(name):
    x1, _ = data.make_toy(name, n_samples=50, random_state=np.random.default_rng(5))
    x2, _ = data.make_toy(name, n_samples=50, random_state=np.random.default_rng(5))
    x3, _ = data.make_toy(name, n_samples=50, random_state=np.random.default_rng(6))
    assert torch.equal(x1, x2) and not torch.equal(x1, x3)


def test_sensor_signal_and_windows():
    signal, is_fault = data.make_sensor_signal(2000, n_faults=6, random_state=0)
    assert signal.shape == is_fault.shape == (2000,)
    assert is_fault[:400].sum() == 0 and is_fault.sum() > 0
    again, _ = data.make_sensor_signal(num_steps=2000, n_faults=6, random_state=0)
    np.testing.assert_array_equal(signal, again)
    windows, bad = data.sliding_windows(signal, width=50, step=10, is_fault=is_fault)
    assert windows.shape == (196, 50) and bad.dtype == bool and bad.any()
    np.testing.assert_array_equal(windows[3], signal[30:80])
    np.testing.assert_array_equal(bad, [is_fault[i * 10: i * 10 + 50].any() for i in range(196)])
    with pytest.raises(ValueError, match="width must be between"):
        data.sliding_windows(signal, width=1)
