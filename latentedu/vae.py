"""Variational autoencoders: a latent space you can sample.

A plain autoencoder maps each digit to one point, and nothing tells the codes
where to go: the training codes form clusters with empty space between them,
and a code picked from that space decodes to something that is not a digit.
A variational autoencoder (VAE) encodes each digit as a small Gaussian cloud,
``N(mean, exp(log_var))``, decodes a point drawn from that cloud, and pays a
price (the KL divergence) for every cloud that strays from the prior
``N(0, I)``. The codes end up packed around the origin, so any point drawn
from ``N(0, I)`` decodes to something digit-like (Kingma & Welling, 2014,
"Auto-Encoding Variational Bayes"; Rezende, Mohamed & Wierstra, 2014).

Used by ``notebooks/07_vaes.ipynb`` and its widget (``latentedu.widgets.vae``).
The story of this module, in order:

1. The model: :class:`VAE` with ``encode`` (mean and log-variance),
   ``reparameterize``, ``decode`` and ``forward``.
2. The loss: :func:`reconstruction_loss`, :func:`kl_divergence` and
   :func:`vae_loss` (the two parts returned separately, weighted by beta as
   in Higgins et al., 2017); :func:`train_vae` trains through
   :func:`latentedu.training.fit`; :func:`evaluate` measures a trained model.
3. Codes, grids and samples, for a VAE or a plain
   :class:`~latentedu.autoencoders.Autoencoder` alike: :func:`codes`,
   :func:`decode_codes`, :func:`code_limits`, :func:`latent_grid`,
   :func:`decode_grid`, :func:`empty_cells`, :func:`sample_prior`,
   :func:`sample_fitted_gaussian`, :func:`interpolate`.
4. The beta sweep: :func:`beta_sweep` trains one VAE per beta side by side
   (a :class:`VAEStack`) and caches the result; :func:`plain_autoencoder`
   trains (and caches) the chapter 03 autoencoder to compare with.
5. Plots: ``plot_*(ax, ...) -> ax``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

import numpy as np
import torch
from torch import nn

from ._validation import as_array, as_tensor, check_int, check_number
from .autoencoders import Autoencoder, train_autoencoder
from .plotting import CLASS_COLORS
from .training import fit, reset_parameters, tensor_digest

__all__ = [
    "DEFAULT_BETAS",
    "VAE",
    "BetaSweep",
    "VAELoss",
    "VAEStack",
    "beta_sweep",
    "clear_sweep_cache",
    "code_limits",
    "codes",
    "decode_codes",
    "decode_grid",
    "empty_cells",
    "evaluate",
    "interpolate",
    "kl_divergence",
    "latent_grid",
    "plot_beta_tradeoff",
    "plot_codes",
    "plot_manifold",
    "plot_prior_contours",
    "plain_autoencoder",
    "reconstruction_loss",
    "sample_fitted_gaussian",
    "sample_prior",
    "tile_grid",
    "train_vae",
    "vae_loss",
]

DEFAULT_BETAS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)  # the weights of the KL term in the beta sweep


# --------------------------------------------------------------------------- 1. the model

def _mlp(sizes: Sequence[int], last_activation: bool) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2 or last_activation:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class VAE(nn.Module):
    """A fully connected VAE: ``n_features -> hidden -> (mean, log_var) | z -> reversed(hidden) -> n_features``.

    The default 64-64-32-2 shape (ReLU, sigmoid output) is chapter 03's
    :class:`~latentedu.autoencoders.Autoencoder` with hidden layers of 64 and
    32 (half the first layer, to train faster on a CPU); the plain autoencoder
    of ``notebooks/07_vaes.ipynb`` (:func:`plain_autoencoder`) has the same
    shape, so the two compare directly: the only differences are the second
    head that outputs a log-variance, the sampled code, and the KL term of the loss.
    """

    def __init__(self, n_features: int = 64, latent_dim: int = 2, hidden: Sequence[int] = (64, 32)):
        super().__init__()
        self.n_features = check_int(n_features, "n_features", low=1)
        self.latent_dim = check_int(latent_dim, "latent_dim", low=1, high=self.n_features)
        if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__") or len(hidden) == 0:
            raise ValueError(f"hidden must be a non-empty list of layer sizes, e.g. (128, 32), got {hidden!r}.")
        self.hidden = tuple(check_int(h, "hidden size", low=1) for h in hidden)
        self.body = _mlp([self.n_features, *self.hidden], last_activation=True)
        self.to_mean = nn.Linear(self.hidden[-1], self.latent_dim)
        self.to_log_var = nn.Linear(self.hidden[-1], self.latent_dim)
        self.decoder = nn.Sequential(_mlp([self.latent_dim, *reversed(self.hidden), self.n_features], False),
                                     nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The Gaussian each input is encoded as: its mean and its log-variance."""
        h = self.body(x)                                   # (batch, hidden[-1])
        return self.to_mean(h), self.to_log_var(h)         # (batch, latent_dim) each

    @staticmethod
    def reparameterize(mean: torch.Tensor, log_var: torch.Tensor,
                       generator: torch.Generator | None = None) -> torch.Tensor:
        """A draw from ``N(mean, exp(log_var))`` written as ``mean + std * eps`` with ``eps ~ N(0, I)``.

        The randomness sits in ``eps``, which does not depend on the weights,
        so gradients flow through ``mean`` and ``std`` (the reparameterisation
        trick of Kingma & Welling, 2014).
        """
        eps = torch.randn(mean.shape, generator=generator)  # (batch, latent_dim)
        return mean + torch.exp(0.5 * log_var) * eps       # (batch, latent_dim)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)  # (batch, n_features), pixels in (0, 1)

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """``(x_hat, mean, log_var)``: the decoded sample, and the Gaussian it was drawn from."""
        mean, log_var = self.encode(x)
        z = self.reparameterize(mean, log_var, generator)  # (batch, latent_dim)
        return self.decode(z), mean, log_var


