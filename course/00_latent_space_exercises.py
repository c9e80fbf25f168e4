# %% [markdown]
# # 00 · Exercises: points, distances and the curse of dimensionality
#
# Five short functions that rebuild the chapter's measurements by hand, then a prediction to commit
# before you measure, an experiment scored on data you never see, and a look inside a latent axis.
# Replace each `____`, run the cell, and read what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted
# yet. `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a
# solution. The checks use their own data, so each question works on its own.

# %%
import numpy as np

import latentedu as le
from latentedu.data import load_digits
from latentedu.exercises import ____
from latentedu.exercises.latent_space import decoy_data, knn_accuracy, q1, q2, q3, q4, q5, q6, q7, q8

le.set_seed(0)
digits = load_digits()

# %% [markdown]
# ## 1. From pictures to points

# %% [question q1]

# %% [markdown]
# With your function, the bundled digits become 64-D points:

# %%
images = digits.x_train.view(-1, 8, 8)  # (1347, 8, 8): the pictures
points = flatten(images)
print(points.shape)

# %% [markdown]
# ## 2. Distances between points

# %% [question q2]

# %% [markdown]
# The distances between the first five training digits (a symmetric matrix with zeros on the
# diagonal):

# %%
print(distance_matrix(digits.x_train[:5].numpy()).round(2))

# %% [markdown]
# ## 3. Where the volume goes

# %% [question q3]

# %% [markdown]
# Watch the share fall as the dimension grows:

# %%
for d in (1, 2, 3, 5, 10, 20):
    print(d, ball_to_cube(d))

# %% [markdown]
# ## 4. Distances concentrate

# %% [question q4]

# %% [markdown]
# One query against 500 random points, in 2 and in 1000 dimensions:

# %%
rng = np.random.default_rng(0)
for d in (2, 1000):
    print(d, contrast(rng.uniform(size=d), rng.uniform(size=(500, d))))

# %% [markdown]
# ## 5. A property nobody labelled

# %% [question q5]

# %% [markdown]
# Try it on a real 1-D code of the digits: the position along their direction of greatest spread
# (the first principal component, which chapter 03 explains).

# %%
from sklearn.decomposition import PCA

x = digits.x_train.numpy()
z = PCA(n_components=1).fit_transform(x)[:, 0]
print(ink_correlation(x, z))

# %% [markdown]
# ## 6. Predict, then measure
#
# Commit to a prediction first; the cell after it settles the question.

# %% [question q6]

# %% [markdown]
# The measurement: 200 random points of the unit cube, in more and more dimensions.

# %%
from latentedu import dimensions as dm

for d in (2, 10, 1000, 10_000):
    print(f"d = {d:>6}: nearest / farthest = {dm.nearest_farthest_ratio(dm.sample_points(200, d, random_state=0)):.3f}")

# %% [markdown]
# ## 7. Experiment: irrelevant features drown the signal
#
# The chapter added noise columns to the pixels and watched a nearest-neighbour classifier fail. Here
# the noise is disguised: every decoy column holds real pixel values, shuffled between the images.
# Your function decides which columns to keep; the check scores it on data sets it never saw.

# %% [question q7]

# %% [markdown]
# ## 8. A feature axis against a latent axis
#
# Two numbers per digit, two ways: two measured pixels (axes of the feature space), or the first two
# principal components (a latent space that chapter 03 explains).

# %% [question q8]

# %% [markdown]
# Use your function to ask both encoders which pixels move each of their two axes:

# %%
from latentedu.autoencoders import pca_fit

x = digits.x_train.numpy().astype(np.float64)
pca = pca_fit(x, 2)
a, b = x.var(axis=0).argsort()[::-1][:2]   # the two pixels that vary most


def pixel_encode(images):
    return images[:, [a, b]]                          # two measured features


def pca_encode(images):
    return (images - pca.mean) @ pca.components[:2].T  # two learned axes


for name, encode in (("two pixels", pixel_encode), ("PCA's 2-D code", pca_encode)):
    weights = axis_weights(encode, 64)
    print(f"{name:>15}: pixels that move each axis by more than 0.01:", (abs(weights) > 0.01).sum(axis=0))

# %% [markdown]
# A feature axis listens to one pixel. Each latent axis listens to almost all of them at once: it is a
# new direction through the 64-D pixel space, chosen by a model from the data, and not one of the
# space's own axes. That is the difference between the feature space and a latent space (Q1).
