# %% [markdown]
# # 03 · Dimensionality reduction and autoencoders
#
# An 8x8 digit is 64 numbers, one per pixel, but the digits do not fill that 64-dimensional
# space: a handful of directions carry most of what changes from one digit to the next. In this
# notebook you find those directions twice. First with PCA, the linear method you can write in
# five lines from the singular value decomposition; then with an **autoencoder**, a network that
# squeezes each digit through a narrow *bottleneck* and learns to rebuild it. The numbers in the
# bottleneck are a **latent code**: a learned, compressed description of the digit.
#
# **You will be able to answer:**
# - How is dimensionality reduction related to latent space, and why is PCA the linear case? (Q9)
# - What is an autoencoder, and how does the bottleneck size trade compression against fidelity? (Q10)
# - Can a code that nobody labelled still carry properties such as stroke thickness or slant? (Q4)
# - How do hidden features help a model, for example a simple classifier? (Q11)

# %%
import latentedu as le

le.set_seed(0)

import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from latentedu import autoencoders as ae
from latentedu.data import load_digits
from latentedu.dimensions import ink, slant
from latentedu.plotting import plot_digits

digits = load_digits()
x_train, x_test = digits.x_train.numpy().astype(np.float64), digits.x_test.numpy().astype(np.float64)
print(f"{len(x_train)} training digits and {len(x_test)} held-out digits, {x_train.shape[1]} pixels each")

# %% [markdown]
# ## 1. PCA, written from the SVD
#
# PCA looks for the directions along which the (centred) data varies most. The singular value
# decomposition hands them over directly: write the centred data as $X_c = U S V^\top$; the rows of
# $V^\top$ are orthonormal directions in pixel space, ordered by the singular values $S$, and the
# variance of the data along row $i$ is $S_i^2 / (n - 1)$.

# %%
mean = x_train.mean(axis=0)                       # (64,) the average digit
U, S, Vt = np.linalg.svd(x_train - mean, full_matrices=False)
components = Vt                                   # (64, 64): row i is the i-th principal direction
explained_variance = S**2 / (len(x_train) - 1)    # variance of the data along each direction
explained_ratio = explained_variance / explained_variance.sum()
print("variance along the first five directions:", explained_variance[:5].round(4))
print("share of the total variance:            ", explained_ratio[:5].round(4))

# %% [markdown]
# Check it against scikit-learn. Directions are only defined up to their sign, so compare them
# through the absolute cosine between matching rows (1 means the same line). The last few
# directions carry almost no variance (some corner pixels are blank in every digit) and are not
# uniquely defined, so the comparison uses the first 40.

# %%
from sklearn.decomposition import PCA as SklearnPCA

reference = SklearnPCA().fit(x_train)
print("largest difference in explained variance:", f"{np.abs(reference.explained_variance_ - explained_variance).max():.2e}")
cosines = np.abs((reference.components_[:40] * components[:40]).sum(axis=1))
print("smallest |cosine| between matching directions (first 40):", f"{cosines.min():.6f}")

# %% [markdown]
# `ae.pca_fit` does the same (and fixes each direction's sign as scikit-learn does); the demos
# below use it. How many directions does it take to keep most of the variance?

# %%
pca = ae.pca_fit(x_train)
cumulative = np.cumsum(pca.explained_variance_ratio)
for share in (0.5, 0.8, 0.9, 0.95):
    print(f"{share:.0%} of the variance needs {np.searchsorted(cumulative, share) + 1} of 64 directions")
fig, ax = plt.subplots(figsize=(5, 3))
ae.plot_explained_variance(ax, pca, k=8);

# %% [markdown]
# ## 2. Reconstruction from k components: the linear bottleneck
#
# Keep only the first $k$ directions. The **code** of a digit is its $k$ coordinates along them,
# and the best the code can do is to rebuild the digit as the mean plus the code times those
# directions. Measure the error on digits PCA never saw.