def _check_vae(model) -> VAE:
    if not isinstance(model, VAE):
        raise TypeError(f"model must be a VAE, got {type(model).__name__}. Build one with VAE(64, latent_dim=2).")
    return model


def _check_model(model) -> nn.Module:
    if not isinstance(model, (VAE, Autoencoder)):
        raise TypeError(f"model must be a VAE or an Autoencoder, got {type(model).__name__}.")
    return model


# --------------------------------------------------------------------------- 2. the loss

def kl_divergence(mean, log_var) -> torch.Tensor:
    """KL( N(mean, diag(exp(log_var))) || N(0, I) ) for each row: shape (batch,).

    In closed form, summed over the latent dimensions:
    ``0.5 * sum(exp(log_var) + mean**2 - 1 - log_var)`` (Kingma & Welling,
    2014, appendix B). It is zero only when mean = 0 and log_var = 0.
    """
    mean = as_tensor(mean, "mean", ndim=2) if not isinstance(mean, torch.Tensor) else mean
    log_var = as_tensor(log_var, "log_var", ndim=2) if not isinstance(log_var, torch.Tensor) else log_var
    if mean.ndim != 2 or mean.shape != log_var.shape:
        raise ValueError(f"mean and log_var must both have shape (batch, latent_dim), got "
                         f"{tuple(mean.shape)} and {tuple(log_var.shape)}; pass what model.encode(x) returns.")
    return 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(dim=1)


