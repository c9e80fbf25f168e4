"""Dimensionality reduction and autoencoders: PCA, the linear case, and learned bottlenecks.

An encoder squeezes the input into a small latent code, a decoder rebuilds the
input from it, and training makes the rebuilt input match. PCA is the linear
special case (a linear autoencoder trained to the end finds PCA's subspace).

Used by the chapters on autoencoders (03, ``notebooks/03_autoencoders.ipynb``),
latent maps (04), anomaly detection (05) and VAEs (07). The story of this
module, in order:

1. PCA from the SVD: :func:`pca_fit`, :func:`pca_project`, :func:`pca_reconstruct`.
2. Comparing subspaces: :func:`principal_angles`, :func:`linear_autoencoder`.
3. Autoencoders: :class:`Autoencoder`, :func:`train_autoencoder`,
   :func:`reconstruction_error`, :func:`encode`, :func:`decode`.
4. The bottleneck sweep: :class:`AutoencoderStack` trains one model per latent
   size side by side, :func:`bottleneck_sweep` measures them against PCA.
5. Properties nobody labelled: :func:`latent_ranges`, :func:`traverse` (ink and slant
   are measured by :mod:`latentedu.dimensions`, as in chapter 00).
6. Plots: ``plot_*(ax, ...) -> ax``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

import numpy as np
import torch
from torch import nn

from ._validation import as_array, as_tensor, check_int, check_number
from .plotting import GENERATED, REAL, plot_digits
from .training import fit, reset_parameters, tensor_digest

__all__ = [
    "DEFAULT_SIZES",
    "PCA",
    "Autoencoder",
    "AutoencoderStack",
    "Sweep",
    "add_noise",
    "bottleneck_sweep",
    "clear_sweep_cache",
    "decode",
    "encode",
    "latent_ranges",
    "linear_autoencoder",
    "pca_errors",
    "pca_fit",
    "pca_project",
    "pca_reconstruct",
    "plot_bottleneck_curve",
    "plot_explained_variance",
    "plot_reconstructions",
    "plot_traversal",
    "principal_angles",
    "reconstruction_error",
    "train_autoencoder",
    "traverse",
]

DEFAULT_SIZES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)  # the latent sizes of the bottleneck sweep

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "leaky_relu": lambda: nn.LeakyReLU(0.2), "identity": nn.Identity}


# --------------------------------------------------------------------------- 1. PCA from the SVD

class PCA(NamedTuple):
    """A fitted PCA: the data's mean, orthonormal directions, and the variance along each."""

    mean: np.ndarray                      # (n_features,)
    components: np.ndarray                # (n_components, n_features), orthonormal rows
    explained_variance: np.ndarray        # (n_components,), variance of the data along each row
    explained_variance_ratio: np.ndarray  # (n_components,), share of the total variance


def pca_fit(x, n_components: int | None = None) -> PCA:
    """PCA of ``x`` (n_samples, n_features) from the singular value decomposition.

    Centre the data, take ``x_c = U S V^T``; the rows of ``V^T`` are the
    principal directions and ``S**2 / (n - 1)`` the variance along each
    (Pearson 1901; Hotelling 1933). Signs are fixed so that the largest entry of
    each direction is positive, as scikit-learn does, so results compare
    directly. Used by ``notebooks/03_autoencoders.ipynb`` and its widgets.
    """
    x = as_array(x, "x", ndim=2)
    n, d = x.shape
    if n < 2:
        raise ValueError(f"PCA needs at least 2 samples to measure variance, got {n}.")
    limit = min(n, d)
    n_components = limit if n_components is None else check_int(n_components, "n_components", low=1, high=limit)
    mean = x.mean(axis=0)
    _, s, vt = np.linalg.svd(x - mean, full_matrices=False)
    signs = np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])
    vt = vt * signs[:, None]
    variance = s**2 / (n - 1)
    return PCA(mean, vt[:n_components], variance[:n_components], (variance / variance.sum())[:n_components])


def _check_pca(pca) -> PCA:
    if not isinstance(pca, PCA):
        raise TypeError(f"pca must be the result of pca_fit(x), got {type(pca).__name__}.")
    return pca


def _check_k(pca: PCA, k) -> int:
    n = len(pca.components)
    if k is None:
        return n
    return check_int(k, "k (the number of components)", low=1, high=n)


