# %% [markdown]
# # 03 · Exercises: PCA by hand, the autoencoder's loss, and the bottleneck
#
# Six short functions that rebuild the chapter's main steps. Replace each `____`, run the cell,
# and read what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet.
# `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a solution.
# The checks use their own data, so each question works on its own; the cells after each question
# try your function on the digits.

# %%
import numpy as np
import torch

import latentedu as le
from latentedu import autoencoders as ae
from latentedu.data import load_digits
from latentedu.exercises import ____
from latentedu.exercises.autoencoders import q1, q2, q3, q4, q5, q6

le.set_seed(0)
digits = load_digits()
x_train, x_test = digits.x_train.numpy().astype(np.float64), digits.x_test.numpy().astype(np.float64)
pca = ae.pca_fit(x_train)   # mean (64,), components (64, 64): used to try your functions

# %% [markdown]
# ## 1. The code of a digit under PCA

# %% [question q1]

# %% [markdown]
# Your function gives every held-out digit a 2-number code:

# %%
codes = pca_codes(x_test, pca.mean, pca.components, 2)
print(codes.shape)

# %% [markdown]
# ## 2. Back to pixels

# %% [question q2]

# %% [markdown]
# The held-out error falls as the code grows:

# %%
for k in (2, 8, 32):
    rebuilt = pca_rebuild(x_test, pca.mean, pca.components, k)
    print(k, ((rebuilt - x_test) ** 2).mean())

# %% [markdown]
# ## 3. How many components?

# %% [question q3]

# %% [markdown]
# On the digits, from the singular values of the centred training data:

# %%
s = np.linalg.svd(x_train - pca.mean, compute_uv=False)
for share in (0.5, 0.9):
    print(share, components_needed(s, share))

# %% [markdown]
# ## 4. The autoencoder's loss

# %% [question q4]

# %% [markdown]
# Your loss on an untrained autoencoder should agree with the library's `reconstruction_error`
# averaged over the samples:

# %%
model = ae.Autoencoder(64, latent_dim=2)
with torch.no_grad():
    print(reconstruction_loss(digits.x_test, model(digits.x_test)))
print(ae.reconstruction_error(model, digits.x_test).mean())

# %% [markdown]
# ## 5. Encode, then decode

# %% [question q5]

# %% [markdown]
# Train a small autoencoder briefly and send eight held-out digits through it:

# %%
model = ae.Autoencoder(64, latent_dim=2)
ae.train_autoencoder(model, digits.x_train, epochs=20)
with torch.no_grad():
    codes, rebuilt = encode_decode(model, digits.x_test[:8])
print(codes.shape, rebuilt.shape)

# %% [markdown]
# ## 6. Choosing a bottleneck

# %% [question q6]

# %% [markdown]
# A short sweep (20 epochs per model, so the errors are higher than in the lesson), and the
# smallest code that stays within a held-out error of 0.03:

# %%
sweep = ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[1, 2, 4, 8, 16], epochs=20)
for k, error in zip(sweep.sizes, sweep.ae_errors):
    print(k, round(float(error), 4))
print("smallest size within budget:", smallest_good_size(sweep.sizes, sweep.ae_errors, 0.03))
