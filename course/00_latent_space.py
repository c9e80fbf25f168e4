# %% [markdown]
# # 00 · What is latent space? High-dimensional spaces and the curse of dimensionality
#
# To a computer, a handwritten digit is a list of pixel brightnesses: a point in a space with one
# axis per pixel. This chapter takes that idea seriously. We look at the digits as points, find out
# why spaces with many axes behave so differently from the plane we can draw, and then let a small
# network find a space of its own, with just two axes, in which the digits still make sense. That
# learned space is a **latent space**, and some of its directions turn out to follow properties
# nobody ever labelled.
#
# **You will be able to answer:**
#
# - **Q1** What is a latent space, and how does it differ from the raw feature space?
# - **Q2** What is a high-dimensional vector space, and why is ML data naturally high-dimensional?
# - **Q3** What is the curse of dimensionality (volume grows, data gets sparse, distances
#   concentrate, overfitting)?
# - **Q4** What are abstract (latent) properties, such as a digit's slant or stroke thickness,
#   that nobody labelled?
#
# Every section ends with something to run and look at. The whole notebook runs offline on a
# laptop CPU; `benchmarks/run.py` times it, with every other lesson.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.neighbors import KNeighborsClassifier

import latentedu as le
from latentedu import dimensions as dm
from latentedu.autoencoders import Autoencoder, pca_fit, pca_project, train_autoencoder
from latentedu.claims import claim
from latentedu.data import load_digits
from latentedu.plotting import plot_digits, plot_points
from latentedu.widgets.dimensions import distance_concentration_explorer, noise_dimensions_explorer

le.set_seed(0)
SEED = 0  # section 3.5's noise and the autoencoder's training run; benchmarks/seeds.py repeats the claims on seeds 0-4
rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. A digit is a point in a 64-dimensional space
#
# The course's data set is scikit-learn's bundled collection of 1,797 handwritten digits, each an
# image of 8 x 8 pixels with brightness between 0 (white) and 1 (black). `load_digits` returns
# them already split into a training and a test set.

# %%
digits = load_digits()
x_train, y_train = digits.x_train, digits.y_train
x_test, y_test = digits.x_test, digits.y_test
print("training set:", tuple(x_train.shape), "  test set:", tuple(x_test.shape))

fig, ax = plt.subplots(figsize=(9, 1.2))
plot_digits(ax, x_train[:20], n_cols=20)
ax.set_title("the first 20 training digits", fontsize=10);

# %% [markdown]
# Each row of `x_train` is one image with its 64 pixels laid out row after row. The picture and
# the vector are the same numbers, arranged differently:

# %%
image = x_train[0]
print("label:", int(y_train[0]))
print("as a picture (brightness x 16, so each pixel is a whole number 0-16):")
print((image.view(8, 8) * 16).round().int().numpy())
print(f"as a vector: {image.numel()} numbers, the coordinates of one point")
print(np.round(image.numpy(), 2))

# %% [markdown]
# Being points, images have **distances**: the Euclidean distance between two images is the square
# root of the summed squared pixel differences. Here is a test digit and the five training digits
# closest to it in this 64-D pixel space.

# %%
query = x_test[0]
distances = ((x_train - query) ** 2).sum(dim=1).sqrt()  # (1347,): one distance per training image
nearest = distances.argsort(stable=True)[:5]

