"""The one training loop of the course.

Every model in the course (the playground's network, the autoencoders, the
anomaly detector, the VAE) trains through :func:`fit`. It shuffles with its
own seeded generator, shows a ``tqdm`` bar for long runs, and calls hooks after
each batch and each epoch (as minGPT's trainer does) so a notebook can draw a
live plot; the loop itself never draws.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
import torch

from ._validation import check_int, check_number

__all__ = ["Progress", "fit", "make_optimizer", "reset_parameters", "seeded_generator", "tensor_digest"]


@dataclass
class Progress:
    """What a hook receives: where training is, and the loss so far."""

    model: torch.nn.Module
    epoch: int = 0
    step: int = 0
    loss: float = math.nan  # the last batch's loss
    history: list[float] = field(default_factory=list)  # mean loss of each finished epoch


def make_optimizer(name: str, params: Iterable, lr: float, **kwargs) -> torch.optim.Optimizer:
    """``torch.optim`` optimizer by name: "sgd", "momentum", "adam" or "rmsprop"."""
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    makers = {
        "sgd": lambda: torch.optim.SGD(params, lr=lr, **kwargs),
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=kwargs.pop("momentum", 0.9), **kwargs),
        "adam": lambda: torch.optim.Adam(params, lr=lr, **kwargs),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr, **kwargs),
    }
    if name not in makers:
        raise ValueError(f"optimizer must be one of {', '.join(makers)}; got {name!r} as its name.")
    return makers[name]()


def _hooks(hook, name: str = "hook") -> list[Callable]:
    """The hooks in ``hook`` (None, a function, or a list of functions) as a list, each checked callable."""
    if hook is None:
        return []
    hooks = list(hook) if isinstance(hook, (list, tuple)) else [hook]
    for h in hooks:
        if not callable(h):
            raise TypeError(f"{name} must be a function taking a Progress (or a list of them), got {type(h).__name__}.")
    return hooks


def fit(model: torch.nn.Module, loss_fn: Callable[..., torch.Tensor], *tensors: torch.Tensor,
        epochs: int = 20, lr: float = 1e-3, batch_size: int = 128, optimizer: str = "adam",
        random_state: int | None = 0, on_batch_end=None, on_epoch_end=None,
        progress: bool | None = None, desc: str = "training", **optimizer_kwargs) -> list[float]:
    """Train ``model`` by minimising ``loss_fn(model, *batch)`` over mini-batches of ``tensors``.

    ``tensors`` are aligned along their first axis (e.g. inputs and labels).
    ``on_batch_end`` and ``on_epoch_end`` are a callable or a list of them,
    each called with a :class:`Progress`. The bar shows when ``progress`` is
    True, or by default when training has more than 2,000 steps. Returns the
    mean loss of every epoch.

    >>> history = fit(model, lambda m, x: ((m(x) - x) ** 2).mean(), x_train, epochs=10)
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    if not tensors:
        raise ValueError("Pass at least one tensor to train on, e.g. fit(model, loss_fn, x_train).")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be a function loss_fn(model, *batch) -> loss, got {type(loss_fn).__name__}.")
    epochs = check_int(epochs, "epochs", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    random_state = None if random_state is None else check_int(random_state, "random_state", low=0)
    batch_hooks, epoch_hooks = _hooks(on_batch_end, "on_batch_end"), _hooks(on_epoch_end, "on_epoch_end")
    for i, t in enumerate(tensors):
        if t is None or isinstance(t, (str, bytes, dict)):
            raise TypeError(f"tensors[{i}] must be a tensor or an array, got {type(t).__name__}.")
    tensors = tuple(torch.as_tensor(t) for t in tensors)
    for i, t in enumerate(tensors):
        if t.ndim == 0:
            raise ValueError(f"tensors[{i}] is a single number; give one row per sample.")
        if t.is_floating_point() and not torch.isfinite(t).all():
            raise ValueError(f"tensors[{i}] contains NaN or infinite values; remove them before training.")
    n = len(tensors[0])
    if n == 0:
        raise ValueError("The tensors are empty (0 samples): there is nothing to train on.")
    if any(len(t) != n for t in tensors):
        raise ValueError(f"All tensors must have the same length; got {[len(t) for t in tensors]}.")
    opt = make_optimizer(optimizer, model.parameters(), lr, **optimizer_kwargs)
    generator = torch.Generator().manual_seed(random_state) if random_state is not None else None
    state = Progress(model)
    batch_hooks, epoch_hooks = _hooks(on_batch_end), _hooks(on_epoch_end)
    steps_per_epoch = math.ceil(n / batch_size)
    show = progress if progress is not None else epochs * steps_per_epoch > 2000
    from tqdm.auto import tqdm

    bar = tqdm(total=epochs, desc=desc, disable=not show, leave=False)
    for epoch in range(epochs):
        model.train()  # every epoch: a hook may have switched to eval mode to measure something
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            loss = loss_fn(model, *(t[index] for t in tensors))
            if not torch.isfinite(loss):
                bar.close()
                raise FloatingPointError(
                    f"The loss became {loss.item()} at epoch {epoch + 1}, step {state.step + 1}. "
                    f"Training diverged: try a smaller learning rate than lr={lr}.")
            opt.zero_grad()
            loss.backward()
            opt.step()
            state.step += 1
            state.loss = loss.item()
            total += state.loss * len(index)
            for hook in batch_hooks:
                hook(state)
        state.epoch = epoch + 1
        state.history.append(total / n)
        bar.update(1)
        bar.set_postfix(loss=f"{state.history[-1]:.4g}")
        for hook in epoch_hooks:
            hook(state)
    bar.close()
    model.eval()
    return state.history


def reset_parameters(model: torch.nn.Module, random_state: int) -> None:
    """Re-draw every Linear layer's starting weights from a seed, leaving the global seed alone."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    random_state = check_int(random_state, "random_state", low=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(random_state)
        for layer in model.modules():
            if isinstance(layer, torch.nn.Linear):
                layer.reset_parameters()


def seeded_generator(random_state: int) -> torch.Generator:
    """A ``torch.Generator`` seeded with ``random_state`` (a whole number >= 0): randomness that
    leaves the global seed alone, for the noise a model draws while it trains or samples."""
    return torch.Generator().manual_seed(check_int(random_state, "random_state", low=0))


def tensor_digest(*arrays: torch.Tensor) -> str:
    """A short hash of tensors' values and shapes: a cache key for models trained on them."""
    digest = hashlib.sha256()
    for i, a in enumerate(arrays):
        if a is None or isinstance(a, (str, bytes, dict)):
            raise TypeError(f"arrays[{i}] must be a tensor or an array, got {type(a).__name__}.")
        a = a.detach().cpu() if hasattr(a, "detach") else np.asarray(a)
        digest.update(np.ascontiguousarray(np.asarray(a)).tobytes())
        digest.update(str(tuple(a.shape)).encode())
    return digest.hexdigest()[:16]