def pca_project(pca: PCA, x, k: int | None = None) -> np.ndarray:
    """The codes of ``x`` on the first ``k`` principal directions: (n_samples, k)."""
    pca = _check_pca(pca)
    k = _check_k(pca, k)
    x = as_array(x, "x", ndim=2, n_features=len(pca.mean))
    return (x - pca.mean) @ pca.components[:k].T


def pca_reconstruct(pca: PCA, codes) -> np.ndarray:
    """Rebuild samples from PCA codes (n_samples, k): ``mean + codes @ components[:k]``."""
    pca = _check_pca(pca)
    codes = as_array(codes, "codes", ndim=2)
    k = codes.shape[1]
    if not 1 <= k <= len(pca.components):
        raise ValueError(f"codes have {k} columns, but this PCA has {len(pca.components)} components; "
                         "pass codes from pca_project(pca, x, k) with k between 1 and that number.")
    return pca.mean + codes @ pca.components[:k]


def pca_errors(pca: PCA, x, ks: Sequence[int]) -> np.ndarray:
    """Mean squared reconstruction error of ``x`` with ``k`` components, for each ``k`` in ``ks``."""
    x = as_array(x, "x", ndim=2, n_features=len(_check_pca(pca).mean))
    return np.array([((pca_reconstruct(pca, pca_project(pca, x, k)) - x) ** 2).mean() for k in ks])


# --------------------------------------------------------------------------- 2. comparing subspaces

def principal_angles(basis_a, basis_b) -> np.ndarray:
    """Principal angles in degrees between the subspaces spanned by the rows of two matrices.

    ``basis_a`` is (k_a, n_features) and ``basis_b`` (k_b, n_features); the rows
    need not be orthonormal (a decoder's weights transposed are fine). All
    angles near 0 mean the same subspace; 90 means a direction of one is
    orthogonal to the whole other. Returned largest first (scipy's
    ``subspace_angles`` order; Bjorck & Golub 1973).
    """
    from scipy.linalg import subspace_angles

    a = as_array(basis_a, "basis_a", ndim=2)
    b = as_array(basis_b, "basis_b", ndim=2, n_features=a.shape[1])
    for name, m in (("basis_a", a), ("basis_b", b)):
        if np.linalg.matrix_rank(m) < len(m):
            raise ValueError(f"The rows of {name} are linearly dependent, so they do not span a "
                             f"{len(m)}-dimensional subspace; drop the redundant rows.")
    return np.degrees(subspace_angles(a.T, b.T))


def linear_autoencoder(n_features: int = 64, latent_dim: int = 2) -> "Autoencoder":
    """An autoencoder with no hidden layer and no nonlinearity: ``x -> W_e x + b_e -> W_d z + b_d``.

    Trained on squared error it reaches PCA's subspace (Baldi & Hornik 1989),
    though its code axes can be any mix of the principal directions.
    """
    return Autoencoder(n_features, latent_dim, hidden=(), activation="identity", output="identity")


# --------------------------------------------------------------------------- 3. autoencoders

def _mlp(sizes: Sequence[int], activation: str, last: nn.Module | None) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(_ACTIVATIONS[activation]())
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    """A fully connected autoencoder: ``n_features -> hidden... -> latent_dim -> ...hidden -> n_features``.

    The default 64-128-32-k shape with ReLU and a sigmoid output suits the 8x8
    digits in [0, 1]. ``activation="identity"`` with ``hidden=()`` and
    ``output="identity"`` gives a linear autoencoder, which learns the same
    subspace as PCA (see :func:`linear_autoencoder`).
    """

    def __init__(self, n_features: int = 64, latent_dim: int = 2, hidden: Sequence[int] = (128, 32),
                 activation: str = "relu", output: str = "sigmoid"):
        super().__init__()
        self.n_features = check_int(n_features, "n_features", low=1)
        self.latent_dim = check_int(latent_dim, "latent_dim", low=1, high=self.n_features)
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(_ACTIVATIONS)}; got {activation!r}.")
        if output not in ("sigmoid", "identity"):
            raise ValueError(f"output must be 'sigmoid' (data in [0, 1]) or 'identity'; got {output!r}.")
        self.hidden = tuple(check_int(h, "hidden size", low=1) for h in hidden)
        self.activation = activation
        self.output = output
        self.encoder = _mlp([self.n_features, *self.hidden, self.latent_dim], activation, None)
        self.decoder = _mlp([self.latent_dim, *reversed(self.hidden), self.n_features], activation,
                            nn.Sigmoid() if output == "sigmoid" else None)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)  # (batch, latent_dim)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)  # (batch, n_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))  # (batch, n_features)