fig, axes = plt.subplots(1, 6, figsize=(8, 1.7))
axes[0].imshow(query.view(8, 8).numpy(), cmap="gray_r", vmin=0, vmax=1)
axes[0].set_title(f"test digit ({int(y_test[0])})", fontsize=9)
for ax, i in zip(axes[1:], nearest):
    ax.imshow(x_train[i].view(8, 8).numpy(), cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(f"{int(y_train[i])}, distance {distances[i]:.2f}", fontsize=8)
for ax in axes:
    ax.set_axis_off()

# %% [markdown]
# Close in pixel space often means "the same digit". Predicting each test digit's label from its
# single nearest training image (a 1-nearest-neighbour classifier) measures how often:

# %%
all_distances = torch.cdist(x_test, x_train)  # (450, 1347): every test image to every training image
predicted = y_train[all_distances.argmin(dim=1)]
pixel_1nn_accuracy = (predicted == y_test).float().mean().item()
print(f"1-nearest-neighbour accuracy in 64-D pixel space: {pixel_1nn_accuracy:.3f}")

# %% [markdown]
# ## 2. Why machine-learning data is high-dimensional
#
# A **vector space** of dimension *d* is the set of all lists of *d* numbers, with adding and
# scaling done coordinate by coordinate. Our digits live in a 64-dimensional one because a
# sensor measured 64 numbers. Every measured value is an axis, so real data gets many axes
# quickly:

# %%
examples = {
    "8x8 digit (this course)": (8, 8),
    "MNIST digit, 28x28": (28, 28),
    "colour photo, 224x224 RGB": (224, 224, 3),
    "1 s of audio at 16 kHz": (16_000,),
}
for name, shape in examples.items():
    print(f"{name:28s} {math.prod(shape):>9,} dimensions")

# %% [markdown]
# Yet real data fills only a sliver of its space. A point picked at random in the 64-D cube of
# all possible images is noise; you would wait forever for a random point to look like a digit.
# The digits sit on some thin, structured part of the cube, and finding that structure is what
# this course is about.

# %%
random_points = rng.uniform(0, 1, size=(10, 64))
fig, axes = plt.subplots(2, 1, figsize=(8, 2.2))
plot_digits(axes[0], x_train[20:30], n_cols=10)
axes[0].set_title("ten real digits", fontsize=9)
plot_digits(axes[1], random_points, n_cols=10)
axes[1].set_title("ten random points of the same 64-D cube", fontsize=9);

# %% [markdown]
# ## 3. The curse of dimensionality
#
# Our intuition comes from one, two and three dimensions. Four measurements show where it breaks.
#
# ### 3.1 Volume moves into the corners
#
# Put a ball of radius 1 inside the cube [-1, 1]^d that just contains it. In 2-D the disc covers
# most of the square. The ball's volume is $\pi^{d/2} / \Gamma(d/2 + 1)$ and the cube's is
# $2^d$; their ratio can also be estimated by throwing random points into the cube and counting
# how many land inside the ball:

# %%
print(f"{'d':>4} {'ball / cube (formula)':>22} {'share of random points inside':>31}")
counted = {}
for d in (1, 2, 3, 5, 10, 20, 64):
    points = rng.uniform(-1, 1, size=(20_000, d))
    counted[d] = (np.linalg.norm(points, axis=1) <= 1).mean()
    print(f"{d:>4} {dm.ball_to_cube_ratio(d):>22.3g} {counted[d]:>31.4f}")
claim("counting agrees with the formula within 0.01, and no point lands inside the ball in 20-D and 64-D",
      all(abs(counted[d] - dm.ball_to_cube_ratio(d)) < 0.01 for d in counted) and counted[20] == counted[64] == 0,
      {f"d = {d}": counted[d] for d in counted},
      says="The counts agree with the formula to within 0.01 in every dimension; in 20-D and 64-D not one of the "
           "20,000 random points lands inside the ball.")

# %% [markdown]
# The ball touches every face of the cube, yet in many dimensions it holds almost none of its
# volume. The volume has gone to the corners: a corner of the cube is $\sqrt{d}$ from the centre
# while a face is only 1 away.

# %%
dims = np.arange(1, 31)
estimates = np.array([dm.fraction_in_ball(int(d), n_samples=10_000, random_state=1) for d in dims])
fig, ax = plt.subplots(figsize=(5.5, 3.2))
dm.plot_ball_cube(ax, dims, [dm.ball_to_cube_ratio(int(d)) for d in dims], estimates=estimates)
ax.set_title("how much of the cube the ball fills", fontsize=10)
print(f"distance from the centre to a corner of the 64-D cube: {math.sqrt(64):.0f} (to a face: 1)")

# %% [markdown]
# ### 3.2 Data gets sparse
#
# To see a function's shape you need samples everywhere. With 10 bins along each axis, a grid has
# $10^d$ cells, and each cell needs a sample. Turned around: if data is spread evenly over the unit
# cube, a smaller cube that holds just 1% of it must have an edge of $0.01^{1/d}$, so in many
# dimensions a "neighbourhood" spans almost the whole range of every feature.

# %%
print(f"{'d':>4} {'cells, 10 per axis':>20} {'edge of a cube holding 1% of the data':>40}")
for d in (1, 2, 3, 10, 64):
    print(f"{d:>4} {dm.cells_to_cover(d, per_axis=10):>20.3g} {dm.edge_for_fraction(0.01, d):>40.3f}")

n_images = len(x_train) + len(x_test)
print(f"\nEven with only 2 bins per pixel the 64-D grid has {dm.cells_to_cover(64, per_axis=2):.3g} cells;")
print(f"all {n_images:,} digits could occupy at most a share {n_images / dm.cells_to_cover(64, per_axis=2):.1e} of them.")

# %% [markdown]
# ### 3.3 Distances concentrate
#
# Take 200 random points and look at all their pairwise distances. In 2-D some pairs are close and
# some far apart. In 1000-D the closest and the farthest pair differ by a small fraction of the
# distance itself: the **relative contrast** (max - min) / min shrinks.

# %%
for d in (2, 1000):
    points = dm.sample_points(200, d, "uniform", random_state=0)
    dist = dm.distance_samples(points)  # the 19,900 distances between distinct pairs
    print(f"d = {d:>4}: distances from {dist.min():.3f} to {dist.max():.3f} (mean {dist.mean():.3f}), "
          f"relative contrast {dm.relative_contrast(dist):.3g}")

# %% [markdown]
# Move the dimension slider and switch between points spread evenly in a cube and points from a
# Gaussian. The left panel shows the distances divided by their mean; the right panel shows, for
# each point, its nearest distance divided by its farthest, averaged over the points. When that
# ratio nears 1 every point is about equally far from every other, and "nearest neighbour" stops
# meaning much.

# %% tags=["nbval-ignore-output"]
demo = distance_concentration_explorer()
demo

# %% [markdown]
# The same numbers as a table, for the cube:

# %%
study = dm.distance_concentration(dm.DIMENSIONS, n_points=200, distribution="uniform", random_state=0)
print(f"{'d':>5} {'std / mean':>11} {'relative contrast':>18} {'nearest / farthest':>19}")
for d, cv, contrast, nf in zip(study.dims, study.cv, study.contrast, study.nf_ratio):
    print(f"{d:>5} {cv:>11.3f} {contrast:>18.3g} {nf:>19.3f}")

# %% [markdown]
# Real data is not spread over the whole space. Compare 200 test digits with their training set,
# and 200 random points of the 64-D cube with 1,347 other random points:

# %%
nf_digits = dm.nearest_farthest_ratio(x_test[:200], x_train)
nf_random = dm.nearest_farthest_ratio(rng.uniform(0, 1, size=(200, 64)), rng.uniform(0, 1, size=(1347, 64)))
print(f"nearest / farthest, real digits in 64-D:   {nf_digits:.3f}")
print(f"nearest / farthest, random points in 64-D: {nf_random:.3f}")
claim("real digits keep nearest and farthest apart: their ratio is under half that of random points",
      nf_digits < 0.5 * nf_random, {"real digits": nf_digits, "random points": nf_random},
      says=f"For a real digit the nearest training image is {nf_digits:.2f} times as far as the farthest; for random "
           f"points it is {nf_random:.2f} times: in real data, nearest neighbours still mean something.")

# %% [markdown]
# ### 3.4 Irrelevant features drown the signal
#
# Each extra feature adds its own random differences to every distance. Below, columns of pure
# noise (uniform in [0, 1], like the pixels) are appended to the 64 pixels, and a 5-nearest-
# neighbour classifier is trained and tested again at each level. The noise says nothing about
# the label; it only makes distances less informative.

# %%
curve = dm.knn_noise_curve(x_train, y_train, x_test, y_test, noise_dims=(0, 16, 64, 256, 1024), k=5)
for n_noise, accuracy in zip(curve.noise_dims, curve.accuracy):
    print(f"{n_noise:>5} noise features: test accuracy {accuracy:.3f}"
          f"   ({len(x_train) / (64 + n_noise):.1f} training images per dimension)")
claim("every block of noise features lowers the 5-NN accuracy", bool(np.all(np.diff(curve.accuracy) < 0)),
      {f"{n} noise features": acc for n, acc in zip(curve.noise_dims, curve.accuracy)},
      says=f"Each block of noise features lowers the accuracy, from {curve.accuracy[0]:.3f} to {curve.accuracy[-1]:.3f}.")

# %% [markdown]
# Pick a test digit and add noise: the neighbours it finds drift to other digits (red titles).
# This is the fourth face of the curse, closely tied to **overfitting**: a model that can use every
# feature will also fit the ones that carry no signal, and the fewer samples per dimension, the
# easier that is.

# %% tags=["nbval-ignore-output"]
noise_demo = noise_dimensions_explorer(curve=curve)
noise_demo

# %% [markdown]
# ### 3.5 Overfitting: a model that fits the noise
#
# A nearest-neighbour classifier only stores the training images; it fits nothing. A model with
# weights shows what irrelevant features do to training. Below, a **logistic regression** (a linear
# classifier: each digit class gets a score that is a weighted sum of all the features, one weight
# per feature and class; chapter 01 opens such models up) is fitted to the training digits with
# the same kind of noise columns appended, then scored twice: on the training digits it was fitted
# to, and on the test digits it never saw. The difference, training accuracy minus test accuracy,
# is the **train/test gap**. A model whose training accuracy rises while its test accuracy does
# not follow is **overfitting**: it has learned facts about its own training images that do not
# hold for new ones.

# %%
fit_curve = dm.noise_fit_curve(x_train, y_train, x_test, y_test, noise_dims=(0, 16, 64, 256, 1024),
                               random_state=SEED)
for n_noise, train_acc, test_acc, gap in zip(*(fit_curve[k] for k in ("noise_dims", "train", "test", "gap"))):
    print(f"{n_noise:>5} noise features: training accuracy {train_acc:.3f}, test accuracy {test_acc:.3f}, "
          f"gap {gap:.3f}   ({64 + n_noise:>4} features, {(64 + n_noise) * 10 + 10:>5} weights and biases, "
          f"{len(x_train)} training images)")

fig, ax = plt.subplots(figsize=(6, 3.2))
levels = np.arange(len(fit_curve["noise_dims"]))  # evenly spaced, labelled with the noise counts
ax.plot(levels, fit_curve["train"], "o-", label="training digits")
ax.plot(levels, fit_curve["test"], "s-", label="test digits")
ax.fill_between(levels, fit_curve["test"], fit_curve["train"], alpha=0.2, label="train/test gap")
ax.set_xticks(levels, [str(n) for n in fit_curve["noise_dims"]])
ax.set(xlabel="noise features added to the 64 pixels", ylabel="accuracy",
       title="logistic regression on the digits")
ax.legend(frameon=False, fontsize=8);

# %%
claim("the logistic regression's train/test gap widens with every block of noise features",
      bool(np.all(np.diff(fit_curve["gap"]) > 0)),
      {f"gap, {n} noise features": g for n, g in zip(fit_curve["noise_dims"], fit_curve["gap"])},
      says=f"The gap widens at every step, from {fit_curve['gap'][0]:.3f} without noise to "
           f"{fit_curve['gap'][-1]:.3f} with {fit_curve['noise_dims'][-1]} noise features.")

# %%
claim("at 1024 noise features: training accuracy 1, test accuracy below the noise-free one",
      bool(fit_curve["train"][-1] == 1.0 and fit_curve["test"][-1] < fit_curve["test"][0]),
      {"training accuracy": fit_curve["train"][-1], "test accuracy": fit_curve["test"][-1],
       "test accuracy without noise": fit_curve["test"][0]},
      says=f"With {fit_curve['noise_dims'][-1]} noise features every training digit is classified right "
           f"(training accuracy {fit_curve['train'][-1]:.3f}), while the test accuracy fell from "
           f"{fit_curve['test'][0]:.3f} to {fit_curve['test'][-1]:.3f}: the noise helped the model tell its "
           "training images apart and nothing else.")

# %% [markdown]
# With 1,088 features for 1,347 training images, the model has enough weights to single out
# training images by their noise, so its training accuracy says less and less about how it does
# on new images. That is why every result in this course is measured on held-out data, and why
# fewer, more informative features help: the next section builds two of them.

# %% [markdown]
# ## 4. A learned space with two axes
#
# If the digits occupy a thin part of the 64-D cube, fewer numbers should describe them. An
# **autoencoder** learns such a description: an encoder squeezes each image into a short code,
# here only 2 numbers, and a decoder must rebuild the 64 pixels from those 2 numbers. Training
# rewards codes that keep what matters (chapter 03 takes autoencoders apart). The space of codes
# is a **latent space**: its axes are not measured by any sensor; the network made them up.

# %% tags=["nbval-ignore-output"]
model = Autoencoder(n_features=64, latent_dim=2)
history = train_autoencoder(model, x_train, epochs=40, random_state=SEED)
print(f"mean squared reconstruction error: {history[0]:.4f} after the first epoch, "
      f"{history[-1]:.4f} after the last")

# %%
with torch.no_grad():
    z_train = model.encode(x_train).numpy()  # (1347, 2): one 2-D code per training image
    z_test = model.encode(x_test).numpy()    # (450, 2)

# %% [markdown]
# Two references keep the comparison honest. The crudest 2-D view of the raw feature space is
# two of its own axes: the two pixels whose brightness varies most over the training set (pixel
# values come in 17 steps, so the points get a little jitter to stay visible). The standard
# *linear* 2-D view is PCA's (chapter 03 derives it): the two directions of pixel space along which the
# training digits vary most, each a fixed weighted sum of all 64 pixels. The autoencoder's code is
# the third view: two learned, non-linear functions of all 64 pixels.

# %%
a, b = x_train.var(dim=0).argsort(descending=True)[:2].tolist()
pixels_test = x_test[:, [a, b]].numpy()
jitter = rng.normal(0, 0.015, size=pixels_test.shape)
pca = pca_fit(x_train.numpy().astype(np.float64), n_components=2)
pca_train = pca_project(pca, x_train.numpy().astype(np.float64), 2)  # (1347, 2)
pca_test = pca_project(pca, x_test.numpy().astype(np.float64), 2)    # (450, 2)

fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.4))
plot_points(left, pixels_test + jitter, y_test, legend=False, annotate=True)
left.set(title=f"raw feature space: pixel {a} against pixel {b}",
         xlabel=f"pixel {a} (row {a // 8}, column {a % 8})", ylabel=f"pixel {b} (row {b // 8}, column {b % 8})")
