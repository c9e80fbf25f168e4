import numpy as np
import pytest
import torch

from latentedu._validation import as_array, as_tensor, check_choice, check_index, check_int, check_number


def test_as_array_accepts_tensors_lists_and_arrays():
    assert as_array(torch.ones(2, 3)).shape == (2, 3)
    assert as_array([[1, 2]], ndim=2, n_features=2).dtype == np.float64


@pytest.mark.parametrize("value,kwargs,message", [
    (np.ones(3), {"ndim": 2}, "Reshape your data"),
    (np.ones((2, 3, 4)), {"ndim": 2}, "Flatten"),
    (np.ones((2, 3)), {"n_features": 4}, "3 features per sample, but 4"),
    (np.array([1.0, np.nan]), {}, "NaN"),
    ("abc", {}, "array or a tensor"),
    ([[1, 2], [3]], {}, "numbers only"),
])
def test_as_array_messages(value, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        as_array(value, **kwargs)


def test_as_tensor_keeps_float32_and_checks_nan():
    assert as_tensor(np.ones((2, 2))).dtype == torch.float32
    with pytest.raises(ValueError, match="NaN"):
        as_tensor(torch.tensor([1.0, float("nan")]))
    with pytest.raises(ValueError, match="features"):
        as_tensor(torch.ones(3, 5), n_features=4)
    assert as_tensor(torch.ones(4), n_features=4).shape == (4,)  # one sample, 1-D
    with pytest.raises(ValueError, match="Reshape"):
        as_tensor(torch.ones(4), ndim=2)


def test_scalar_checks():
    assert check_number(0.5, "lr", low=0, low_inclusive=False) == 0.5
    with pytest.raises(ValueError, match=r"lr must be in \(0"):
        check_number(0, "lr", low=0, low_inclusive=False)
    with pytest.raises(TypeError, match="number"):
        check_number("0.1", "lr")
    with pytest.raises(ValueError, match="finite"):
        check_number(float("nan"), "lr")
    assert check_int(3, "k", low=1) == 3
    with pytest.raises(TypeError, match="whole number"):
        check_int(2.5, "k")
    assert check_index(-1, 5) == 4
    with pytest.raises(ValueError, match="use 0 to 4"):
        check_index(5, 5)
    with pytest.raises(ValueError, match="one of"):
        check_choice("x", "method", ["pca", "tsne"])
