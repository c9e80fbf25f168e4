"""Comparing an answer with the expected one, and writing the message when they differ.

:func:`expect_number`, :func:`expect_array`, :func:`expect_sequence` and
:func:`expect_gradients` raise :class:`.Incorrect` with a message that says
what is wrong (the type, the shape, the dtype, NaN, the wrong order, too
large and roughly by how much: :func:`how_far`) and never gives the expected
value away. :func:`kind_of` names a value in a few words for such messages.
``_expect`` picks the comparison for the expected value (a number, an array,
a tuple, a list, anything else); the checks in :mod:`.checks` call it.
"""

from __future__ import annotations

import math
import sys
import types
from typing import Sequence

import numpy as np

from .blanks import Placeholder
from .outcomes import Incorrect, _NotAttempted

__all__ = ["expect_array", "expect_gradients", "expect_number", "expect_sequence", "how_far", "kind_of"]


def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def kind_of(value) -> str:
    """A few words for what a value is, for messages: 'a numpy array of shape (3,)', 'an int', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, Placeholder):
        return "the blank `____`"
    if isinstance(value, bool):
        return f"a bool ({value})"
    module = type(value).__module__.split(".")[0]
    if module == "torch" and hasattr(value, "shape"):
        if value.ndim == 0:
            return f"a 0-dimensional torch tensor ({value.dtype})"
        return f"a torch tensor of shape {tuple(value.shape)}"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a numpy {value.dtype} number"
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        word = {list: "list", tuple: "tuple", set: "set", frozenset: "set", dict: "dict"}[type(value)] \
            if type(value) in (list, tuple, set, frozenset, dict) else type(value).__name__
        count = len(value)
        return _article(f"{word} of {count} item{'s' if count != 1 else ''}")
    if isinstance(value, str):
        return f"a string ({value[:30]!r}{'...' if len(value) > 30 else ''})"
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return "a function"
    if isinstance(value, type):
        return f"a class ({value.__name__})"
    return _article({"int": "int", "float": "float", "complex": "complex number"}.get(
        type(value).__name__, f"value of type {type(value).__name__}"))


_kind = kind_of  # the older name, kept for the chapter modules that used it


def _is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def _share(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def how_far(got: float, expected: float) -> str:
    """'about 30% too large', 'about 3 times too small', 'too large, by less than 1%': how far
    ``got`` is from ``expected`` in relative terms, without stating the difference itself
    (which, with the learner's own value, would give the expected value away)."""
    if expected == 0 or not math.isfinite(got):
        return "too large" if got > expected else "too small"
    if got == 0:
        return "zero, which is too small" if expected > 0 else "zero, which is too large"
    if (got > 0) != (expected > 0):
        return "of the wrong sign"
    ratio = got / expected
    direction = "too large" if abs(got) > abs(expected) else "too small"
    if expected < 0:  # -20 against -2 is '10 times too large in magnitude', not '10 times too small'
        direction += " in magnitude"
    big = max(ratio, 1 / ratio)
    if big >= 2:
        if big >= 1000:
            return f"more than 1000 times {direction}"
        times = f"{big:.1f}".rstrip("0").rstrip(".") if big < 10 else f"{float(f'{big:.1g}'):g}"
        return f"about {times} times {direction}"
    rel = abs(ratio - 1)
    if rel < 0.01:
        return f"{direction}, by less than 1%"
    return f"{_percent(rel)} {direction}"


def _percent(rel: float) -> str:
    """'less than 1%', 'about 4%', 'about 30%': a relative size, rounded coarsely on purpose."""
    if rel < 0.01:
        return "less than 1%"
    return f"about {round(rel * 100) if rel < 0.1 else round(rel * 10) * 10}%"


def _none_message(name: str) -> str:
    if name.startswith("What your function returns"):
        where = name[len("What your function returns"):]
        return f"Your function returned None{where}: end it with `return <your result>`."
    return f"{name} is None. Did you assign the result, or does a function forget its `return`?"


def expect_number(got, expected: float, *, name: str = "Your answer", rtol: float = 1e-4,
                  atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless ``got`` is a number close to ``expected``.

    One-element tensors and arrays count as numbers. The tolerance is
    ``atol + rtol * |expected|``; the message says too large / too small and
    roughly by how much (:func:`how_far`), never ``expected`` or the difference.
    """
    if isinstance(got, Placeholder):
        raise _NotAttempted
    if got is None:
        raise Incorrect(_none_message(name))
    if hasattr(got, "shape") and getattr(got, "ndim", 0) > 0 and np.prod(got.shape) == 1:
        got = got.reshape(())
    if hasattr(got, "item") and getattr(got, "ndim", 1) == 0:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise Incorrect(f"{name} should be a single number, but it is {kind_of(got)}.")
    got = float(got)
    if math.isnan(got) or math.isinf(got):
        raise Incorrect(f"{name} is {got}. Look for a division by zero or the log of zero.")
    if abs(got - expected) > atol + rtol * abs(expected):
        raise Incorrect(f"{name} ({got:.6g}) is {how_far(got, expected)}.")


def expect_array(got, expected, *, name: str = "Your answer", kind: str = "same",
                 rtol: float = 1e-4, atol: float = 1e-6, indices: bool = False, order: str = "") -> None:
    """Raise :class:`Incorrect` unless ``got`` matches the array or tensor ``expected``.

    ``kind`` is "torch", "numpy", "any", or "same" (the type of ``expected``).
    Checks, in order: None, the type, the shape, integer-versus-float dtype,
    NaN or infinity, then the values with tolerance ``atol + rtol * |expected|``.
    With ``indices=True`` the values are positions (of neighbours, of
    dimensions): the message says when they are the right ones in the wrong
    order (``order`` says which order, e.g. "nearest first") or how many do
    not belong, never a 'difference' between indices.
    """
    import torch

    if isinstance(got, Placeholder):
        raise _NotAttempted
    if got is None:
        raise Incorrect(_none_message(name))
    if kind == "same":
        kind = "torch" if isinstance(expected, torch.Tensor) else "numpy"
    if kind == "torch" and not isinstance(got, torch.Tensor):
        fix = " Convert it with `torch.as_tensor(x)`, or use torch operations throughout." \
            if isinstance(got, np.ndarray) else ""
        raise Incorrect(f"{name} should be a torch.Tensor, but it is {kind_of(got)}.{fix}")
    if kind == "numpy" and not isinstance(got, np.ndarray):
        fix = " Convert it with `x.detach().numpy()`, or use numpy operations throughout." \
            if isinstance(got, torch.Tensor) else ""
        raise Incorrect(f"{name} should be a numpy array, but it is {kind_of(got)}.{fix}")
    if kind == "any" and not isinstance(got, (torch.Tensor, np.ndarray)):
        raise Incorrect(f"{name} should be an array or a tensor, but it is {kind_of(got)}.")
    got_np = got.detach().cpu().numpy() if isinstance(got, torch.Tensor) else np.asarray(got)
    exp_np = expected.detach().cpu().numpy() if isinstance(expected, torch.Tensor) else np.asarray(expected)
    if got_np.shape != exp_np.shape:
        raise Incorrect(f"{name} has shape {tuple(got_np.shape)}, but it should have shape "
                        f"{tuple(exp_np.shape)}.")
    if got_np.dtype == object or not np.issubdtype(got_np.dtype, np.number) and got_np.dtype != bool:
        raise Incorrect(f"{name} should hold numbers, but its dtype is {got_np.dtype}.")
    if np.issubdtype(exp_np.dtype, np.floating) and not np.issubdtype(got_np.dtype, np.floating):
        raise Incorrect(f"{name} holds integers ({got_np.dtype}) where fractions are expected; "
                        "check for integer division or a missing `.float()`.")
    if indices and not np.issubdtype(got_np.dtype, np.integer):
        raise Incorrect(f"{name} should hold integer indices, but its dtype is {got_np.dtype}; "
                        "`np.argsort` and `torch.argsort` give integers.")
    if np.issubdtype(got_np.dtype, np.floating) and not np.isfinite(got_np).all():
        n_bad = int((~np.isfinite(got_np)).sum())
        raise Incorrect(f"{name} contains {n_bad} NaN or infinite value(s). Look for a division by zero, "
                        "the log of zero, or a value that grew without bound.")
    got_f = got_np.astype(np.float64)
    exp_f = exp_np.astype(np.float64)
    wrong = np.abs(got_f - exp_f) > atol + rtol * np.abs(exp_f)
    if not wrong.any():
        return
    if indices:
        _indices_message(got_np.ravel(), exp_np.ravel(), name=name, order=order, what="indices")
    if wrong.size == 1:
        raise Incorrect(f"{name} has the right shape, but its value ({got_f.item():.6g}) is "
                        f"{how_far(got_f.item(), exp_f.item())}.")
    n_wrong = int(wrong.sum())
    scale = float(np.abs(exp_f).max())
    if scale > 0:
        worst = float(np.abs(got_f - exp_f).max()) / scale
        size = (f"by up to {_percent(worst)} of the largest expected value" if worst < 1
                else "by more than the largest expected value")
    else:
        size = "where all should be zero"
    raise Incorrect(f"{name} has the right shape, but {n_wrong} of {wrong.size} values {_is_are(n_wrong)} off "
                    f"({size}{'; almost all values differ' if wrong.size >= 10 and wrong.mean() > 0.9 else ''}).")


def _indices_message(got, expected, *, name: str, order: str, what: str) -> None:
    """Raise the message for positions that differ: right ones in the wrong order, or some that do not belong."""
    from collections import Counter

    got_count, exp_count = Counter(int(i) for i in got), Counter(int(i) for i in expected)
    if got_count == exp_count:
        raise Incorrect(f"{name} holds the right {what}, but in the wrong order"
                        f"{f': they should be in order, {order}' if order else ''}.")
    if len(got_count) < len(got):
        raise Incorrect(f"{name} lists some {what} more than once; each should appear once.")
    extra = sum((got_count - exp_count).values())
    raise Incorrect(f"{name}: {extra} of the {len(got)} {what} should not be there.")


def expect_sequence(got, expected: Sequence, *, name: str = "Your answer", what: str = "items",
                    ordered: bool = True, order: str = "", rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless ``got`` is a list (or tuple) matching ``expected``.

    For answers such as "the list of dimensions, as Python ints, in increasing
    order". Specific messages for None, a set (no order), a tensor or a numpy
    array (convert with ``.tolist()``), too many or too few items, items of the
    wrong type (``numpy.int64`` or a tensor where a Python int is asked), the
    right items in the wrong order (``order`` says which order, e.g.
    "increasing"), and items that do not belong. ``what`` names the items
    ("dimensions"). Integer items are compared exactly; other numbers with the
    tolerance. With ``ordered=False`` any order (and a set) is accepted.
    """
    if isinstance(got, Placeholder):
        raise _NotAttempted
    if got is None:
        raise Incorrect(_none_message(name))
    module = type(got).__module__.split(".")[0]
    if isinstance(got, (set, frozenset)):
        if ordered:
            raise Incorrect(f"{name} is a set, and a set has no order. Return a list"
                            f"{f' ({order} order)' if order else ''}: `sorted(your_set)` makes one.")
        got = sorted(got, key=repr) if any(not isinstance(g, (int, float)) for g in got) else sorted(got)
    if module == "torch" or isinstance(got, np.ndarray):
        holder = "torch tensor" if module == "torch" else "numpy array"
        raise Incorrect(f"{name} is {_article(holder)}, but the question asks for a Python list of {what}. "
                        "`.tolist()` turns it into one.")
    if not isinstance(got, (list, tuple)):
        raise Incorrect(f"{name} should be a list of {what}, but it is {kind_of(got)}.")
    if len(got) != len(expected):
        raise Incorrect(f"{name} has {_share(len(got), 'item')}: that is too {'many' if len(got) > len(expected) else 'few'}.")
    integers = all(isinstance(e, (int, np.integer)) and not isinstance(e, bool) for e in expected)
    for i, item in enumerate(got):
        if isinstance(item, Placeholder):
            raise _NotAttempted
        if integers and (isinstance(item, bool) or not isinstance(item, int)):
            fix = " Convert each with `int(d)`." if hasattr(item, "item") else ""
            raise Incorrect(f"{_part_name(f'item {i + 1}', name, named=False)} is {kind_of(item)}, but the "
                            f"{what} should be Python ints.{fix}")
    if integers:
        got_list, exp_list = [int(g) for g in got], [int(e) for e in expected]
        if ordered and got_list != exp_list or not ordered and sorted(got_list) != sorted(exp_list):
            _indices_message(got_list, exp_list, name=name, order=order, what=what)
        return
    for i, (g, e) in enumerate(zip(got, expected)):
        _expect_now()(g, e, name=_part_name(f"item {i + 1}", name, named=False), rtol=rtol, atol=atol, kind="any")


def expect_gradients(got, inputs: Sequence, expected_grads: Sequence | None = None, *,
                     names: Sequence[str] | None = None, name: str = "Your result",
                     rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """Raise :class:`Incorrect` unless gradients flow from ``got`` back to every tensor in ``inputs``.

    For anything that must support ``.backward()`` (a loss, a sample built with
    the reparameterisation trick). ``inputs`` are the tensors the learner's
    code was given, made to require grad. A result computed under
    ``torch.no_grad()``, cut off with ``.detach()`` / ``.item()`` / ``.numpy()``
    or rebuilt with ``torch.tensor(...)`` fails; with ``expected_grads`` (the
    reference's gradients on the same inputs) a result that is only partly
    cut off fails too. :func:`function_check` does all this with
    ``differentiable=(...)``.
    """
    import torch

    names = list(names) if names is not None else [f"input {i + 1}" for i in range(len(inputs))]
    if not isinstance(got, torch.Tensor):
        raise Incorrect(f"{name} should be a torch tensor that `.backward()` works on, but it is {kind_of(got)}.")
    if not got.requires_grad:
        raise Incorrect(f"{name} is cut off from the inputs, so `.backward()` on it fails: it was computed "
                        "under `torch.no_grad()`, detached (`.detach()`, `.item()`, `.numpy()`), or rebuilt "
                        "with `torch.tensor(...)`. Compute it from the inputs with torch operations only.")
    try:
        grads = torch.autograd.grad(got.sum(), list(inputs), allow_unused=True)
    except RuntimeError as exc:
        raise Incorrect(f"`.backward()` on {name[0].lower()}{name[1:]} fails: {exc}") from None
    for i, (grad, label) in enumerate(zip(grads, names)):
        reference = expected_grads[i] if expected_grads is not None else None
        if grad is None:
            if expected_grads is not None and reference is None:
                continue
            raise Incorrect(f"No gradient flows from {name[0].lower()}{name[1:]} back to `{label}`: the part "
                            f"that depends on `{label}` is detached (`.detach()`, `.item()`, `torch.tensor(...)`, "
                            "or a `torch.no_grad()` block). Keep it in torch operations.")
        if reference is None:
            continue
        g, r = grad.detach().double(), reference.detach().double()
        if not torch.allclose(g, r, rtol=max(rtol, 1e-4) * 10, atol=max(atol, 1e-6) * 10):
            raise Incorrect(f"{name} has the right value, but its gradient with respect to `{label}` is wrong: "
                            f"part of the computation is cut off from `{label}` (`.detach()`, `.item()`, "
                            "`torch.tensor(...)`, or a `torch.no_grad()` block) or is a constant.")


def _part_name(label: str, whole: str, *, named: bool) -> str:
    """How messages name one part of a tuple answer: "Your `dw`", "The `db` your function returns on ..."."""
    function = "What your function returns"
    if named and whole == "Your answer":
        return f"Your `{label}`"
    if named and whole.startswith(function):
        return f"The `{label}` your function returns{whole[len(function):]}"
    part = f"`{label}`" if named else label
    return f"{part[0].upper()}{part[1:]} of {whole[0].lower()}{whole[1:]}"


def _expect(got, expected, *, name: str, rtol: float, atol: float, kind: str,
            names: Sequence[str] | None = None) -> None:
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        expect_number(got, float(expected), name=name, rtol=rtol, atol=atol)
    elif hasattr(expected, "shape"):
        expect_array(got, expected, name=name, rtol=rtol, atol=atol, kind=kind)
    elif isinstance(expected, tuple):
        if isinstance(got, Placeholder):
            raise _NotAttempted
        if got is None:
            raise Incorrect(_none_message(name))
        labels = list(names) if names is not None else [f"item {i + 1}" for i in range(len(expected))]
        want = f"({', '.join(labels)})" if names is not None else f"of {len(expected)} values"
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise Incorrect(f"{name} should be a tuple {want}, but it is {kind_of(got)}.")
        for label, g, e in zip(labels, got, expected):
            _expect_now()(g, e, name=_part_name(label, name, named=names is not None), rtol=rtol, atol=atol,
                    kind=kind)
    elif isinstance(expected, list):
        expect_sequence(got, expected, name=name, rtol=rtol, atol=atol)
    elif isinstance(got, Placeholder):
        raise _NotAttempted
    elif isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            raise Incorrect(f"{name} should be True or False, but it is {kind_of(got)}.")
        if bool(got) != bool(expected):
            raise Incorrect(f"{name} ({bool(got)}) is not right.")
    elif isinstance(expected, str) and not isinstance(got, str):
        raise Incorrect(f"{name} should be a string, but it is {kind_of(got)}.")
    else:
        try:
            same = bool(got == expected)
        except Exception:  # an array or tensor compared with a scalar, and the like
            same = False
        if not same:
            raise Incorrect(f"{name} ({got!r:.60}) is not right." if isinstance(got, (str, int, float))
                            else f"{name} is {kind_of(got)}, which is not right.")


def _expect_now():
    """``engine._expect`` as it is at this moment, for every caller of ``_expect``.

    ``_expect`` is re-exported by :mod:`.engine`, where it was written before
    the engine was split; the grader's tests replace ``engine._expect`` inside
    a learner's kernel (a loosened check) and expect every check to use the
    replacement, so the clean re-check has something to catch. Looking it up
    at call time keeps that working.
    """
    engine = sys.modules.get(__package__ + ".engine")
    return getattr(engine, "_expect", _expect)