def add_noise(x, std: float, random_state: int = 0) -> torch.Tensor:
    """``x`` plus Gaussian noise of standard deviation ``std``, clipped to [0, 1] (a corrupted input)."""
    x = as_tensor(x, "x")
    std = check_number(std, "std", low=0.0)
    generator = torch.Generator().manual_seed(check_int(random_state, "random_state", low=0))
    return (x + std * torch.randn(x.shape, generator=generator)).clamp(0.0, 1.0)


def train_autoencoder(model: Autoencoder, x_train, *, epochs: int = 60, lr: float = 3e-3,
                      batch_size: int = 128, noise: float = 0.0, random_state: int = 0,
                      on_epoch_end=None, progress: bool | None = None) -> list[float]:
    """Train ``model`` to rebuild ``x_train`` (mean squared error, Adam). Returns the loss per epoch.

    The loss is the mean over pixels and samples of ``(decode(encode(x)) - x)**2``
    (Rumelhart, Hinton & Williams 1986; Hinton & Salakhutdinov 2006). The
    starting weights are drawn from ``random_state``. With ``noise > 0`` it
    becomes a denoising autoencoder (Vincent et al. 2008): each batch is
    corrupted with Gaussian noise of that standard deviation (clipped to
    [0, 1]) and the model must rebuild the clean batch.
    """
    if not isinstance(model, Autoencoder):
        raise TypeError(f"model must be an Autoencoder, got {type(model).__name__}.")
    x_train = as_tensor(x_train, "x_train", ndim=2, n_features=model.n_features)
    noise = check_number(noise, "noise", low=0.0)
    generator = torch.Generator().manual_seed(random_state)

    def loss_fn(m: Autoencoder, x: torch.Tensor) -> torch.Tensor:
        x_in = x
        if noise > 0:
            x_in = (x + noise * torch.randn(x.shape, generator=generator)).clamp(0.0, 1.0)
        return ((m(x_in) - x) ** 2).mean()

    reset_parameters(model, random_state)
    return fit(model, loss_fn, x_train, epochs=epochs, lr=lr, batch_size=batch_size,
               random_state=random_state, on_epoch_end=on_epoch_end, progress=progress,
               desc="autoencoder")


def _check_model(model) -> Autoencoder:
    if not isinstance(model, Autoencoder):
        raise TypeError(f"model must be an Autoencoder, got {type(model).__name__}.")
    return model


@torch.no_grad()
def reconstruction_error(model: Autoencoder, x) -> torch.Tensor:
    """Mean squared error of each sample's reconstruction: shape (n_samples,)."""
    x = as_tensor(x, "x", ndim=2, n_features=_check_model(model).n_features)
    model.eval()
    return ((model(x) - x) ** 2).mean(dim=1)


@torch.no_grad()
def encode(model: Autoencoder, x) -> torch.Tensor:
    """The latent codes of ``x`` (n_samples, n_features): shape (n_samples, latent_dim)."""
    x = as_tensor(x, "x", ndim=2, n_features=_check_model(model).n_features)
    model.eval()
    return model.encode(x)


@torch.no_grad()
def decode(model: Autoencoder, z) -> torch.Tensor:
    """Decode latent codes ``z`` (n_codes, latent_dim), or one code (latent_dim,): (n_codes, n_features)."""
    model = _check_model(model)
    z = as_tensor(z, "z")
    if z.ndim == 1:
        z = z[None]
    if z.ndim != 2 or z.shape[1] != model.latent_dim:
        raise ValueError(f"z must hold codes of size {model.latent_dim} (this model's latent_dim), "
                         f"got shape {tuple(z.shape)}; encode(model, x) gives codes of the right size.")
    model.eval()
    return model.decode(z)


# --------------------------------------------------------------------------- 4. the bottleneck sweep

