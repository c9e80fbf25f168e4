# %% [markdown]
# # 02 · Exercises: gradient descent and backpropagation
#
# Eight checked questions on the lesson `notebooks/02_gradient_descent.ipynb`: six that rebuild its
# steps, an experiment scored from start points you never see, and a prediction to commit first. Replace each
# `____` with your answer and run the cell: the check says *correct*, *incorrect* (and why),
# or *not attempted*. `q1.hint()` gives a hint (call it again for the next), `q1.solution()`
# shows a solution.

# %%
import numpy as np

import latentedu as le
from latentedu.exercises import ____
from latentedu.exercises.gradient_descent import q1, q2, q3, q4, q5, q6, q7, q8, race_result

le.set_seed(0)

# %% [markdown]
# ## The gradient of a loss
#
# Everything in training starts from the slope of the loss.

# %% [question q1]

# %% [question q2]

# %% [markdown]
# ## Memory in the step: momentum

# %% [question q3]

# %% [markdown]
# ## Backpropagation
#
# The chain rule, one layer at a time, from the loss backwards. If you get stuck, compare
# your lines with section 5 of the lesson.

# %% [question q4]

# %% [markdown]
# ## Choosing a learning rate
#
# Section 2 of the lesson showed why a learning rate has a hard upper limit. Use it here.

# %% [question q5]

# %% [markdown]
# ## Experiment: momentum on a narrow valley
#
# With a condition number of 100, no learning rate rescues plain gradient descent. Find a learning
# rate and a momentum that do.

# %% [question q6]

# %% [markdown]
# ## Predict, then race

# %% [question q7]

# %% [markdown]
# The race: the first step at which each optimizer is within 1e-6 of the minimum (None: not within the
# 300 steps). The optimizer race in the lesson shows the same paths on the contours.

# %%
for name, steps in race_result().items():
    print(f"{name:>9}: {steps}")

# %% [markdown]
# ## One epoch in mini-batches
#
# Section 3 of the lesson trained with shuffled mini-batches. Write the part that decides which
# samples go into which batch.

# %% [question q8]

# %% [markdown]
# ## Going further (not checked)
#
# - In the optimizer race, find the largest `lr GD/mom.` for which plain gradient descent still
#   converges on the bowl with `κ = 10`. Does the answer match `2 / c_max` with `c_max = 1`?
# - Change your `backward` from q4 to use ReLU instead of tanh. What is ReLU's derivative, and
#   where is it not defined?
