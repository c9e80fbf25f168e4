# %% [markdown]
# # 07 · Exercises: the pieces of a variational autoencoder
#
# Five short functions that rebuild the VAE of the lesson: the reparameterisation trick, the KL
# term, sampling from the prior, the whole loss, and spotting latent dimensions the model no
# longer uses. Then an experiment (a sampler for a latent space nobody regularised), a
# prediction you test (what the KL term charges for), and the middle of a latent path.
# Replace each `____`, run the cell, and read what the check says: ✅ correct,
# ❌ incorrect (with a reason), ✏️ not attempted yet. `q1.hint()` gives a hint (call it again for
# the next one) and `q1.solution()` shows a solution. The checks use their own data, so each
# question works on its own; the cells after each question try your function on a small VAE.

# %%
import torch

import latentedu as le
from latentedu import vae
from latentedu.data import load_digits
from latentedu.exercises import ____
from latentedu.exercises.vaes import q1, q2, q3, q4, q5, q6, q7, q8

le.set_seed(0)
digits = load_digits()
# two small VAEs (beta = 1 and beta = 4), trained briefly side by side: enough to try your functions
sweep = vae.beta_sweep(digits.x_train, digits.x_test, betas=[1.0, 4.0], epochs=15)
model = sweep.model(1.0)
mean, log_var = model.encode(digits.x_test[:6])
print("means of six held-out digits:\n", mean.detach().numpy().round(2))

# %% [markdown]
# ## 1. The reparameterisation trick

# %% [question q1]

# %% [markdown]
# Your function draws a code for each of the six digits; with `eps = 0` it gives back the means:

# %%
eps = torch.randn(mean.shape, generator=torch.Generator().manual_seed(0))
print(reparameterize(mean, log_var, eps).detach().numpy().round(2))
print(torch.equal(reparameterize(mean, log_var, torch.zeros_like(eps)), mean))

# %% [markdown]
# ## 2. The KL term

# %% [question q2]

# %% [markdown]
# Your KL for the six digits, next to the library's:

# %%
print(kl_to_prior(mean, log_var).detach().numpy().round(3))
print(vae.kl_divergence(mean, log_var).detach().numpy().round(3))

# %% [markdown]
# ## 3. Sampling from the prior

# %% [question q3]

# %% [markdown]
# Sixteen new digits from the briefly trained VAE (more training gives clearer ones, as in the lesson):

# %%
import matplotlib.pyplot as plt

from latentedu.plotting import plot_digits

with torch.no_grad():
    new_digits = sample(model.decode, 16, 2, 0)
if isinstance(new_digits, torch.Tensor):  # drawn once your function returns a tensor
    fig, ax = plt.subplots(figsize=(6, 1.2))
    plot_digits(ax, new_digits, n_cols=16)

# %% [markdown]
# ## 4. The whole loss

# %% [question q4]

# %% [markdown]
# On a batch of the training digits, your loss should match the library's total when both use the
# same sampled codes:

# %%
x = digits.x_train[:32]
x_hat, m, lv = model(x, torch.Generator().manual_seed(1))
print(vae_total_loss(x, x_hat, m, lv, 1.0).item())
print(vae.vae_loss(model, x, 1.0, generator=torch.Generator().manual_seed(1)).total.item())

# %% [markdown]
# ## 5. Latent dimensions the model no longer uses

# %% [question q5]

# %% [markdown]
# The two VAEs of the first cell, with beta = 1 and beta = 4 (15 epochs here, to keep this
# notebook quick; the lesson trains for 60). With the larger beta the KL term can shut dimensions off:

# %%
for beta in sweep.betas:
    m, lv = sweep.model(beta).encode(digits.x_test)
    print(f"beta {beta}: unused dimensions {unused_dimensions(m, lv, 0.01)}")

# %% [markdown]
# ## 6. Experiment: sampling a latent space nobody regularised
#
# A VAE samples by drawing from N(0, I), because its KL term put the codes there. A plain
# autoencoder made no such promise. Build a sampler for its codes, and measure it.

# %% [question q6]

# %% [markdown]
# ## 7. Predict, then verify: what the KL term charges for

# %% [question q7]

# %% [markdown]
# ## 8. The middle of a latent path

# %% [question q8]

# %% [markdown]
# Your function on the briefly trained VAE (its code is the encoder's mean): the midpoints of 200
# pairs of held-out digits of different classes, next to the library's, and how sure the digit
# classifier of chapter 06 is about them (the lesson's section 8 measures this for a 12-D VAE and a
# plain autoencoder):

# %%
pairs = vae.different_class_pairs(digits.y_test, 200)
with torch.no_grad():
    mine = latent_mix(lambda x: model.encode(x)[0], model.decode, digits.x_test[pairs[:, 0]],
                      digits.x_test[pairs[:, 1]], 0.5)
library = vae.interpolation_midpoints(model, digits.x_test, pairs)
if isinstance(mine, torch.Tensor):  # compared once your function returns a tensor
    print("largest difference from the library's midpoints:",
          f"{(mine - torch.as_tensor(library)).abs().max().item():.2e}")
    print("the classifier's mean confidence on your midpoints:", f"{vae.digit_confidence(mine.numpy()):.3f}")
