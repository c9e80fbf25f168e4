# %% [markdown]
# # 06 · Exercises: GAN losses, covered modes, the Fréchet distance, memorisation, and generating from noise
#
# Five short functions that rebuild the chapter's main measurements, then a generator you write by
# hand, a prediction you test (what the mode protocol cannot see), an experiment (how many
# samples a score needs), and the per-mode counts that show mode collapse. Replace each `____`, run the
# cell, and read what the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet.
# `q1.hint()` gives a hint (call it again for the next one) and `q1.solution()` shows a solution.
# The checks use their own data, so each question works on its own; the cells after some
# questions try your function on real numbers.

# %%
import numpy as np
import torch

import latentedu as le
from latentedu import gan as G
from latentedu.data import load_digits, make_ring, ring_centers
from latentedu.exercises import ____
from latentedu.exercises.gans import q1, q2, q3, q4, q5, q6, q7, q8, q9

le.set_seed(0)

# %% [markdown]
# ## 1. The discriminator's loss

# %% [question q1]

# %% [markdown]
# A discriminator that cannot tell the two apart says 0.5 to everything. Its loss is $2\log 2$:

# %%
print(d_loss(np.full(4, 0.5), np.full(4, 0.5)), 2 * np.log(2))

# %% [markdown]
# ## 2. The non-saturating generator loss

# %% [question q2]

# %% [markdown]
# The minimax loss $\mathrm{mean}\log(1 - D(G(z)))$ hardly changes between 0.001 and 0.01, but yours does:

# %%
for p in (0.001, 0.01, 0.1):
    print(p, np.log(1 - p), g_loss(np.array([p])))

# %% [markdown]
# ## 3. Counting covered modes

# %% [question q3]

# %% [markdown]
# On the real ring, and on the ring built with `np.linspace` (end point included):

# %%
real, _ = make_ring(2500, std=0.02, random_state=0)
centers = ring_centers(8).numpy()
angles = np.linspace(0, 2 * np.pi, 8)
trap = np.repeat(2 * np.stack([np.cos(angles), np.sin(angles)], 1), 10, axis=0)
print(modes_covered(real.numpy(), centers, 0.02), modes_covered(trap, centers, 0.02))

# %% [markdown]
# ## 4. The Fréchet distance between two Gaussians

# %% [question q4]

# %% [markdown]
# The same Gaussian, shifted by 1 along every one of 10 axes, is at distance 10:

# %%
print(frechet_diag(np.zeros(10), np.ones(10), np.ones(10), np.ones(10)))

# %% [markdown]
# ## 5. Spotting memorisation

# %% [question q5]

# %% [markdown]
# On the digits: copies of training images against genuinely new digits, with a threshold of 1.0
# (in pixel units, each pixel between 0 and 1):

# %%
digits = load_digits()
train, new = digits.x_train.numpy(), digits.x_test.numpy()
print("copies:", memorised_share(train[:100], train, 1.0), " new digits:", memorised_share(new[:100], train, 1.0))

# %% [markdown]
# ## 6. Generating from noise: a generator by hand

# %% [question q6]

# %% [markdown]
# Your generator's samples, scored like the real ring, and a straight walk through its noise
# space: as the first noise number grows, the samples step from mode to mode.

# %%
z = torch.randn(2500, 4, generator=torch.Generator().manual_seed(1))
samples = ring_generator(z)
if isinstance(samples, torch.Tensor):
    print(ring_report(samples))
    walk = torch.zeros(9, 4)
    walk[:, 0] = torch.linspace(-2, 2, 9)
    print(ring_generator(walk).numpy().round(2))

# %% [markdown]
# ## 7. Predict, then verify: what the mode protocol cannot see

# %% [question q7]

# %% [markdown]
# ## 8. Experiment: how many samples does a score need?

# %% [question q8]

# %% [markdown]
# ## 9. High-quality samples per mode

# %% [question q9]

# %% [markdown]
# Your counts on the real ring, on a hand-made collapsed set (every sample in one tight streak 0.4
# from mode 5, as the chapter's collapsed GAN) and on the same streak moved onto mode 5:

# %%
streak = centers[5] * 1.2 + np.linspace(-0.05, 0.05, 200)[:, None] * np.array([[1.0, -1.0]])
print("real ring:   ", mode_counts(real.numpy(), centers, 0.02))
print("off-mode streak:", mode_counts(streak, centers, 0.02))
print("on-mode streak: ", mode_counts(streak - centers[5] * 0.2, centers, 0.02))