plot_points(middle, pca_test, y_test, legend=False, annotate=True)
middle.set(title="PCA: the standard linear 2-D view", xlabel="principal direction 1", ylabel="principal direction 2")
plot_points(right, z_test, y_test, legend=False, annotate=True)
right.set(title="latent space: the autoencoder's 2-D code", xlabel="latent 1", ylabel="latent 2");

# %% [markdown]
# All three views have two axes, and a 5-nearest-neighbour classifier on each gives a number for
# how much of the digits' identity two numbers can hold:

# %%
def knn_accuracy(train_features, test_features, k=5):
    """Test accuracy of a k-nearest-neighbour classifier on the given features."""
    # scikit-learn works on numpy arrays: np.asarray turns a torch tensor into one
    classifier = KNeighborsClassifier(k).fit(np.asarray(train_features), y_train.numpy())
    return classifier.score(np.asarray(test_features), y_test.numpy())


pixels2_acc = knn_accuracy(x_train[:, [a, b]], x_test[:, [a, b]])
pca2_acc = knn_accuracy(pca_train, pca_test)
latent_acc = knn_accuracy(z_train, z_test)
print(f"5-NN test accuracy with two chosen pixels:   {pixels2_acc:.3f}")
print(f"5-NN test accuracy with PCA's 2-D view:      {pca2_acc:.3f}")
print(f"5-NN test accuracy with the 2-D latent code: {latent_acc:.3f}")
print(f"(for reference, all 64 pixels:               {curve.accuracy[0]:.3f}; guessing: 0.1)")

