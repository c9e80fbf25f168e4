# %% [markdown]
# # 01 · Exercises: weights, biases and layers by hand
#
# Five short tasks that rebuild the chapter's ideas (a neuron, a layer, weights chosen by hand for
# two data sets, counting a network's parameters), then an experiment scored on data you never see
# and a prediction to commit before you look, and last the loss the playground trains with, written
# out. Replace each `____`, run the cell, and read
# what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet.
# `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a solution.
# The checks use their own data, so each question works on its own.

# %%
import matplotlib.pyplot as plt
import torch

import latentedu as le
from latentedu.exercises import ____
from latentedu.exercises.weights_and_biases import line_data, q1, q2, q3, q4, q5, q6, q7, q8, spiral_trial, stripe_data
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

# %% [markdown]
# ## 6. Experiment: settings that learn the spirals
#
# The playground trained the network for you. Now choose its settings yourself: the check trains a
# fresh network with them on spirals it draws with seeds you never see.

# %%
from latentedu.neurons import make_dataset

x_spiral, y_spiral = make_dataset("spirals", 300, random_state=0)
fig, ax = plt.subplots(figsize=(4, 4))
plot_points(ax, x_spiral, y_spiral)
ax.set_aspect("equal");

# %% [question q6]

# %% [markdown]
# ## 7. Predict, then look

# %% [question q7]

# %% [markdown]
# The neuron and its tenfold copy, on the same three points, with the points where each one's `z` is 0:

# %%
points = torch.tensor([[0.0, 0.0], [1.0, 0.5], [-1.0, 1.0]])
w, b = torch.tensor([1.0, -2.0]), 0.5
for scale in (1, 10):
    ws, bs = scale * w, scale * b
    outputs = torch.sigmoid(points @ ws + bs)
    crossings = [float(-(ws[0] * x1 + bs) / ws[1]) for x1 in (0.0, 1.0)]  # x2 where z = 0
    print(f"w and b times {scale:>2}: outputs {outputs.numpy().round(3)}; "
          f"z = 0 at (0, {crossings[0]:.2f}) and (1, {crossings[1]:.2f})")

# %% [markdown]
# ## 8. The loss the playground trains with
#
# Section 5 of the lesson defined cross-entropy. Write its two-class form yourself.

# %% [question q8]
