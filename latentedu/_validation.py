"""Shared input checks, and the errors they raise.

Every message says what was expected, what arrived, and how to fix it, in the
manner of scikit-learn's ``check_array``. Library functions call these at
their boundary so a learner's mistake is reported in the learner's terms, not
as a traceback from deep inside numpy or torch.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "NotFittedError",
    "as_array",
    "as_flags",
    "as_labels",
    "as_tensor",
    "check_axes",
    "check_pair",
    "check_choice",
    "check_index",
    "check_int",
    "check_int_list",
    "check_number",
    "check_random_state",
    "check_same_length",
]


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit`` (same bases as scikit-learn's)."""


def _describe(x) -> str:
    shape = getattr(x, "shape", None)
    kind = type(x).__module__.split(".")[0] + "." + type(x).__name__
    if kind.startswith("builtins."):
        kind = type(x).__name__
    return f"{kind} of shape {tuple(shape)}" if shape is not None else kind


def _check_shape(shape: tuple, name: str, ndim: int | None, n_features: int | None, described: str) -> None:
    if ndim is not None and len(shape) != ndim:
        hint = ""
        if ndim == 2 and len(shape) == 1:
            hint = (" Reshape your data with x.reshape(-1, 1) if it has a single feature,"
                    " or x.reshape(1, -1) if it is a single sample.")
        elif ndim == 2 and len(shape) > 2:
            hint = " Flatten each sample first, e.g. x.reshape(len(x), -1)."
        raise ValueError(f"Expected {name} with {ndim} dimensions, got {described} instead.{hint}")
    if n_features is not None and (not shape or shape[-1] != n_features):
        raise ValueError(
            f"{name} has {shape[-1] if shape else 0} features per sample, but {n_features} "
            f"were expected (got {described}). Use data with the same columns as in fit."
        )


def as_array(x, name: str = "X", *, ndim: int | None = None, n_features: int | None = None,
             allow_nan: bool = False, dtype=np.float64) -> np.ndarray:
    """Convert array-like or tensor ``x`` to a numpy array and check it.

    ``ndim`` fixes the number of dimensions; ``n_features`` fixes the size of
    the last axis. NaN and infinity are refused unless ``allow_nan``.
    """
    if x is None or isinstance(x, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array or a tensor of numbers, got {_describe(x)}.")
    if hasattr(x, "detach"):  # a torch tensor, possibly on a GPU or needing grad
        x = x.detach().cpu().numpy()
    try:
        arr = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must hold numbers only; converting it to an array failed ({exc}). "
            "Check for strings, None or rows of different lengths."
        ) from None
    _check_shape(arr.shape, name, ndim, n_features, _describe(arr))
    if not allow_nan and np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
        n_bad = int((~np.isfinite(arr)).sum())
        raise ValueError(
            f"{name} contains {n_bad} NaN or infinite value(s). Remove or impute them first, "
            "e.g. x[np.isfinite(x).all(axis=1)]."
        )
    return arr


def as_tensor(x, name: str = "x", *, ndim: int | None = None, n_features: int | None = None,
              allow_nan: bool = False):
    """Like :func:`as_array` but returns a float32 torch tensor (no copy when possible)."""
    import torch

    if isinstance(x, torch.Tensor):
        tensor = x.detach().to(torch.float32)
        _check_shape(tuple(tensor.shape), name, ndim, n_features, _describe(x))
        if not allow_nan and not torch.isfinite(tensor).all():
            n_bad = int((~torch.isfinite(tensor)).sum())
            raise ValueError(f"{name} contains {n_bad} NaN or infinite value(s). Remove or impute them first.")
        return tensor
    arr = as_array(x, name, ndim=ndim, n_features=n_features, allow_nan=allow_nan, dtype=np.float32)
    return torch.from_numpy(np.ascontiguousarray(arr))


