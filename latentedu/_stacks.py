"""Many small models of one shape, trained side by side as one module, and the cache of trained sweeps.

Chapter 03 compares autoencoders of ten latent sizes and chapter 07 VAEs of
six betas. Trained one after another on a CPU that takes minutes; stacked, so
that one batched matrix product (``torch.baddbmm``) runs every member at once,
it takes seconds. Each member keeps its own weights and the training loss is
the sum of the members' own losses, so each member gets exactly the gradient it
would get alone (and Adam treats every weight separately): training the stack
is training each model by itself.

Machinery, not course material: :func:`latentedu.autoencoders.bottleneck_sweep`
and :func:`latentedu.vae.beta_sweep` build these stacks, and keep what they
trained in one cache (:func:`remember`), emptied by :func:`clear_caches`.
"""

from __future__ import annotations

from typing import Callable, Sequence

import torch
from torch import nn

from .nets import LAYER_ACTIVATIONS

__all__ = ["AutoencoderStack", "VAEStack", "check_settings", "clear_caches", "linears", "remember"]

_CACHE: dict[tuple, object] = {}  # trained sweeps and models, keyed by what trained them and on which data


def remember(key: tuple, make: Callable[[], object]):
    """The cached result for ``key``, made by ``make()`` the first time it is asked for."""
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def clear_caches() -> None:
    """Forget every trained sweep and model (the next call trains again)."""
    _CACHE.clear()


def check_settings(values, name: str, check_one: Callable, example: str) -> tuple:
    """The members' settings (latent sizes, betas) as a tuple: a non-empty list of distinct values,
    each checked by ``check_one``."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) == 0:
        raise ValueError(f"{name} must be a non-empty list, e.g. {example}, got {values!r}.")
    out = tuple(check_one(v) for v in values)
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a value, got {list(out)}.")
    return out


def linears(model: nn.Module) -> list[nn.Linear]:
    """The ``Linear`` layers of a model, in the order its forward pass uses them."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


class AutoencoderStack(nn.Module):
    """Autoencoders that differ only in latent size, stacked (see the module's docstring).

    ``members`` are :class:`~latentedu.autoencoders.Autoencoder` s with their
    starting weights. Every latent layer is padded with zeros to the largest
    size and a mask keeps the padding at zero. :meth:`member` copies one member
    back out into a plain autoencoder.
    """

    def __init__(self, members: Sequence[nn.Module]):
        super().__init__()
        # what member() rebuilds each member from (a plain list, so not a part of the stack's parameters)
        self._shapes = [(type(m), m.n_features, m.latent_dim, m.hidden, m.activation, m.output) for m in members]
        self.sizes = tuple(m.latent_dim for m in members)
        self.top = max(self.sizes)
        self.latent_layer = len(members[0].hidden)  # index of the Linear layer that outputs the code
        self.weights, self.biases = nn.ParameterList(), nn.ParameterList()
        for i in range(len(linears(members[0]))):
            pairs = [self._padded(linears(m)[i], i) for m in members]
            self.weights.append(nn.Parameter(torch.stack([w for w, _ in pairs])))  # (members, in, out)
            self.biases.append(nn.Parameter(torch.stack([b for _, b in pairs])))   # (members, 1, out)
        mask = torch.zeros(len(self.sizes), 1, self.top)
        for j, k in enumerate(self.sizes):
            mask[j, 0, :k] = 1.0
        self.register_buffer("mask", mask)
        self.act = LAYER_ACTIVATIONS[members[0].activation]()

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

    def member(self, latent_dim: int) -> nn.Module:
        """A plain autoencoder holding a copy of the member with this latent size."""
        if latent_dim not in self.sizes:
            raise ValueError(f"No member has latent size {latent_dim!r}; the sizes here are {list(self.sizes)}.")
        j, k = self.sizes.index(latent_dim), latent_dim
        kind, *shape = self._shapes[j]
        model = kind(*shape)
        with torch.no_grad():
            for i, layer in enumerate(linears(model)):
                w, b = self.weights[i][j], self.biases[i][j, 0]  # (in, out), (out,)
                if i == self.latent_layer:
                    w, b = w[:, :k], b[:k]
                elif i == self.latent_layer + 1:
                    w = w[:k]
                layer.weight.copy_(w.T)
                layer.bias.copy_(b)
        return model.eval()


