# %% [markdown]
# # 03 · Exercises: PCA by hand, the autoencoder's loss, and the bottleneck
#
# Six short functions that rebuild the chapter's main steps, then a test of whether a code helps a
# classifier, an experiment scored on digits you never see, a prediction to commit first, and a draw of a
# few labelled images per class. Replace each `____`, run the cell,
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
from latentedu.exercises.autoencoders import compare_with_pca, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10

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

# %% [markdown]
# ## 7. Does a code help?
#
# Section 8 of the lesson fed codes to a logistic regression. An even simpler classifier asks only
# whether each class forms a compact group: label a digit by the nearest class mean.

# %% [question q7]

# %% [markdown]
# Two numbers per digit, three ways: two raw pixels (the ones that vary most), PCA's 2-D code, and the
# 2-D code of the autoencoder trained in section 5 (20 epochs). None of them saw a label.

# %%
y_train, y_test = digits.y_train.numpy(), digits.y_test.numpy()
a, b = x_train.var(axis=0).argsort()[::-1][:2]
with torch.no_grad():
    ae_train, ae_test = model.encode(digits.x_train).numpy(), model.encode(digits.x_test).numpy()
two_numbers = {
    "two raw pixels": (x_train[:, [a, b]], x_test[:, [a, b]]),
    "PCA's 2-D code": (ae.pca_project(pca, x_train, 2), ae.pca_project(pca, x_test, 2)),
    "autoencoder's 2-D code": (ae_train, ae_test),
}
for name, (z_train, z_test) in two_numbers.items():
    print(f"{name:>23}: nearest-class-mean accuracy {centroid_accuracy(z_train, y_train, z_test, y_test)}")

# %% [markdown]
# A learned code gathers each digit into a tighter group than two measured pixels do, so even this
# crude classifier does much better with it: hidden features a model discovered without labels make
# the classification easier. Compare the two codes with each other too, and with the lesson's
# logistic-regression numbers.
#
# ## 8. Experiment: beat PCA with two numbers

# %% [question q8]

# %% [markdown]
# Your function on the notebook's own split (the check used another one):

# %%
print(compare_with_pca(train_2d_autoencoder))

# %% [markdown]
# ## 9. Predict, then train

# %% [question q9]

# %% [markdown]
# The deep linear autoencoder, trained (30 epochs), against PCA on the held-out digits:

# %%
deep_linear = ae.Autoencoder(64, 2, hidden=(128, 32), activation="identity", output="identity")
ae.train_autoencoder(deep_linear, digits.x_train, epochs=30, lr=1e-2)
print(f"deep linear autoencoder: {ae.reconstruction_error(deep_linear, digits.x_test).mean().item():.4f}")
print(f"PCA, 2 components:       {ae.pca_errors(pca, x_test, [2])[0]:.4f}")

# %% [markdown]
# ## 10. A few labels per class
#
# Section 9 of the lesson asks whether codes learned without labels help when only a few images
# per class carry a label. Its first step is the draw of those few images.

# %% [question q10]

# %% [markdown]
# Your draw on the digits: how many of each digit it picked, and what the nearest labelled
# neighbour makes of the held-out digits with so few labels, in pixels and in PCA's 8-number code
# (the lesson's `ae.few_label_curve` repeats this over five draws).

# %%
from sklearn.neighbors import KNeighborsClassifier

pca8_train, pca8_test = ae.pca_project(pca, x_train, 8), ae.pca_project(pca, x_test, 8)
for n in (1, 3, 10):
    chosen = draw_few(y_train, n, seed=0)
    if not isinstance(chosen, (np.ndarray, list)):  # measured once your function returns positions
        print("draw_few does not return positions yet: complete it above, then run this cell again.")
        break
    chosen = np.asarray(chosen)
    pixels = KNeighborsClassifier(1).fit(x_train[chosen], y_train[chosen]).score(x_test, y_test)
    codes = KNeighborsClassifier(1).fit(pca8_train[chosen], y_train[chosen]).score(pca8_test, y_test)
    print(f"n = {n:2d}: per digit {np.bincount(y_train[chosen]).tolist()}; 1-NN accuracy, pixels {pixels:.3f}, "
          f"PCA codes {codes:.3f}")

