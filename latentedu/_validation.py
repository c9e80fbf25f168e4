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
    "as_tensor",
    "check_choice",
    "check_index",
    "check_int",
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