# %%
claim("the 2-D latent code keeps more of the digits' identity than two pixels", latent_acc > pixels2_acc,
      {"latent code": latent_acc, "two pixels": pixels2_acc},
      says=f"Two learned numbers keep far more of a digit's identity than two measured pixels "
           f"({latent_acc:.3f} against {pixels2_acc:.3f}).",
      otherwise=f"On this run two measured pixels ({pixels2_acc:.3f}) did as well as the latent code ({latent_acc:.3f}).")

# %%
claim("the 2-D latent code beats PCA's 2-D projection in 5-NN accuracy", latent_acc > pca2_acc,
      {"latent code": latent_acc, "PCA-2": pca2_acc},
      says=f"PCA's linear view already has {(pca2_acc - pixels2_acc) / (latent_acc - pixels2_acc):.0%} of that gain "
           f"({pca2_acc:.3f}); the non-linear code adds the rest, {latent_acc - pca2_acc:.3f} more ({latent_acc:.3f}).",
      otherwise=f"On this run PCA's linear view ({pca2_acc:.3f}) kept as much as the non-linear code ({latent_acc:.3f}).")

# %% [markdown]
# So two numbers can hold much of a digit's identity, although less than all 64. How much of it
# comes from choosing good directions, which a linear method already does, and how much from the
# bending the autoencoder adds, the claim above prints. The bending's share depends on the
# training run: the benchmark
# (`benchmarks/seeds.py`) trained the same autoencoder from five seeds, and the cell below prints
# what it measured. Nothing else in this comparison depends on a seed.