class AutoencoderStack(nn.Module):
    """Several autoencoders that differ only in latent size, trained side by side as one module.

    Each member keeps its own weights; they are stored stacked, every latent
    layer padded with zeros to the largest size, and a mask keeps the padding
    at zero, so one batched matrix product runs all members at once. The loss
    is the sum of the members' own losses, so each member gets exactly the
    gradient it would get alone (and Adam treats every weight separately):
    training the stack is training each model by itself, only faster on a CPU.
    The sweep in ``notebooks/03_autoencoders.ipynb`` fits in seconds this way.
    :meth:`member` copies one member back into a plain :class:`Autoencoder`.
    """

    def __init__(self, sizes: Sequence[int], n_features: int = 64, hidden: Sequence[int] = (128, 32),
                 activation: str = "relu", random_state: int = 0):
        super().__init__()
        self.sizes = _check_sizes(sizes, n_features)
        self.n_features, self.hidden, self.activation = n_features, tuple(hidden), activation
        members = [Autoencoder(n_features, k, hidden, activation, "sigmoid") for k in self.sizes]
        for m in members:  # the start each model gets from train_autoencoder(random_state=...)
            reset_parameters(m, random_state)
        self.top = max(self.sizes)
        self.latent_layer = len(self.hidden)  # index of the Linear layer that outputs the code
        self.weights, self.biases = nn.ParameterList(), nn.ParameterList()
        for i in range(2 * len(self.hidden) + 2):
            pairs = [self._padded(_linears(m)[i], i) for m in members]
            self.weights.append(nn.Parameter(torch.stack([w for w, _ in pairs])))  # (members, in, out)
            self.biases.append(nn.Parameter(torch.stack([b for _, b in pairs])))   # (members, 1, out)
        mask = torch.zeros(len(self.sizes), 1, self.top)
        for j, k in enumerate(self.sizes):
            mask[j, 0, :k] = 1.0
        self.register_buffer("mask", mask)
        self.act = _ACTIVATIONS[activation]()

    def _padded(self, layer: nn.Linear, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        w = layer.weight.detach().T.clone()  # (in, out)
        b = layer.bias.detach()[None].clone()  # (1, out)
        if index == self.latent_layer:  # pad the code's units: (in, k) -> (in, top)
            w = torch.cat([w, w.new_zeros(w.shape[0], self.top - w.shape[1])], 1)
            b = torch.cat([b, b.new_zeros(1, self.top - b.shape[1])], 1)
        elif index == self.latent_layer + 1:  # pad the decoder's inputs: (k, out) -> (top, out)
            w = torch.cat([w, w.new_zeros(self.top - w.shape[0], w.shape[1])], 0)
        return w, b

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x.unsqueeze(0).expand(len(self.sizes), -1, -1)  # (members, batch, n_features)
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = torch.baddbmm(b, h, w)  # (members, batch, out)
            if i == self.latent_layer:
                h = h * self.mask  # (members, batch, top): each member's code, zero-padded
            elif i < last:
                h = self.act(h)
        return torch.sigmoid(h)  # (members, batch, n_features)

    def member(self, latent_dim: int) -> Autoencoder:
        """A plain :class:`Autoencoder` holding a copy of the member with this latent size."""
        if latent_dim not in self.sizes:
            raise ValueError(f"No member has latent size {latent_dim!r}; the sizes here are {list(self.sizes)}.")
        j, k = self.sizes.index(latent_dim), latent_dim
        model = Autoencoder(self.n_features, k, self.hidden, self.activation, "sigmoid")
        with torch.no_grad():
            for i, layer in enumerate(_linears(model)):
                w, b = self.weights[i][j], self.biases[i][j, 0]  # (in, out), (out,)
                if i == self.latent_layer:
                    w, b = w[:, :k], b[:k]
                elif i == self.latent_layer + 1:
                    w = w[:k]
                layer.weight.copy_(w.T)
                layer.bias.copy_(b)
        return model.eval()


def _linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def _check_sizes(sizes, n_features: int) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) == 0:
        raise ValueError(f"sizes must be a non-empty list of latent sizes, e.g. [2, 8], got {sizes!r}.")
    out = tuple(check_int(k, "latent size", low=1, high=n_features) for k in sizes)
    if len(set(out)) != len(out):
        raise ValueError(f"sizes must not repeat a latent size, got {list(out)}.")
    return out