def reconstruction_loss(x_hat: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy summed over pixels, for each row: shape (batch,).

    This is the negative log-likelihood of ``x`` under independent Bernoulli
    pixels with means ``x_hat``, the decoder Kingma & Welling (2014) used for
    MNIST. The digits' pixels are grey levels in [0, 1] rather than 0 or 1, so
    it is not an exact likelihood, but it is smallest when ``x_hat == x``.
    """
    if x_hat.shape != x.shape or x.ndim != 2:
        raise ValueError(f"x_hat and x must have the same shape (batch, n_features), got "
                         f"{tuple(x_hat.shape)} and {tuple(x.shape)}.")
    return nn.functional.binary_cross_entropy(x_hat, x, reduction="none").sum(dim=1)


class VAELoss(NamedTuple):
    """The loss of a batch and its two parts (means over the batch, in nats per digit)."""

    total: torch.Tensor           # reconstruction + beta * kl: what training minimises
    reconstruction: torch.Tensor  # how badly the sampled code rebuilds the input
    kl: torch.Tensor              # how far the encoder's Gaussians stray from the prior N(0, I)


def vae_loss(model: VAE, x, beta: float = 1.0, *, generator: torch.Generator | None = None) -> VAELoss:
    """The VAE's loss on a batch, with its reconstruction and KL parts returned separately.

    With ``beta = 1`` the total is the negative evidence lower bound (ELBO) of
    Kingma & Welling (2014), estimated with one sampled code per input.
    ``beta`` weighs the KL term as in the beta-VAE of Higgins et al. (2017):
    larger values pull the codes harder toward the prior, at the cost of
    reconstruction; ``beta = 0`` leaves a noisy autoencoder whose codes are
    free to go anywhere.
    """
    model = _check_vae(model)
    beta = check_number(beta, "beta", low=0.0)
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features) if not isinstance(x, torch.Tensor) else x
    if x.ndim != 2 or x.shape[1] != model.n_features:
        raise ValueError(f"x must have shape (batch, {model.n_features}), got {tuple(x.shape)}.")
    x_hat, mean, log_var = model(x, generator)
    reconstruction = reconstruction_loss(x_hat, x).mean()
    kl = kl_divergence(mean, log_var).mean()
    return VAELoss(reconstruction + beta * kl, reconstruction, kl)


def train_vae(model: VAE, x_train, *, beta: float = 1.0, epochs: int = 60, lr: float = 3e-3,
              batch_size: int = 128, random_state: int = 0, on_epoch_end=None,
              progress: bool | None = None) -> list[float]:
    """Train ``model`` on ``x_train`` by minimising :func:`vae_loss` with Adam. Returns the loss per epoch.

    The starting weights and the sampled codes are drawn from ``random_state``,
    and the batches come from :func:`latentedu.training.fit`.
    """
    model = _check_vae(model)
    x_train = as_tensor(x_train, "x_train", ndim=2, n_features=model.n_features)
    beta = check_number(beta, "beta", low=0.0)
    generator = torch.Generator().manual_seed(check_int(random_state, "random_state", low=0))
    reset_parameters(model, random_state)
    return fit(model, lambda m, x: vae_loss(m, x, beta, generator=generator).total, x_train, epochs=epochs,
               lr=lr, batch_size=batch_size, random_state=random_state, on_epoch_end=on_epoch_end,
               progress=progress, desc=f"VAE, beta={beta:g}")


@torch.no_grad()
def evaluate(model: VAE, x) -> dict[str, float]:
    """How a trained VAE does on ``x``, without sampling (each code is the encoder's mean).

    ``"mse"``: mean squared error per pixel of the decoded means (comparable
    with chapter 03's ``reconstruction_error``); ``"reconstruction"``: binary
    cross-entropy per digit (nats); ``"kl"``: KL divergence per digit (nats);
    ``"active_dims"``: latent dimensions whose means vary across ``x`` (variance
    above 0.01): a dimension the KL term has shut off carries no information.
    """
    model = _check_vae(model)
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features)
    model.eval()
    mean, log_var = model.encode(x)
    x_hat = model.decode(mean)
    return {
        "mse": ((x_hat - x) ** 2).mean().item(),
        "reconstruction": reconstruction_loss(x_hat, x).mean().item(),
        "kl": kl_divergence(mean, log_var).mean().item(),
        "active_dims": int((mean.var(dim=0) > 0.01).sum()),
    }


# --------------------------------------------------------------------------- 3. codes, grids and samples

@torch.no_grad()
def codes(model, x) -> np.ndarray:
    """The latent code of each row of ``x``: the encoder's mean for a VAE, the code for an Autoencoder."""
    model = _check_model(model)
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features)
    model.eval()
    out = model.encode(x)
    return (out[0] if isinstance(model, VAE) else out).numpy()  # (n, latent_dim)


@torch.no_grad()
def decode_codes(model, z) -> np.ndarray:
    """Decode latent codes ``z`` (n, latent_dim) with a VAE or an Autoencoder: (n, n_features)."""
    model = _check_model(model)
    z = as_array(z, "z", ndim=2, n_features=model.latent_dim, dtype=np.float32)
    model.eval()
    return model.decode(torch.from_numpy(z)).numpy()


def _check_limits(limits) -> np.ndarray:
    box = as_array(limits, "limits", ndim=2, n_features=2)
    if box.shape != (2, 2) or (box[:, 1] <= box[:, 0]).any():
        raise ValueError(f"limits must be ((x_low, x_high), (y_low, y_high)) with each low below its high, "
                         f"got {box.tolist()}.")
    return box


def code_limits(model, x, quantiles: tuple[float, float] = (0.01, 0.99)) -> np.ndarray:
    """The box the codes of ``x`` fill in a 2-D latent space: ((x_low, x_high), (y_low, y_high)).

    Each side is the given low and high quantile of the codes along that axis.
    """
    z = codes(model, x)
    if z.shape[1] != 2:
        raise ValueError(f"code_limits is for a 2-D latent space; this model's codes have {z.shape[1]} "
                         "dimensions. Train a model with latent_dim=2.")
    lo = check_number(quantiles[0], "quantiles[0]", low=0.0, high=1.0)
    hi = check_number(quantiles[1], "quantiles[1]", low=lo, high=1.0, low_inclusive=False)
    return np.stack([np.quantile(z, lo, axis=0), np.quantile(z, hi, axis=0)], axis=1)


def latent_grid(limits, n: int = 15) -> np.ndarray:
    """An ``n`` x ``n`` grid of 2-D codes at the centres of the cells of the box ``limits``.

    Returned as (n * n, 2) in reading order: the top row (largest second
    coordinate) first, each row from left to right, so the decoded images
    tile straight into a picture (see :func:`plot_manifold`).
    """
    box = _check_limits(limits)
    n = check_int(n, "n", low=1, high=100)
    centres = (np.arange(n) + 0.5) / n
    xs = box[0, 0] + centres * (box[0, 1] - box[0, 0])
    ys = box[1, 0] + centres[::-1] * (box[1, 1] - box[1, 0])
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def decode_grid(model, limits, n: int = 15) -> np.ndarray:
    """The decoded manifold: the images of an ``n`` x ``n`` :func:`latent_grid`, shape (n * n, n_features)."""
    model = _check_model(model)
    if model.latent_dim != 2:
        raise ValueError(f"The decoded grid needs a 2-D latent space; this model has latent_dim={model.latent_dim}.")
    return decode_codes(model, latent_grid(limits, n))


def empty_cells(z, limits, n: int = 15) -> float:
    """The share of the ``n`` x ``n`` cells of the box ``limits`` that no code in ``z`` (m, 2) falls in.

    A measure of holes: decoding such a cell asks the decoder about a place
    no training digit was ever encoded to.
    """
    z = as_array(z, "z", ndim=2, n_features=2)
    box = _check_limits(limits)
    n = check_int(n, "n", low=1, high=100)
    counts, _, _ = np.histogram2d(z[:, 0], z[:, 1], bins=n, range=box)
    return float((counts == 0).mean())


def _generator(random_state) -> torch.Generator:
    return torch.Generator().manual_seed(check_int(random_state, "random_state", low=0))


def sample_prior(model, n_samples: int = 500, *, random_state: int = 0) -> np.ndarray:
    """Draw ``n_samples`` codes from the prior N(0, I) and decode them: (n_samples, n_features).

    For a VAE this is how it generates. For a plain Autoencoder nothing tied
    its codes to N(0, I), so the same recipe shows what goes wrong.
    """
    model = _check_model(model)
    n_samples = check_int(n_samples, "n_samples", low=1, high=1_000_000)
    z = torch.randn(n_samples, model.latent_dim, generator=_generator(random_state))  # (n, latent_dim)
    return decode_codes(model, z.numpy())


def sample_fitted_gaussian(model, x, n_samples: int = 500, *, random_state: int = 0) -> np.ndarray:
    """Fit a Gaussian (mean and full covariance) to the codes of ``x``, draw codes from it, decode them.

    The fair way to sample a plain autoencoder: the Gaussian sits where its
    codes are, even though the clusters and holes inside it are not modelled.
    """
    z = codes(model, x).astype(np.float64)
    n_samples = check_int(n_samples, "n_samples", low=1, high=1_000_000)
    mean, cov = z.mean(axis=0), np.atleast_2d(np.cov(z, rowvar=False))
    root = np.linalg.cholesky(cov + 1e-9 * np.eye(len(mean)))
    eps = torch.randn(n_samples, len(mean), generator=_generator(random_state), dtype=torch.float64).numpy()
    return decode_codes(model, mean + eps @ root.T)


def interpolate(model, x_start, x_end, n_steps: int = 10) -> np.ndarray:
    """Decode ``n_steps`` evenly spaced codes on the straight line between the codes of two inputs.

    ``x_start`` and ``x_end`` are single inputs (n_features,). Returns
    (n_steps, n_features); the first and last images are the two reconstructions.
    """
    model = _check_model(model)
    ends = np.stack([as_array(x_start, "x_start", ndim=1, n_features=model.n_features),
                     as_array(x_end, "x_end", ndim=1, n_features=model.n_features)])
    n_steps = check_int(n_steps, "n_steps", low=2, high=1000)
    z = codes(model, ends)  # (2, latent_dim)
    t = np.linspace(0.0, 1.0, n_steps)[:, None]
    return decode_codes(model, (1 - t) * z[0] + t * z[1])


# --------------------------------------------------------------------------- 4. the beta sweep

class VAEStack(nn.Module):
    """Several VAEs of the same shape, one per beta, trained side by side as one module.

    Every member keeps its own weights, stored stacked so that one batched
    matrix product runs all members at once, and draws its own noise. The loss
    is the sum of the members' own losses (each with its own beta), so each
    member gets exactly the gradient it would get alone: training the stack
    trains every VAE by itself, only faster on a CPU (as chapter 03's
    ``AutoencoderStack`` does for latent sizes). :meth:`member` copies one
    member out into a plain :class:`VAE`.
    """

    def __init__(self, betas: Sequence[float], n_features: int = 64, latent_dim: int = 2,
                 hidden: Sequence[int] = (64, 32), random_state: int = 0):
        super().__init__()
        self.betas = _check_betas(betas)
        template = VAE(n_features, latent_dim, hidden)
        reset_parameters(template, random_state)  # every member starts from the same weights: only beta differs
        self.n_features, self.latent_dim, self.hidden = n_features, latent_dim, template.hidden
        self.n_body = len(template.hidden)
        layers = self._layers(template)
        m = len(self.betas)
        self.weights = nn.ParameterList(
            [nn.Parameter(layer.weight.detach().T.clone().expand(m, -1, -1).clone()) for layer in layers])
        self.biases = nn.ParameterList(
            [nn.Parameter(layer.bias.detach().clone().expand(m, 1, -1).clone()) for layer in layers])
        self.register_buffer("beta_values", torch.tensor(self.betas, dtype=torch.float32))

    def _layers(self, vae: VAE) -> list[nn.Linear]:
        """The Linear layers in the stack's order: body, the head (mean and log_var side by side), decoder."""
        body = [m for m in vae.body if isinstance(m, nn.Linear)]
        head = nn.Linear(vae.hidden[-1], 2 * vae.latent_dim)
        with torch.no_grad():
            head.weight.copy_(torch.cat([vae.to_mean.weight, vae.to_log_var.weight]))
            head.bias.copy_(torch.cat([vae.to_mean.bias, vae.to_log_var.bias]))
        decoder = [m for m in vae.decoder.modules() if isinstance(m, nn.Linear)]
        return [*body, head, *decoder]

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        h = x.unsqueeze(0).expand(len(self.betas), -1, -1)  # (members, batch, n_features)
        for i in range(self.n_body):
            h = torch.relu(torch.baddbmm(self.biases[i], h, self.weights[i]))  # (members, batch, hidden)
        head = torch.baddbmm(self.biases[self.n_body], h, self.weights[self.n_body])
        mean, log_var = head.split(self.latent_dim, dim=2)  # (members, batch, latent_dim) each
        eps = torch.randn(mean.shape, generator=generator)
        h = mean + torch.exp(0.5 * log_var) * eps  # each member's sampled codes
        last = len(self.weights) - 1
        for i in range(self.n_body + 1, last + 1):
            h = torch.baddbmm(self.biases[i], h, self.weights[i])
            h = torch.relu(h) if i < last else torch.sigmoid(h)
        return h, mean, log_var  # (members, batch, n_features), (members, batch, latent_dim) x 2

    def loss(self, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """The sum over members of each member's own :func:`vae_loss` total."""
        x_hat, mean, log_var = self(x, generator)
        target = x.unsqueeze(0).expand_as(x_hat)
        reconstruction = nn.functional.binary_cross_entropy(x_hat, target, reduction="none").sum(2).mean(1)
        kl = 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(2).mean(1)  # (members,)
        return (reconstruction + self.beta_values * kl).sum()

    def member(self, beta: float) -> VAE:
        """A plain :class:`VAE` holding a copy of the member trained with this beta."""
        if beta not in self.betas:
            raise ValueError(f"No member was trained with beta={beta!r}; the betas here are {list(self.betas)}.")
        j = self.betas.index(beta)
        model = VAE(self.n_features, self.latent_dim, self.hidden)
        layers = [m for m in model.body if isinstance(m, nn.Linear)]
        decoder = [m for m in model.decoder.modules() if isinstance(m, nn.Linear)]
        k = self.latent_dim
        with torch.no_grad():
            for layer, w, b in zip(layers + decoder, [*self.weights[:self.n_body], *self.weights[self.n_body + 1:]],
                                   [*self.biases[:self.n_body], *self.biases[self.n_body + 1:]]):
                layer.weight.copy_(w[j].T)
                layer.bias.copy_(b[j, 0])
            w, b = self.weights[self.n_body][j].T, self.biases[self.n_body][j, 0]  # (2k, hidden), (2k,)
            model.to_mean.weight.copy_(w[:k])
            model.to_mean.bias.copy_(b[:k])
            model.to_log_var.weight.copy_(w[k:])
            model.to_log_var.bias.copy_(b[k:])
        return model.eval()


def _check_betas(betas) -> tuple[float, ...]:
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) == 0:
        raise ValueError(f"betas must be a non-empty list of numbers, e.g. [0, 1, 4], got {betas!r}.")
    out = tuple(check_number(b, "beta", low=0.0) for b in betas)
    if len(set(out)) != len(out):
        raise ValueError(f"betas must not repeat a value, got {list(out)}.")
    return out


@dataclass
class BetaSweep:
    """One trained 2-D VAE per beta, and how each does on held-out digits."""

    betas: tuple[float, ...]
    models: dict[float, VAE]
    scores: dict[float, dict[str, float]]  # beta -> evaluate(model, x_test)
    seconds: float                         # training time of the whole stack
    history: list[float] = field(default_factory=list)  # summed training loss per epoch

    def model(self, beta: float) -> VAE:
        """The VAE trained with this beta."""
        if beta not in self.models:
            raise ValueError(f"The sweep has no model with beta={beta!r}; choose one of {list(self.betas)}.")
        return self.models[beta]

    def score(self, beta: float, name: str) -> float:
        """One figure of :func:`evaluate` ("mse", "reconstruction", "kl", "active_dims") for one beta."""
        self.model(beta)
        if name not in self.scores[beta]:
            raise ValueError(f"name must be one of {', '.join(map(repr, self.scores[beta]))}; got {name!r}.")
        return self.scores[beta][name]


_SWEEPS: dict[tuple, BetaSweep] = {}            # trained beta sweeps, keyed by data and settings
_AUTOENCODERS: dict[tuple, Autoencoder] = {}    # trained plain autoencoders, keyed the same way


def clear_sweep_cache() -> None:
    """Forget every trained beta sweep and plain autoencoder (the next call trains again)."""
    _SWEEPS.clear()
    _AUTOENCODERS.clear()


def beta_sweep(x_train, x_test, betas: Sequence[float] = DEFAULT_BETAS, *, latent_dim: int = 2,
               epochs: int = 60, lr: float = 3e-3, batch_size: int = 128, hidden: Sequence[int] = (64, 32),
               random_state: int = 0, on_epoch_end=None, progress: bool | None = None) -> BetaSweep:
    """Train one VAE per beta (same start, same batches) and score each on held-out ``x_test``.

    All members train at once in a :class:`VAEStack` through
    :func:`latentedu.training.fit`. The result is cached by data and settings,
    so the beta explorer in ``notebooks/07_vaes.ipynb`` gets it at once.
    """
    x_train = as_tensor(x_train, "x_train", ndim=2)
    x_test = as_tensor(x_test, "x_test", ndim=2, n_features=x_train.shape[1])
    betas = _check_betas(betas)
    latent_dim = check_int(latent_dim, "latent_dim", low=1, high=x_train.shape[1])
    key = (tensor_digest(x_train, x_test), betas, latent_dim, check_int(epochs, "epochs", low=1), float(lr),
           int(batch_size), tuple(hidden), int(random_state))
    if key in _SWEEPS:
        return _SWEEPS[key]
    stack = VAEStack(betas, x_train.shape[1], latent_dim, hidden, random_state)
    generator = _generator(random_state)
    start = time.perf_counter()
    history = fit(stack, lambda s, x: s.loss(x, generator), x_train, epochs=epochs, lr=lr,
                  batch_size=batch_size, random_state=random_state, on_epoch_end=on_epoch_end,
                  progress=progress, desc=f"{len(betas)} VAEs")
    seconds = time.perf_counter() - start
    models = {b: stack.member(b) for b in betas}
    sweep = BetaSweep(betas, models, {b: evaluate(models[b], x_test) for b in betas}, seconds, history)
    _SWEEPS[key] = sweep
    return sweep


def plain_autoencoder(x_train, *, latent_dim: int = 2, hidden: Sequence[int] = (64, 32), epochs: int = 60,
                      random_state: int = 0) -> Autoencoder:
    """Chapter 03's autoencoder (64-64-32-k by default, ReLU, sigmoid output, squared error), trained on ``x_train``.

    Trained with :func:`latentedu.autoencoders.train_autoencoder` and cached by
    data and settings, so the lesson and its demos share one model: the plain
    autoencoder that ``notebooks/07_vaes.ipynb`` holds up against the VAE.
    """
    x_train = as_tensor(x_train, "x_train", ndim=2)
    latent_dim = check_int(latent_dim, "latent_dim", low=1, high=x_train.shape[1])
    key = (tensor_digest(x_train), latent_dim, tuple(hidden), check_int(epochs, "epochs", low=1), int(random_state))
    if key not in _AUTOENCODERS:
        model = Autoencoder(x_train.shape[1], latent_dim, hidden)
        train_autoencoder(model, x_train, epochs=epochs, random_state=random_state)
        _AUTOENCODERS[key] = model
    return _AUTOENCODERS[key]


# --------------------------------------------------------------------------- 5. plots

def tile_grid(images: np.ndarray, n: int) -> np.ndarray:
    """Tile n * n square images (reading order) into one picture, a blank pixel between tiles."""
    side = int(round(np.sqrt(images.shape[1])))
    if side * side != images.shape[1] or len(images) != n * n:
        raise ValueError(f"Expected {n * n} square images for an {n} x {n} grid, got shape {images.shape}.")
    padded = np.zeros((n, n, side + 1, side + 1))
    padded[:, :, :side, :side] = images.reshape(n, n, side, side)
    return padded.transpose(0, 2, 1, 3).reshape(n * (side + 1), n * (side + 1))[:-1, :-1]


def plot_manifold(ax, images, limits, *, z=None, labels=None, size: float = 4, title: str | None = None):
    """The decoded grid of :func:`decode_grid` as one picture placed at its latent coordinates.

    Optionally draws codes ``z`` (m, 2) on top, coloured by ``labels``, so the
    holes (cells far from every code) are visible.
    """
    box = _check_limits(limits)
    images = as_array(images, "images", ndim=2)
    n = int(round(np.sqrt(len(images))))
    ax.imshow(tile_grid(np.clip(images, 0, 1), n), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest",
              extent=(box[0, 0], box[0, 1], box[1, 0], box[1, 1]),
              aspect=(box[0, 1] - box[0, 0]) / (box[1, 1] - box[1, 0]))  # square tiles
    if z is not None:
        plot_codes(ax, z, labels, size=size, alpha=0.6)
    ax.set_xlim(box[0])
    ax.set_ylim(box[1])
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_codes(ax, z, labels=None, *, size: float = 6, alpha: float = 0.8):
    """2-D codes as one scatter (cheap to redraw), coloured by digit when ``labels`` is given."""
    z = as_array(z, "z", ndim=2, n_features=2)
    if labels is None:
        colors = CLASS_COLORS[0]
    else:
        labels = as_array(labels, "labels", ndim=1, dtype=np.int64)
        if len(labels) != len(z):
            raise ValueError(f"labels has {len(labels)} entries but z has {len(z)} codes; pass one label per code.")
        colors = np.array(CLASS_COLORS)[labels % len(CLASS_COLORS)]
    ax.scatter(z[:, 0], z[:, 1], s=size, c=colors, alpha=alpha, linewidths=0)
    return ax


def plot_prior_contours(ax, radii: Sequence[float] = (1.0, 2.0)):
    """Dashed circles where the prior N(0, I) of a 2-D latent space has 1 and 2 standard deviations."""
    from matplotlib.patches import Circle

    for r in radii:
        ax.add_patch(Circle((0.0, 0.0), check_number(r, "radius", low=0.0, low_inclusive=False), fill=False,
                            linestyle="--", linewidth=0.8, color="0.3"))
    return ax


def plot_beta_tradeoff(ax, sweep: BetaSweep, highlight: float | None = None):
    """Reconstruction error against KL per digit, one point per beta: the price of a regular latent space."""
    if not isinstance(sweep, BetaSweep):
        raise TypeError(f"sweep must be the result of beta_sweep(...), got {type(sweep).__name__}.")
    kl = np.array([sweep.score(b, "kl") for b in sweep.betas])
    mse = np.array([sweep.score(b, "mse") for b in sweep.betas])
    ax.plot(kl, mse, "o-", color="0.4", markersize=4)
    for b, x, y in zip(sweep.betas, kl, mse):
        ax.annotate(f"β={b:g}", (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8)
    if highlight is not None:
        ax.plot([sweep.score(highlight, "kl")], [sweep.score(highlight, "mse")], "o", color="#d62728", markersize=8)
    ax.set_xlabel("KL per digit (nats): how far codes stray from N(0, I)")
    ax.set_ylabel("held-out MSE per pixel")
    return ax