# %%
seed_report = {  # copied from benchmarks/results/seeds-*.json (seeds 0-4); tests/test_lesson_claims.py checks it
    "the 2-D latent code beats PCA's 2-D projection in 5-NN accuracy": {
        "holds_on": 5,
        "latent code": [0.731, 0.713, 0.722, 0.720, 0.736],
        "PCA-2": [0.618, 0.618, 0.618, 0.618, 0.618],
    },
    "a latent direction follows slant better than the two-pixel view": {
        "holds_on": 4,
        "latent r": [0.503, 0.314, 0.593, 0.322, 0.069],
        "two-pixel r": [0.224, 0.224, 0.224, 0.224, 0.224],
    },
    "inside the digits' clusters a latent direction follows slant (mean r over the ten digits above 0.4)": {
        "holds_on": 5,
        "mean r": [0.473, 0.598, 0.641, 0.593, 0.559],
    },
}
knn_seeds = seed_report["the 2-D latent code beats PCA's 2-D projection in 5-NN accuracy"]
print(f"5-NN accuracy of the latent code on seeds 0-4: {min(knn_seeds['latent code']):.3f} to "
      f"{max(knn_seeds['latent code']):.3f} (PCA's view: {knn_seeds['PCA-2'][0]:.3f}); "
      f"above PCA on {knn_seeds['holds_on']} of 5 seeds")

