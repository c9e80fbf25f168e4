# %% [markdown]
# # 04 · Exercises: scoring maps, neighbours, straight lines, and reading t-SNE
#
# Five short questions on the chapter's main tools. Replace each `____`, run the cell, and read
# what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet.
# `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a solution.
# Every check builds its own data, so each question works on its own and none needs the lesson's
# notebook to have run.

# %%
import numpy as np
import torch

import latentedu as le
from latentedu.exercises import ____
from latentedu.exercises.latent_maps import q1, q2, q3, q4, q5

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
# ## Your results

# %%
from latentedu.exercises import results

for row in results("latent_maps"):
    print(f"{row['question']:18s} {row['outcome']}")