@dataclass
class Sweep:
    """The bottleneck sweep: held-out errors of PCA and of an autoencoder at each latent size."""

    sizes: tuple[int, ...]
    pca_errors: np.ndarray  # (len(sizes),) held-out mean squared error with k components
    ae_errors: np.ndarray   # (len(sizes),) held-out mean squared error of the k-D autoencoder
    models: dict[int, Autoencoder]
    pca: PCA
    seconds: float          # training time of the autoencoders
    history: list[float] = field(default_factory=list)  # summed training loss per epoch

    def model(self, latent_dim: int) -> Autoencoder:
        """The trained autoencoder with this latent size."""
        if latent_dim not in self.models:
            raise ValueError(f"The sweep has no model with latent size {latent_dim!r}; "
                             f"choose one of {list(self.sizes)}.")
        return self.models[latent_dim]

    def errors_at(self, latent_dim: int) -> tuple[float, float]:
        """(PCA error, autoencoder error) at one latent size of the sweep."""
        self.model(latent_dim)
        j = self.sizes.index(latent_dim)
        return float(self.pca_errors[j]), float(self.ae_errors[j])


_SWEEPS: dict[tuple, Sweep] = {}  # trained sweeps, keyed by data and settings (clear_sweep_cache empties it)


def clear_sweep_cache() -> None:
    """Forget every trained sweep (the next :func:`bottleneck_sweep` call trains again)."""
    _SWEEPS.clear()


def bottleneck_sweep(x_train, x_test, sizes: Sequence[int] = DEFAULT_SIZES, *, epochs: int = 60,
                     lr: float = 3e-3, batch_size: int = 128, hidden: Sequence[int] = (128, 32),
                     random_state: int = 0, on_epoch_end=None, progress: bool | None = None) -> Sweep:
    """Train one autoencoder per latent size and measure it against PCA on held-out data.

    PCA is fitted on ``x_train``; each autoencoder (``n_features-hidden-k``,
    ReLU, sigmoid output) is trained on ``x_train`` as
    :func:`train_autoencoder` would (same start, same batches), all at once in
    an :class:`AutoencoderStack`. Errors are mean squared errors on ``x_test``.
    The result is cached by data and settings, so a widget asking again (the
    bottleneck explorer in ``notebooks/03_autoencoders.ipynb``) gets it at once.
    """
    x_train = as_tensor(x_train, "x_train", ndim=2)
    x_test = as_tensor(x_test, "x_test", ndim=2, n_features=x_train.shape[1])
    sizes = _check_sizes(sizes, x_train.shape[1])
    key = (tensor_digest(x_train, x_test), sizes, check_int(epochs, "epochs", low=1), float(lr),
           int(batch_size), tuple(hidden), int(random_state))
    if key in _SWEEPS:
        return _SWEEPS[key]
    stack = AutoencoderStack(sizes, x_train.shape[1], hidden, "relu", random_state)

    def loss_fn(s: AutoencoderStack, x: torch.Tensor) -> torch.Tensor:
        return ((s(x) - x) ** 2).mean(dim=(1, 2)).sum()  # each member's own mean squared error, summed

    start = time.perf_counter()
    history = fit(stack, loss_fn, x_train, epochs=epochs, lr=lr, batch_size=batch_size,
                  random_state=random_state, on_epoch_end=on_epoch_end, progress=progress,
                  desc=f"{len(sizes)} autoencoders")
    seconds = time.perf_counter() - start
    models = {k: stack.member(k) for k in sizes}
    pca = pca_fit(x_train)
    sweep = Sweep(sizes, pca_errors(pca, x_test, sizes),
                  np.array([reconstruction_error(models[k], x_test).mean().item() for k in sizes]),
                  models, pca, seconds, history)
    _SWEEPS[key] = sweep
    return sweep


# --------------------------------------------------------------------------- 5. properties nobody labelled
# Ink and slant are measured by ``latentedu.dimensions.ink`` and ``.slant`` (chapter 00's measures).

def latent_ranges(model: Autoencoder, x, quantiles: tuple[float, float] = (0.01, 0.99)) -> np.ndarray:
    """The range each latent dimension takes on ``x``: array (latent_dim, 2) of low and high quantiles."""
    lo = check_number(quantiles[0], "quantiles[0]", low=0.0, high=1.0)
    hi = check_number(quantiles[1], "quantiles[1]", low=lo, high=1.0)
    codes = encode(model, x).numpy()
    return np.stack([np.quantile(codes, lo, axis=0), np.quantile(codes, hi, axis=0)], axis=1)


