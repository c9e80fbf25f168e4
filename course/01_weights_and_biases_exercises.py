# %% [markdown]
# # 01 · Exercises: weights, biases and layers by hand
#
# Five short tasks that rebuild the chapter's ideas: a neuron, a layer, weights chosen by hand for
# two data sets, and counting a network's parameters. Replace each `____`, run the cell, and read
# what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet.
# `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a solution.
# The checks use their own data, so each question works on its own.

# %%
import matplotlib.pyplot as plt
import torch

import latentedu as le
from latentedu.exercises import ____
from latentedu.exercises.weights_and_biases import line_data, q1, q2, q3, q4, q5, stripe_data
from latentedu.plotting import plot_points

le.set_seed(0)

# %% [markdown]
# ## 1. One neuron

# %% [question q1]

# %% [markdown]
# ## 2. A layer

# %% [question q2]

# %% [markdown]
# Your layer on three samples: a layer of 4 neurons turns each 2-D sample into a 4-D one.

# %%
X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
W = torch.tensor([[1.0, -1.0, 0.5, 0.0],
                  [0.0, 1.0, 0.5, -2.0]])
print(layer(X, W, torch.zeros(4)))

# %% [markdown]
# ## 3. Weights and a bias that separate the data
#
# Look at the data first: where does a straight line split the two classes?

# %%
x_line, y_line = line_data()
fig, ax = plt.subplots(figsize=(4, 4))
plot_points(ax, x_line, y_line)
ax.grid(alpha=0.3)
ax.set_aspect("equal");

# %% [question q3]

# %% [markdown]
# ## 4. A hidden layer by hand
#
# Here no single line works: class 1 is a stripe in the middle.

# %%
x_stripe, y_stripe = stripe_data()
fig, ax = plt.subplots(figsize=(4, 4))
plot_points(ax, x_stripe, y_stripe)
ax.grid(alpha=0.3)
ax.set_aspect("equal");

# %% [question q4]

# %% [markdown]
# ## 5. Counting parameters

# %% [question q5]

# %% [markdown]
# Compare with PyTorch's own count for the playground's network, `2 -> 16 -> 2 -> 2`:

# %%
net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 2), torch.nn.Tanh(),
                          torch.nn.Linear(2, 2))
print("PyTorch counts:", sum(p.numel() for p in net.parameters()))
print("your function: ", count_parameters([2, 16, 2, 2]))
