import pytest
import torch
from torch import nn

from latentedu.autoencoders import Autoencoder, reconstruction_error, train_autoencoder
from latentedu.data import load_digits
from latentedu.training import Progress, fit


def _regression(n=256):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 3, generator=g)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    return x, y


def test_fit_learns_a_linear_map_and_calls_hooks():
    x, y = _regression()
    model = nn.Linear(3, 1)
    batches, epochs = [], []
    history = fit(model, lambda m, xb, yb: ((m(xb) - yb) ** 2).mean(), x, y, epochs=40, lr=0.05,
                  batch_size=64, on_batch_end=lambda p: batches.append(p.step),
                  on_epoch_end=[lambda p: epochs.append(p.epoch)])
    assert len(history) == 40 and history[-1] < 1e-3 < history[0]
    assert batches[-1] == 40 * 4 and epochs == list(range(1, 41))
    assert torch.allclose(model.weight.detach(), torch.tensor([[1.0, -2.0, 0.5]]), atol=0.02)


def test_fit_is_repeatable_for_a_random_state():
    x, y = _regression()
    losses = []
    for _ in range(2):
        torch.manual_seed(1)
        model = nn.Linear(3, 1)
        losses.append(fit(model, lambda m, a, b: ((m(a) - b) ** 2).mean(), x, y, epochs=3, random_state=5))
    assert losses[0] == losses[1]


def test_fit_reports_divergence_with_a_fix():
    x, y = _regression()
    with pytest.raises(FloatingPointError, match="smaller learning rate"):
        fit(nn.Linear(3, 1), lambda m, a, b: ((m(a) - b) ** 2).mean() * 1e30, x, y * 1e20,
            epochs=50, lr=1e6, optimizer="sgd")


@pytest.mark.parametrize("kwargs,message", [
    ({"lr": 0}, "lr"), ({"epochs": 0}, "epochs"), ({"optimizer": "adamw"}, "optimizer must be one of"),
])
def test_fit_checks_its_arguments(kwargs, message):
    x, y = _regression(8)
    with pytest.raises((ValueError, TypeError), match=message):
        fit(nn.Linear(3, 1), lambda m, a, b: ((m(a) - b) ** 2).mean(), x, y, **kwargs)


def test_fit_refuses_misaligned_tensors_and_non_modules():
    x, y = _regression(8)
    with pytest.raises(ValueError, match="same length"):
        fit(nn.Linear(3, 1), lambda m, a, b: a.sum(), x, y[:4])
    with pytest.raises(TypeError, match="nn.Module"):
        fit(lambda t: t, lambda m, a: a.sum(), x)


def test_autoencoder_beats_pca_at_two_dimensions():
    from sklearn.decomposition import PCA

    digits = load_digits()
    model = Autoencoder(latent_dim=2)
    history = train_autoencoder(model, digits.x_train, epochs=40)
    assert history[-1] < history[0]
    ae_error = reconstruction_error(model, digits.x_test).mean().item()
    pca = PCA(2).fit(digits.x_train.numpy())
    rebuilt = pca.inverse_transform(pca.transform(digits.x_test.numpy()))
    pca_error = float(((rebuilt - digits.x_test.numpy()) ** 2).mean())
    assert ae_error < pca_error


def test_autoencoder_training_is_seeded_and_checks_input():
    digits = load_digits()
    errors = []
    for _ in range(2):
        model = Autoencoder(latent_dim=3)
        train_autoencoder(model, digits.x_train[:200], epochs=2, random_state=3)
        errors.append(reconstruction_error(model, digits.x_test[:20]))
    assert torch.equal(errors[0], errors[1])
    with pytest.raises(ValueError, match="features"):
        train_autoencoder(Autoencoder(), torch.ones(10, 32), epochs=1)
    with pytest.raises(ValueError, match="latent_dim"):
        Autoencoder(latent_dim=100)
    assert isinstance(Progress(nn.Linear(1, 1)).history, list)