# %% [markdown]
# ## 5. Properties nobody labelled
#
# The digits come with one label: which digit it is. Nobody recorded how slanted each one is or
# how thick its strokes are, yet both are properties of the images, and we can measure them:
#
# - **ink**, a stand-in for stroke thickness: the mean brightness of the image;
# - **slant**, from the image's moments: how many columns the ink moves to the right per row it
#   goes up (positive leans right like `/`, negative leans left like `\`).
#
# First check that the measures mean what they claim, by sorting the test digits:

# %%
ink_train, ink_test = dm.ink(x_train), dm.ink(x_test)  # the same as x.mean(dim=1)
slant_train, slant_test = dm.slant(x_train), dm.slant(x_test)

fig, axes = plt.subplots(4, 1, figsize=(8, 4.2))
order = np.argsort(slant_test, kind="stable")
panels = [(order[:10], "most left-leaning"), (order[-10:], "most right-leaning"),
          (np.argsort(ink_test, kind="stable")[:10], "least ink"),
          (np.argsort(ink_test, kind="stable")[-10:], "most ink")]
for ax, (chosen, title) in zip(axes, panels):
    plot_digits(ax, x_test[chosen], n_cols=10)
    ax.set_title(title, fontsize=9)

# %% [markdown]
# Now the question: does some direction in the 2-D latent space follow these properties? For each
# property we fit the best direction on the training codes (a linear regression of the property on
# the two latent coordinates) and measure, on the **test** digits, the correlation between the
# property and the position along that direction. Two references keep the numbers honest: the
# same fit on the two-pixel view, and the property shuffled across the test digits, which no
# direction should track.

# %%
results = {}
for name, p_train, p_test in [("slant", slant_train, slant_test), ("ink", ink_train, ink_test)]:
    direction = dm.best_direction(z_train, p_train)
    r_latent = dm.projection_correlation(z_test, p_test, direction)
    r_shuffled = dm.projection_correlation(z_test, np.random.default_rng(SEED).permutation(p_test), direction)
    pixel_direction = dm.best_direction(x_train[:, [a, b]].numpy(), p_train)
    r_pixels = dm.projection_correlation(pixels_test, p_test, pixel_direction)
    results[name] = {"direction": direction, "latent": r_latent, "pixels": r_pixels, "shuffled": r_shuffled}
    print(f"{name:>5}: latent direction r = {r_latent:+.3f}   two-pixel view r = {r_pixels:+.3f}   "
          f"shuffled property r = {r_shuffled:+.3f}")
slant_r, ink_r = results["slant"]["latent"], results["ink"]["latent"]

# %% [markdown]
# Colour the latent map by each property and draw the fitted direction:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
for ax, (name, values) in zip(axes, [("slant", slant_test), ("ink", ink_test)]):
    dm.plot_property_map(ax, z_test, values, direction=results[name]["direction"], label=name)
    ax.set_title(f"test digits coloured by {name}; r = {results[name]['latent']:+.2f} along the arrow",
                 fontsize=10)