def as_flags(x, name: str = "is_anomaly") -> np.ndarray:
    """Check one yes/no flag per sample (booleans, or the numbers 0 and 1) and return them as booleans.

    Class labels are refused rather than read as "all true": ``astype(bool)``
    would turn the labels 1 and 2 into two kinds of anomaly.
    """
    arr = as_array(x, name, ndim=1, dtype=None)
    if len(arr) == 0:
        raise ValueError(f"{name} is empty: give one flag per sample.")
    if arr.dtype != bool and (arr.dtype.kind not in "iuf" or not np.isin(arr, (0, 1)).all()):
        seen = ", ".join(map(str, np.unique(arr)[:5].tolist()))
        raise ValueError(f"{name} must hold booleans or 0/1 flags (1 = anomaly), got the values {seen}. "
                         f"To flag one class of labels y, pass {name}=(y == that_class).")
    return arr.astype(bool)


def as_labels(x, name: str = "labels") -> np.ndarray:
    """Check integer class labels, one per sample (whole numbers, as a list, array or tensor); return int64."""
    arr = as_array(x, name, ndim=1, dtype=None)
    if arr.dtype.kind not in "biu" and (arr.dtype.kind != "f" or not np.equal(np.mod(arr, 1), 0).all()):
        seen = ", ".join(map(str, np.unique(arr)[:5].tolist()))
        raise ValueError(f"{name} must be whole-number class labels such as 0, 1, 2, got the values {seen}.")
    return arr.astype(np.int64)


def check_axes(ax, name: str = "ax"):
    """Check ``ax`` is a matplotlib Axes (what every ``plot_*`` function draws on) and return it."""
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes, got {_describe(ax)}. "
                        "Make one with fig, ax = plt.subplots() and pass ax.")
    return ax


def check_pair(value, name: str) -> tuple[float, float]:
    """Check two finite numbers (a point of the plane, a range, a box corner) and return them as floats."""
    arr = as_array(value, name, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be two numbers such as (-3.0, 3.0), got {arr.shape[0]}.")
    return float(arr[0]), float(arr[1])


def check_number(value, name: str, *, low: float | None = None, high: float | None = None,
                 low_inclusive: bool = True, high_inclusive: bool = True) -> float:
    """Check a real number lies in a range and return it as ``float``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {_describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}.")
    too_low = low is not None and (value < low or (value == low and not low_inclusive))
    too_high = high is not None and (value > high or (value == high and not high_inclusive))
    if too_low or too_high:
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        span = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
        raise ValueError(f"{name} must be in {span}, got {value}.")
    return value


def check_int(value, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Check an integer lies in ``[low, high]`` and return it as ``int``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_describe(value)}.")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be between {low} and {high}, got {value}.")
    return value


def check_int_list(values, name: str, *, low: int | None = None, example: str = "(1, 2, 3)") -> list[int]:
    """Check a non-empty sequence of whole numbers, each at least ``low``, and return it as a list."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a sequence of whole numbers such as {example}, got {_describe(values)}.")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: give at least one value, such as {example}.")
    return [check_int(v, f"each value of {name}", low=low) for v in values]


def check_index(index, n: int, name: str = "index") -> int:
    """Check ``index`` points into a collection of ``n`` items."""
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_describe(index)}.")
    if not -n <= int(index) < n:
        raise ValueError(f"{name}={index} is out of range: there are {n} items, so use 0 to {n - 1}.")
    return int(index) % n


def check_choice(value, name: str, choices) -> str:
    """Check ``value`` is one of ``choices``."""
    choices = list(choices)
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}.")
    return value


def check_same_length(**arrays) -> int:
    """Check the named arrays hold the same number of samples and return that number.

    ``check_same_length(x=x, labels=labels)`` raises ``ValueError: x and labels
    must have the same length (one row per sample), got 100 and 99.``
    """
    lengths = {name: len(value) for name, value in arrays.items()}
    if len(set(lengths.values())) > 1:
        names = list(lengths)
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        got = ", ".join(str(n) for n in list(lengths.values())[:-1]) + f" and {list(lengths.values())[-1]}"
        raise ValueError(f"{joined} must have the same length (one row per sample), got {got}.")
    return next(iter(lengths.values()), 0)


def check_random_state(random_state, name: str = "random_state"):
    """Check a seed: ``None``, a whole number >= 0, or a ``numpy.random.Generator``; return it."""
    if random_state is None or isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise TypeError(f"{name} must be None, a whole number or a numpy.random.Generator, "
                        f"got {_describe(random_state)}. Use e.g. {name}=0.")
    if random_state < 0:
        raise ValueError(f"{name} must be a whole number >= 0, got {random_state}.")
    return int(random_state)
