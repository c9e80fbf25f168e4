# %% [markdown]
# # 04 · Exercises: scoring maps, neighbours, straight lines, reading t-SNE, and choosing a map
#
# Five short questions on the chapter's main tools, then three that need more thought: what one
# latent coordinate does to the pixels, a prediction you test, and a map you tune by experiment. Replace each `____`, run the cell, and read
# what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet.
# `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a solution.
# Every check builds its own data, so each question works on its own and none needs the lesson's
# notebook to have run.

# %%
import numpy as np
import torch

import latentedu as le
from latentedu.exercises import ____
from latentedu.exercises.latent_maps import q1, q2, q3, q4, q5, q6, q7, q8

le.set_seed(0)

# %% [markdown]
# ## 1. How well does a picture keep classes apart?
#
# The lesson printed a kNN accuracy beside every map. Write it yourself.

# %% [question q1]

# %% [markdown]
# ## 2. A digit's neighbours in code space
#
# The explorer listed the nearest codes of the chosen digit. Write the search.

# %% [question q2]

# %% [markdown]
# ## 3. The latent path
#
# The interpolation demo decoded points on the straight line between two codes. Make the line.

# %% [question q3]

# %% [markdown]
# ## 4. Can this map be trusted?
#
# Trustworthiness compares neighbourhoods in the map with those in the original space.

# %% [question q4]

# %% [markdown]
# ## 5. Reading a t-SNE picture

# %% [question q5]

# %% [markdown]
# ## 6. Is a latent space a subset of the pixel space?

# %% [question q6]

# %% [markdown]
# Now on the digits. A 2-D PCA code is a latent space of 2 numbers; its decoder is
# `pca.inverse_transform`. Move code coordinate 0 by one standard deviation of the codes and count
# the pixels that change by more than 0.01:

# %%
from sklearn.decomposition import PCA

from latentedu.exercises.latent_maps import exercise_digits

digits_x, _ = exercise_digits()
pca = PCA(n_components=2).fit(digits_x)
codes = pca.transform(digits_x)


def decode_pca(z):
    return pca.inverse_transform(z[None, :])[0]


if pixels_moved(decode_pca, codes[0], 0, 0.5, 0.01) is not ____:
    print("pixels that change:", pixels_moved(decode_pca, codes[0], 0, codes[:, 0].std(), 0.01), "of 64")

# %% [markdown]
# ## 7. Predict, then verify

# %% [question q7]

# %% [markdown]
# ## 8. Experiment: a map you can trust

# %% [question q8]