# %% [markdown]
# Read the printed numbers as they are. A correlation of 1 would mean the position along the arrow
# predicts the property perfectly, 0 that it says nothing; the shuffled reference shows the size
# of correlation chance alone gives here. The two cells below state what this run shows, and the
# spread over five training seeds:

# %%
slant_seeds = seed_report["a latent direction follows slant better than the two-pixel view"]
claim("a latent direction follows slant better than the two-pixel view",
      results["slant"]["latent"] > results["slant"]["pixels"],
      {"latent r": results["slant"]["latent"], "two-pixel r": results["slant"]["pixels"]},
      says=f"Slant: on this run the latent direction (r = {slant_r:+.3f}) follows it more closely than the "
           f"two pixels do (r = {results['slant']['pixels']:+.3f}). That depends on the training seed: over "
           f"seeds 0-4 the latent r ranged from {min(slant_seeds['latent r']):+.3f} to "
           f"{max(slant_seeds['latent r']):+.3f}, above the two pixels on {slant_seeds['holds_on']} of 5.",
      otherwise=f"Slant: on this run the latent direction (r = {slant_r:+.3f}) does not follow it more closely "
                f"than the two pixels (r = {results['slant']['pixels']:+.3f}).")

# %%
claim("no latent direction follows ink clearly (held-out r below 0.25)", ink_r < 0.25,
      {"latent r": ink_r, "two-pixel r": results["ink"]["pixels"]},
      says=f"Ink: the latent direction's r = {ink_r:+.3f} and the two pixels' r = {results['ink']['pixels']:+.3f} "
           f"differ by {abs(ink_r - results['ink']['pixels']):.3f}, "
           f"{'less' if abs(ink_r - results['ink']['pixels']) < 2 / np.sqrt(len(y_test)) else 'more'} than two "
           f"standard errors of a correlation measured on {len(y_test)} digits ({2 / np.sqrt(len(y_test)):.3f}), "
           "so no verdict on which follows ink better: this 2-D map says little about ink.",
      otherwise=f"Ink: on this run a latent direction follows ink with r = {ink_r:+.3f}.")

# %% [markdown]
# Two things blur the picture. Both measures also respond to *which* digit it is (a 7's diagonal
# bar counts as slant, an 8 has more strokes and so more ink than a 1, as the sorted rows above
# show). And the map has only two axes, which training spends on whatever helps rebuild the pixels
# most, and the digit's identity is a large part of what the pixels say. So look inside each digit's cluster, where the identity is
# fixed, with the same held-out measurement per digit. Each digit has only a few dozen test images,
# so a single digit's r is noisy; read the mean and the spread over the ten digits.

# %%
print("digit  slant r  ink r   (direction fitted on that digit's training codes, r on its test codes)")
per_digit = {}
for digit in range(10):
    tr, te = (y_train == digit).numpy(), (y_test == digit).numpy()
    row = []
    for p_train, p_test in [(slant_train, slant_test), (ink_train, ink_test)]:
        direction = dm.best_direction(z_train[tr], p_train[tr])
        row.append(dm.projection_correlation(z_test[te], p_test[te], direction))
    per_digit[digit] = row
    print(f"{digit:>5}  {row[0]:+.3f}  {row[1]:+.3f}")
within_slant = np.array([per_digit[digit][0] for digit in range(10)])
within_ink = np.array([per_digit[digit][1] for digit in range(10)])
print(f"over the ten digits: slant r mean {within_slant.mean():+.3f} (std {within_slant.std():.3f}, "
      f"from {within_slant.min():+.3f} to {within_slant.max():+.3f}); ink r mean {within_ink.mean():+.3f} "
      f"(std {within_ink.std():.3f})")
best_digit = max(per_digit, key=lambda digit: per_digit[digit][0])
print(f"strongest slant direction on this run: inside the {best_digit}s (r = {per_digit[best_digit][0]:+.3f})")

