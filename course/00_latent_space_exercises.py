# %% [markdown]
# # 00 · Exercises: points, distances and the curse of dimensionality
#
# Five short functions that rebuild the chapter's measurements by hand. Replace each `____`, run
# the cell, and read what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted
# yet. `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a
# solution. The checks use their own data, so each question works on its own.

# %%
import numpy as np

import latentedu as le
from latentedu.data import load_digits
from latentedu.exercises import ____
from latentedu.exercises.latent_space import q1, q2, q3, q4, q5

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