# %%
def reconstruct(x, k):
    codes = (x - mean) @ components[:k].T    # (n, k): the latent code
    return mean + codes @ components[:k]     # (n, 64): back in pixel space

for k in (1, 2, 4, 8, 16, 32, 64):
    error = ((reconstruct(x_test, k) - x_test) ** 2).mean()
    print(f"k = {k:2d}: held-out mean squared error {error:.4f}")

# %% [markdown]
# Move the slider: with few components every digit looks like a blurred average; each added
# direction brings back detail. The right panel is the share of variance kept.

# %% tags=["nbval-ignore-output"]
from latentedu.widgets.autoencoders import bottleneck_explorer, latent_traversal, pca_reconstruction

pca_reconstruction(digits.x_train, digits.x_test, k=8)

# %% [markdown]
# ## 3. A linear autoencoder learns PCA's subspace
#
# An autoencoder is an *encoder* that maps the input to a code and a *decoder* that maps the code
# back, trained so that the output matches the input (squared error). Make both linear, with no
# hidden layer, and it can only learn a $k$-dimensional flat subspace, just like PCA. Train one with
# $k = 4$ by gradient descent (Adam, each step on the whole training set) and compare.

# %%
linear = ae.linear_autoencoder(64, 4)
ae.train_autoencoder(linear, digits.x_train, epochs=300, lr=5e-2, batch_size=len(digits.x_train))
linear_error = ae.reconstruction_error(linear, digits.x_test).mean().item()
pca4_error = ae.pca_errors(pca, x_test, [4])[0]
print(f"held-out error: linear autoencoder {linear_error:.5f}, PCA with 4 components {pca4_error:.5f}")

# %% [markdown]
# Equal errors suggest the same subspace. **Principal angles** measure it: between two
# $k$-dimensional subspaces there are $k$ angles, all 0 when the subspaces coincide. The decoder's
# weight columns span the linear autoencoder's subspace.

# %%
decoder_directions = linear.decoder[0].weight.detach().numpy().T   # (4, 64): one row per code unit
angles = ae.principal_angles(components[:4], decoder_directions)
print("principal angles between the two subspaces (degrees):", angles.round(3))
each = [ae.principal_angles(components[i:i + 1], decoder_directions[i:i + 1])[0] for i in range(4)]
print("angle between decoder row i and principal direction i:", np.round(each, 1))

# %% [markdown]
# The subspace is the same, but the individual code axes are not the principal directions: the
# linear autoencoder is free to use any mix of them (the second line above), because any
# invertible mix of the code can be undone by the decoder at no cost. PCA is the linear
# autoencoder with one particular choice of axes: ordered, orthonormal ones.

# %% [markdown]
# ## 4. A nonlinear autoencoder
#
# Now give encoder and decoder hidden layers with ReLU between them, and a sigmoid at the output
# since pixels lie in [0, 1]: 64 -> 128 -> 32 -> k -> 32 -> 128 -> 64. The code can now follow a
# curved surface through pixel space instead of a flat one. Training is the course's one loop;
# a callback prints the held-out error every 20 epochs.

# %%
model = ae.Autoencoder(64, latent_dim=2)
print(model)

# %% tags=["nbval-ignore-output"]
def report(progress):
    if progress.epoch % 20 == 0:
        held_out = ae.reconstruction_error(progress.model, digits.x_test).mean().item()
        print(f"epoch {progress.epoch}: training loss {progress.history[-1]:.4f}, held-out error {held_out:.4f}")

start = time.perf_counter()
history = ae.train_autoencoder(model, digits.x_train, epochs=60, lr=3e-3, progress=True, on_epoch_end=report)
print(f"trained in {time.perf_counter() - start:.1f} s")