# %%
within_seeds = seed_report["inside the digits' clusters a latent direction follows slant (mean r over the ten digits above 0.4)"]
claim("inside the digits' clusters a latent direction follows slant (mean r over the ten digits above 0.4)",
      within_slant.mean() > 0.4, {"mean r": within_slant.mean(), "std r": within_slant.std()},
      says=f"Inside the digits' clusters a latent direction follows slant: the mean held-out r over the ten "
           f"digits is {within_slant.mean():+.3f}, with a spread (std) of {within_slant.std():.3f} from digit to "
           f"digit. On the benchmark's seeds 0-4 this mean ranged from {min(within_seeds['mean r']):+.3f} to "
           f"{max(within_seeds['mean r']):+.3f}, while the r of the whole map ranged from "
           f"{min(slant_seeds['latent r']):+.3f} to {max(slant_seeds['latent r']):+.3f}.",
      otherwise=f"On this run the mean within-digit slant r is only {within_slant.mean():+.3f}.")

# %% [markdown]
# Walk along that digit's slant direction: the test images of that digit, ordered by their
# position along the direction (fitted on training images only), from one end to the other.

# %%
tr, te = (y_train == best_digit).numpy(), (y_test == best_digit).numpy()
direction = dm.best_direction(z_train[tr], slant_train[tr])
position = z_test[te] @ direction
steps = np.linspace(0, te.sum() - 1, 12).round().astype(int)
walk = x_test[te][np.argsort(position, kind="stable")[steps]]
fig, ax = plt.subplots(figsize=(8, 1.2))
plot_digits(ax, walk, n_cols=12)
ax.set_title(f"the {best_digit}s of the test set, ordered along their latent slant direction", fontsize=9);

# %% [markdown]
# ## Summary
#
# The key numbers this notebook measured, in one place:

# %%
key_numbers = {
    "1-NN accuracy in 64-D pixel space": f"{pixel_1nn_accuracy:.3f}",
    "share of the 64-D cube inside its ball": f"{dm.ball_to_cube_ratio(64):.1e}",
    "nearest / farthest of random points, d = 2 and 1000": f"{study.nf_ratio[1]:.3f}, {study.nf_ratio[-1]:.3f}",
    "nearest / farthest of real digits in 64-D": f"{nf_digits:.3f}",
    f"5-NN accuracy with 0 and {curve.noise_dims[-1]} noise features": f"{curve.accuracy[0]:.3f}, {curve.accuracy[-1]:.3f}",
    f"train/test gap, 0 and {fit_curve['noise_dims'][-1]} noise features (logistic)":
        f"{fit_curve['gap'][0]:.3f}, {fit_curve['gap'][-1]:.3f}",
    "5-NN accuracy, two pixels, PCA-2 and the 2-D latent code": f"{pixels2_acc:.3f}, {pca2_acc:.3f}, {latent_acc:.3f}",
    "held-out r of the fitted latent direction, slant and ink": f"{slant_r:+.3f}, {ink_r:+.3f}",
    "mean held-out slant r inside the ten digits (std)": f"{within_slant.mean():+.3f} ({within_slant.std():.3f})",
}
for name, value in key_numbers.items():
    print(f"{name:<58} {value}")

# %% [markdown]
# - **Q1 · Latent space vs feature space.** The feature space has one axis per measured value
#   (64 pixels). A latent space is one a model builds: each of its axes is a learned function of
#   all the features, chosen so the data can be described, and rebuilt, from fewer numbers. Our 2-D
#   code kept much more of the digits' identity than two measured pixels; much of that, PCA's linear
#   2-D view keeps too, and the non-linear code added a step on top (section 4's claims).
# - **Q2 · High-dimensional vector spaces.** A data point with *d* measurements is a vector of *d*
#   numbers; distances and directions work as in the plane. Pixels, audio samples and word counts
#   make *d* large, but real data fills only a thin, structured part of that space.
# - **Q3 · The curse of dimensionality.** As *d* grows the cube's volume goes to its corners,
#   covering the space needs exponentially many samples, distances between random points become
#   nearly equal, and irrelevant features bury the useful ones. A model flexible enough to use
#   them fits noise: its training accuracy rises while its test accuracy does not, and the
#   train/test gap widens (overfitting, section 3.5).
#   Real data is spared much of this because of its structure; the next chapters learn that structure.
# - **Q4 · Properties nobody labelled.** Slant and ink were never recorded, yet we could measure
#   them and ask whether a latent direction follows them. For slant, inside the digits' clusters,
#   one does on every seed the benchmark tried; over the whole map how well depends on the training
#   seed; for ink this 2-D map says little (section 5's claims). A learned space organises itself
#   around what explains the data, so check, with a number measured on held-out data and on more
#   than one training run, rather than assume that a property has a direction.
#
# **Next:** chapter 01 opens up the network and shows how weights and biases re-map the data, layer
# by layer.