def traverse(model: Autoencoder, code, dim: int, values) -> torch.Tensor:
    """Decode ``code`` with latent dimension ``dim`` set to each of ``values``: (len(values), n_features)."""
    model = _check_model(model)
    dim = check_int(dim, "dim", low=0, high=model.latent_dim - 1)
    # as_array, not as_tensor: as_tensor's feature check misreads a 1-D tensor
    code = torch.from_numpy(as_array(code, "code", ndim=1, n_features=model.latent_dim, dtype=np.float32))
    values = torch.from_numpy(as_array(values, "values", ndim=1, dtype=np.float32))
    codes = code.repeat(len(values), 1)  # (n_values, latent_dim)
    codes[:, dim] = values
    return decode(model, codes)


# --------------------------------------------------------------------------- 6. plots

def plot_explained_variance(ax, pca: PCA, k: int | None = None):
    """Cumulative share of variance explained by the first components; marks ``k`` if given."""
    pca = _check_pca(pca)
    cumulative = np.cumsum(pca.explained_variance_ratio)
    steps = np.arange(1, len(cumulative) + 1)
    ax.plot(steps, cumulative, color=REAL)
    if k is not None:
        k = _check_k(pca, k)
        ax.axvline(k, color="0.5", linestyle=":")
        ax.plot([k], [cumulative[k - 1]], "o", color=GENERATED)
        ax.annotate(f"{cumulative[k - 1]:.0%} with k={k}", (k, cumulative[k - 1]), xytext=(6, -14),
                    textcoords="offset points", fontsize=9)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))  # few labels: cheap to redraw in a demo
    ax.set_yticks([0.0, 0.5, 1.0])
    ax.set_xlabel("number of components k")
    ax.set_ylabel("share of variance explained")
    ax.set_ylim(0, 1.02)
    return ax


def plot_reconstructions(ax, originals, reconstructions, *, title: str | None = None):
    """Originals on the top row, their reconstructions below, tiled into one picture."""
    originals = as_array(originals, "originals", ndim=2)
    reconstructions = as_array(reconstructions, "reconstructions", ndim=2)
    if originals.shape != reconstructions.shape:
        raise ValueError(f"originals {originals.shape} and reconstructions {reconstructions.shape} "
                         "must have the same shape: one reconstruction per original.")
    plot_digits(ax, np.clip(np.concatenate([originals, reconstructions]), 0, 1), n_cols=len(originals))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_bottleneck_curve(ax, sweep: Sweep, highlight: int | None = None):
    """Held-out reconstruction error against latent size, PCA and autoencoder side by side."""
    if not isinstance(sweep, Sweep):
        raise TypeError(f"sweep must be the result of bottleneck_sweep(...), got {type(sweep).__name__}.")
    from matplotlib.ticker import MaxNLocator

    where = np.arange(len(sweep.sizes))  # evenly spaced positions, labelled with the sizes
    ax.plot(where, sweep.pca_errors, "o-", color=REAL, label="PCA", markersize=4)
    ax.plot(where, sweep.ae_errors, "s-", color=GENERATED, label="autoencoder", markersize=4)
    if highlight is not None:
        pca_err, ae_err = sweep.errors_at(highlight)
        at = sweep.sizes.index(highlight)
        ax.axvline(at, color="0.5", linestyle=":")
        ax.plot([at, at], [pca_err, ae_err], "k.", markersize=9)
    ax.set_xticks(where, [str(k) for k in sweep.sizes], fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("latent size k (uneven steps)")
    ax.set_ylabel("held-out mean squared error")
    ax.legend(frameon=False)
    return ax


def plot_traversal(ax, model: Autoencoder, code, dim: int, values):
    """A strip of decoded images as latent dimension ``dim`` moves through ``values``."""
    images = traverse(model, code, dim, values)
    plot_digits(ax, images, n_cols=len(images))
    ax.set_title(f"latent dimension {dim} from {float(values[0]):.2f} to {float(values[-1]):.2f}", fontsize=10)
    return ax