# %%
ae2_error = ae.reconstruction_error(model, digits.x_test).mean().item()
pca2_error = ae.pca_errors(pca, x_test, [2])[0]
print(f"held-out error with a 2-number code: autoencoder {ae2_error:.4f}, PCA {pca2_error:.4f}")
print(f"the autoencoder's error is {1 - ae2_error / pca2_error:.0%} lower")

fig, ax = plt.subplots(figsize=(8, 2.6))
rows = np.concatenate([x_test[:10], reconstruct(x_test[:10], 2).clip(0, 1),
                       ae.decode(model, ae.encode(model, digits.x_test[:10])).numpy()])
plot_digits(ax, rows, n_cols=10)
ax.set_title("held-out digits / PCA with k=2 / autoencoder with k=2");

# %% [markdown]
# ## 5. The bottleneck: compression against fidelity
#
# How small can the code be? Train one autoencoder per latent size from 1 to 32 and measure each
# against PCA with as many components, on the held-out digits. `ae.bottleneck_sweep` trains the ten
# models side by side in one batched module (each with its own weights and exactly its own
# gradient), which is what makes the sweep fit in seconds.

# %% tags=["nbval-ignore-output"]
sweep = ae.bottleneck_sweep(digits.x_train, digits.x_test, epochs=60, lr=3e-3, progress=True)
print(f"trained {len(sweep.sizes)} autoencoders in {sweep.seconds:.1f} s")

# %%
print(" k   PCA      autoencoder  autoencoder / PCA")
for k, pca_err, ae_err in zip(sweep.sizes, sweep.pca_errors, sweep.ae_errors):
    print(f"{k:2d}   {pca_err:.4f}   {ae_err:.4f}       {ae_err / pca_err:.2f}")
print(f"\nthe sweep's 2-D model against the one trained alone in section 4: {sweep.errors_at(2)[1]:.5f} vs {ae2_error:.5f}")

# %% [markdown]
# The two sizes the course tracks, 2 and 8:

# %%
pca_err_2, ae_err_2 = sweep.errors_at(2)
pca_err_8, ae_err_8 = sweep.errors_at(8)
for k, p, a in ((2, pca_err_2, ae_err_2), (8, pca_err_8, ae_err_8)):
    verdict = "lower" if a < p else "HIGHER"
    print(f"k = {k}: autoencoder {a:.4f} vs PCA {p:.4f}: {abs(1 - a / p):.0%} {verdict} than PCA")
crossing = [k for k, p, a in zip(sweep.sizes, sweep.pca_errors, sweep.ae_errors) if a >= p]
print(f"PCA is at least as good from k = {crossing[0]} on" if crossing else "the autoencoder is better at every size")

# %% [markdown]
# Read the curve (and the table): with a tight bottleneck, the curved code of the autoencoder
# keeps much more of each digit than PCA's flat one. With a wide bottleneck the picture turns
# around: PCA keeps improving with every direction until it is exact at 64, while these
# autoencoders, after 60 epochs, gain little from codes longer than about 12 numbers (see the
# table). A bigger code is only worth what the training can make of it.
#
# That winning margin at small sizes is not automatic. The same sweep with a learning rate ten
# times smaller (3e-4 instead of 3e-3), everything else equal:

# %%
slow = ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[2, 8], epochs=60, lr=3e-4)
for k in (2, 8):
    p, a = slow.errors_at(k)
    print(f"k = {k}: autoencoder {a:.4f} vs PCA {p:.4f} (lr 3e-4)")

# %% [markdown]
# Slide through the latent sizes: the rows are the held-out digits, PCA's reconstructions and
# the autoencoder's. The models were trained above; the demo only looks them up.

# %% tags=["nbval-ignore-output"]
bottleneck_explorer(digits.x_train, digits.x_test, latent_dim=2)