class VAEStack(nn.Module):
    """Copies of one :class:`~latentedu.vae.VAE`, one per beta, stacked (see the module's docstring).

    Every member starts from the ``template``'s weights, so only beta differs,
    and draws its own noise. :meth:`forward` gives every member's
    ``(x_hat, mean, log_var)``, each with a leading members axis; the loss is
    written with the VAE's own loss functions in :mod:`latentedu.vae`.
    :meth:`member` copies one member out into a plain VAE.
    """

    def __init__(self, template: nn.Module, betas: Sequence[float]):
        super().__init__()
        self._shape = (type(template), template.n_features, template.latent_dim, template.hidden)
        self.reparameterize = template.reparameterize
        self.betas = tuple(betas)
        self.latent_dim, self.n_body = template.latent_dim, len(template.hidden)
        m = len(self.betas)
        layers = self._layers(template)
        self.weights = nn.ParameterList(
            [nn.Parameter(layer.weight.detach().T.clone().expand(m, -1, -1).clone()) for layer in layers])
        self.biases = nn.ParameterList(
            [nn.Parameter(layer.bias.detach().clone().expand(m, 1, -1).clone()) for layer in layers])
        self.register_buffer("beta_values", torch.tensor(self.betas, dtype=torch.float32))

    @staticmethod
    def _layers(vae: nn.Module) -> list[nn.Linear]:
        """The Linear layers in the stack's order: body, the head (mean and log_var side by side), decoder."""
        head = nn.Linear(vae.hidden[-1], 2 * vae.latent_dim)
        with torch.no_grad():
            head.weight.copy_(torch.cat([vae.to_mean.weight, vae.to_log_var.weight]))
            head.bias.copy_(torch.cat([vae.to_mean.bias, vae.to_log_var.bias]))
        return [*linears(vae.body), head, *linears(vae.decoder)]

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        h = x.unsqueeze(0).expand(len(self.betas), -1, -1)  # (members, batch, n_features)
        for i in range(self.n_body):
            h = torch.relu(torch.baddbmm(self.biases[i], h, self.weights[i]))  # (members, batch, hidden)
        head = torch.baddbmm(self.biases[self.n_body], h, self.weights[self.n_body])
        mean, log_var = head.split(self.latent_dim, dim=2)  # (members, batch, latent_dim) each
        h = self.reparameterize(mean, log_var, generator)  # each member's sampled codes
        last = len(self.weights) - 1
        for i in range(self.n_body + 1, last + 1):
            h = torch.baddbmm(self.biases[i], h, self.weights[i])
            h = torch.relu(h) if i < last else torch.sigmoid(h)
        return h, mean, log_var  # (members, batch, n_features), (members, batch, latent_dim) x 2

    def member(self, beta: float) -> nn.Module:
        """A plain VAE holding a copy of the member trained with this beta."""
        if beta not in self.betas:
            raise ValueError(f"No member was trained with beta={beta!r}; the betas here are {list(self.betas)}.")
        j, k = self.betas.index(beta), self.latent_dim
        kind, *shape = self._shape
        model = kind(*shape)
        body_and_decoder = [*self.weights[:self.n_body], *self.weights[self.n_body + 1:]]
        biases = [*self.biases[:self.n_body], *self.biases[self.n_body + 1:]]
        with torch.no_grad():
            for layer, w, b in zip([*linears(model.body), *linears(model.decoder)], body_and_decoder, biases):
                layer.weight.copy_(w[j].T)
                layer.bias.copy_(b[j, 0])
            w, b = self.weights[self.n_body][j].T, self.biases[self.n_body][j, 0]  # (2k, hidden), (2k,)
            model.to_mean.weight.copy_(w[:k])
            model.to_mean.bias.copy_(b[:k])
            model.to_log_var.weight.copy_(w[k:])
            model.to_log_var.bias.copy_(b[k:])
        return model.eval()