# %% [markdown]
# ## 6. Latent traversal: properties nobody labelled
#
# Nobody told the autoencoder about stroke thickness or slant. Do its code dimensions carry them
# anyway? Measure two properties of every held-out digit from its pixels, as in chapter 00:
# **ink** (mean intensity, a stand-in for stroke thickness at 8x8) and **slant** (how many columns
# the strokes move right per row upwards, from image moments). Then correlate them with each code dimension of
# the 4-D autoencoder from the sweep.

# %%
small = sweep.model(4)
codes = ae.encode(small, digits.x_test).numpy()           # (450, 4)
properties = {"ink": ink(x_test), "slant": slant(x_test)}      # chapter 00's measures
for name, values in properties.items():
    r = [np.corrcoef(codes[:, d], values)[0, 1] for d in range(4)]
    print(f"correlation of {name:5s} with z[0], z[1], z[2], z[3]:", np.round(r, 2))

# %% [markdown]
# No single axis has to line up with a property: the decoder can use any direction of the code.
# So look for the *direction* in code space that predicts each property best (a linear regression
# from the 4 code numbers to the property), and report how much of the property's variation it
# explains ($R^2$).

# %%
from sklearn.linear_model import LinearRegression

directions, r_squared = {}, {}
for name, values in properties.items():
    regression = LinearRegression().fit(codes, values)
    directions[name] = regression.coef_ / np.linalg.norm(regression.coef_)   # unit vector in code space
    r_squared[name] = regression.score(codes, values)
    print(f"{name:5s}: R^2 = {r_squared[name]:.2f} from the 4-D code")

# %% [markdown]
# A correlation over all digits can simply mean that the direction separates digit classes
# (ones are thin, eights are heavy). A fairer test looks inside each class: does position along the
# direction still follow the property among digits with the same label?

# %%
labels = digits.y_test.numpy()
for name, direction in directions.items():
    position = codes @ direction
    within = [np.corrcoef(position[labels == c], properties[name][labels == c])[0, 1] for c in range(10)]
    print(f"{name:5s}: correlation within digits 0-9:", np.round(within, 2), f"(mean {np.mean(within):.2f})")

# %% [markdown]
# Now walk along each direction, starting from one held-out digit's code, decode, and measure the
# decoded images. Compare the change with how much the property varies among real digits.

# %%
measure = {"ink": ink, "slant": slant}
fig, axes = plt.subplots(2, 1, figsize=(8, 2.8))
for ax, (name, direction) in zip(axes, directions.items()):
    position = codes @ direction
    low, high = np.quantile(position, [0.01, 0.99])
    base = codes[0] - (codes[0] @ direction) * direction     # the digit's code with this part removed
    walk = base + np.linspace(low, high, 8)[:, None] * direction
    decoded = ae.decode(small, walk).numpy()
    plot_digits(ax, decoded, n_cols=8)
    ax.set_title(f"walking along the {name} direction", fontsize=10)
    print(f"{name:5s} of the decoded digits:", measure[name](decoded).round(3),
          f"| spread (std) among held-out digits: {properties[name].std():.3f}")
fig.tight_layout()

# %% [markdown]
# Read the printed numbers before the pictures. A property that changes steadily along its
# direction, by a few times its spread among real digits, is carried by the code; one that barely
# moves is not, whatever a correlation suggested. The digit's identity may change along the walk
# too: an autoencoder is only asked to rebuild pixels, so nothing makes it keep one property per
# direction (chapter 07's VAE adds pressure that way). Try it yourself below: one slider per code
# dimension, the decoded digit updating live, its ink and slant printed underneath. Which sliders
# change the slant, and which change the digit?

# %% tags=["nbval-ignore-output"]
latent_traversal(small, digits.x_train)

# %% [markdown]
# ## 7. A denoising autoencoder
#
# Corrupt the input and ask for the clean digit back: the code can then only keep what is typical
# of digits, and the noise has nowhere to go (Vincent et al., 2008). Compare, on noisy held-out
# digits (Gaussian noise, standard deviation 0.4, clipped to [0, 1]): doing nothing, PCA with 8
# components, the plain 8-D autoencoder from the sweep, and an 8-D autoencoder trained on noisy
# inputs.

# %%
noisy_test = ae.add_noise(digits.x_test, std=0.4, random_state=1)
denoiser = ae.Autoencoder(64, latent_dim=8)
ae.train_autoencoder(denoiser, digits.x_train, epochs=60, noise=0.4)

def error_to_clean(rebuilt):
    return ((np.asarray(rebuilt) - x_test) ** 2).mean()

plain = sweep.model(8)
results = {
    "noisy input as it is": error_to_clean(noisy_test),
    "PCA, 8 components": error_to_clean(ae.pca_reconstruct(pca, ae.pca_project(pca, noisy_test, 8))),
    "plain autoencoder, k=8": error_to_clean(ae.decode(plain, ae.encode(plain, noisy_test))),
    "denoising autoencoder, k=8": error_to_clean(ae.decode(denoiser, ae.encode(denoiser, noisy_test))),
}
for name, value in results.items():
    print(f"{name:28s} mean squared error to the clean digits {value:.4f}")

# %%
fig, ax = plt.subplots(figsize=(8, 2.6))
rows = np.concatenate([x_test[:10], noisy_test[:10].numpy(),
                       ae.decode(denoiser, ae.encode(denoiser, noisy_test[:10])).numpy()])
plot_digits(ax, rows, n_cols=10)
ax.set_title("clean / noisy input / denoising autoencoder's output");

# %% [markdown]
# ## 8. Hidden features help
#
# A code is useful if it makes a task easier. Fit the same simple classifier (logistic regression
# on standardised inputs) on raw pixels, on PCA codes and on autoencoder codes of the same size,
# and score each on the held-out digits. The codes were learned without labels.

# %%
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

y_train, y_test = digits.y_train.numpy(), digits.y_test.numpy()

def accuracy(train_features, test_features):
    classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return classifier.fit(train_features, y_train).score(test_features, y_test)

accuracies = {"raw": accuracy(x_train, x_test)}
print(f"raw pixels (64 numbers): {accuracies['raw']:.3f}")
for k in (2, 4, 8):
    accuracies[f"pca{k}"] = accuracy(ae.pca_project(pca, x_train, k), ae.pca_project(pca, x_test, k))
    code = sweep.model(k)
    accuracies[f"ae{k}"] = accuracy(ae.encode(code, digits.x_train).numpy(), ae.encode(code, digits.x_test).numpy())
    print(f"k = {k}: PCA codes {accuracies[f'pca{k}']:.3f}, autoencoder codes {accuracies[f'ae{k}']:.3f}")

# %% [markdown]
# A linear classifier can only draw flat boundaries. In a 2-number code, the autoencoder has
# already bent the digits into a layout where flat boundaries separate more classes than in PCA's
# 2-D projection; the printed accuracies say how much, and whether the gap survives at 8 numbers.
# Neither code beats the raw pixels here: compression throws away some of what a classifier could
# use. The benefit of a small code is that it is small: cheaper, easier to look at (chapter 04) and
# to model (chapters 05 and 07).
#
# ## Summary
#
# - PCA is the SVD of the centred data; its first $k$ directions give the best flat $k$-dimensional
#   code for squared error, and a linear autoencoder converges to the same subspace.
# - A nonlinear autoencoder learns a curved code. At tight bottlenecks it rebuilt held-out digits
#   better than PCA here; at wide ones PCA won, and the learning rate decided whether the
#   autoencoder won at all.
# - The bottleneck size trades compression against fidelity; measure it on held-out data.
# - A code can carry properties nobody labelled: measure them (here ink and slant), look for the
#   direction that predicts them, check within classes, and walk along it before naming it.
# - Training on noisy inputs makes a denoiser; unsupervised codes can feed a classifier.
#
# Next, chapter 04 draws these codes as maps and asks what such a picture can be trusted for.
