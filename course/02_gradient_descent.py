# %% [markdown]
# # 02 · Gradient descent and backpropagation
#
# In chapter 01 a network's weights and biases decided what its layers did to the data, and
# training found good ones. This chapter opens up training: a **loss** says how wrong the
# network is, its **gradient** says which way each weight should move to make it less wrong,
# **gradient descent** takes small steps that way, and **backpropagation** is how the gradient
# of every weight is computed at once.
#
# **You will be able to answer:**
# - How are weights and biases adjusted: what is a loss, how does gradient descent use its
#   gradient, and how does backpropagation compute that gradient? (Q7)
# - What do the learning rate, momentum and adaptive optimizers (RMSprop, Adam) do to the path
#   through the loss surface? (Q8)
#
# **Sections:** 1. Gradient descent by hand on a small regression · 2. Too small, about right,
# too large: the learning rate · 3. Mini-batches, epochs and stochastic gradient descent ·
# 4. The optimizer race: momentum, Nesterov, RMSprop, Adam · 5. Backpropagation by hand, checked
# twice · 6. Watching a latent representation form

# %%
import inspect
import math

import matplotlib.pyplot as plt
import numpy as np
import torch

import latentedu as le
from latentedu import descent
from latentedu.claims import claim
from latentedu.data import load_digits, make_circles
from latentedu.plotting import REAL, plot_curve
from latentedu.training import fit
from latentedu.widgets.descent import hidden_layer_epochs, optimizer_race

le.set_seed(0)
SEED = 0  # section 3's shuffles, the starting weights in sections 5 and 6; benchmarks/seeds.py tries 0-4

# %% [markdown]
# ## 1. Gradient descent by hand on a small regression
#
# Forty points lie near a straight line. The model is the line `pred = w * x + b`, with one
# weight and one bias, and the **loss** is the mean squared error
# `L(w, b) = mean((w * x + b - y)**2)`: zero for a perfect fit, and the larger, the further the
# line passes from the points.

# %%
rng = np.random.default_rng(0)
x = rng.uniform(-3, 3, size=40)
y = 1.7 * x + 0.8 + rng.normal(0, 0.5, size=40)  # the line the data came from, plus noise

# %% [markdown]
# The **gradient** is the pair of slopes `(dL/dw, dL/db)`: how fast the loss rises when `w`
# (or `b`) grows a little. The chain rule on one term `(w * x_i + b - y_i)**2` gives
# `2 * (w * x_i + b - y_i) * x_i` for `w` and `2 * (w * x_i + b - y_i)` for `b`; the mean of
# the loss has the mean of those as its gradient.

# %%
def loss_and_gradient(w, b):
    residual = w * x + b - y  # how far each prediction is off
    return np.mean(residual ** 2), np.mean(2 * residual * x), np.mean(2 * residual)


# %% [markdown]
# Gradient descent repeats one move: step each parameter a little **against** its slope,
# `w <- w - lr * dL/dw`. The **learning rate** `lr` sets how big "a little" is.

# %%
def gradient_descent(lr, num_steps=100, w=0.0, b=0.0):
    losses, params = [], [(w, b)]
    for _ in range(num_steps):
        loss, dw, db = loss_and_gradient(w, b)
        losses.append(loss)
        w, b = w - lr * dw, b - lr * db  # the whole of gradient descent is this line
        params.append((w, b))
    losses.append(loss_and_gradient(w, b)[0])
    return np.array(losses), np.array(params)


losses, params = gradient_descent(lr=0.05)
w_fit, b_fit = params[-1]
w_best, b_best = np.polyfit(x, y, deg=1)  # the exact least-squares line, for comparison
print(f"gradient descent, 100 steps: w = {w_fit:.4f}, b = {b_fit:.4f}, loss = {losses[-1]:.5f}")
print(f"exact least squares:         w = {w_best:.4f}, b = {b_best:.4f}, "
      f"loss = {loss_and_gradient(w_best, b_best)[0]:.5f}")

# %%
fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(10, 3.6))
ax_fit.scatter(x, y, s=14, color=REAL, label="data")
for step in (0, 2, 10, 100):
    w_s, b_s = params[step]
    ax_fit.plot([-3, 3], [-3 * w_s + b_s, 3 * w_s + b_s], alpha=0.4 + 0.6 * step / 100, label=f"step {step}")
ax_fit.set(xlabel="x", ylabel="y", title="the line after some steps")
ax_fit.legend(fontsize=8, frameon=False)
plot_curve(ax_loss, losses, log=True)
ax_loss.set_title("loss per step (log scale)")
plt.show()

# %% [markdown]
# The loss falls fast, then levels off at the noise floor: the least-squares line is the
# best any straight line can do, and gradient descent lands on it (compare the two printed
# lines above). No formula for the answer was needed, only the slope at the current point:
# that is why the same recipe trains networks with millions of weights.

# %% [markdown]
# ## 2. Too small, about right, too large: the learning rate
#
# The loss of a line is a quadratic bowl in `(w, b)`. Along each of the bowl's axes one step
# multiplies the distance to the minimum by `1 - lr * c`, where `c` is the curvature along that
# axis (an eigenvalue of the loss's second-derivative matrix, the Hessian). The distance shrinks
# only while `|1 - lr * c| < 1`, so the steepest axis sets a hard limit: `lr < 2 / c_max`.

# %%
hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])  # second derivatives of L
curvatures = np.linalg.eigvalsh(hessian)
lr_limit = 2 / curvatures.max()
print(f"curvatures of the loss: {curvatures[0]:.3f} and {curvatures[1]:.3f}")
print(f"gradient descent is stable for lr < 2 / {curvatures.max():.3f} = {lr_limit:.4f}")

# %%
trials = {"too small": 0.005, "about right": 0.15, "near the limit": 0.95 * lr_limit,
          "too large": 1.05 * lr_limit}
fig, (ax_loss, ax_path) = plt.subplots(1, 2, figsize=(11, 4))
ws, bs = np.meshgrid(np.linspace(-0.5, 3.5, 80), np.linspace(-1.5, 3.0, 80))
surface_wb = np.mean((ws[..., None] * x + bs[..., None] - y) ** 2, axis=-1)  # the loss at every (w, b)
ax_path.contour(ws, bs, surface_wb, levels=np.geomspace(0.3, 30, 12), colors="grey", linewidths=0.6)
for label, lr in trials.items():
    trial_losses, trial_params = gradient_descent(lr, num_steps=60)
    line, = ax_loss.plot(trial_losses, label=f"{label} (lr = {lr:.3f})")
    shown = trial_params[:25] if label != "too large" else trial_params[:7]
    ax_path.plot(shown[:, 0], shown[:, 1], ".-", color=line.get_color(), lw=1, markersize=4)
    print(f"{label:>14}: lr = {lr:.4f}, loss after 60 steps = {trial_losses[-1]:.4g}")
    trials[label] = trial_losses
ax_loss.set(yscale="log", xlabel="step", ylabel="loss", title="the same descent, four learning rates")
ax_loss.legend(frameon=False, fontsize=8)
ax_path.plot(w_best, b_best, "*", color="gold", markeredgecolor="black", markersize=14)
ax_path.set(xlim=(-0.5, 3.5), ylim=(-1.5, 3.0), xlabel="w", ylabel="b", title="their paths in the (w, b) plane")
plt.show()
least = loss_and_gradient(w_best, b_best)[0]
claim("below the limit the loss settles, above it the loss grows",
      trials["near the limit"][-1] < 1.01 * least < trials["too small"][-1] and trials["too large"][-1] > trials["too large"][0],
      {"too small": trials["too small"][-1], "near the limit": trials["near the limit"][-1],
       "too large": trials["too large"][-1], "least squares": least},
      says=f"After 60 steps, just under the limit the loss is within 1% of the least-squares loss ({least:.4f}); too "
           f"small a rate is still at {trials['too small'][-1]:.4f}, and just over the limit the loss has grown "
           f"from {trials['too large'][0]:.4f} to {trials['too large'][-1]:.3g}.")

# %% [markdown]
# Too small crawls (its path has not reached the star). Just under the limit each step
# overshoots along the steep direction and lands on the far side of the valley, but a little
# closer each time, so it still settles: the zig-zag path. Just over the limit each
# overshoot is larger than the last, the path flies off the plot and the loss grows without
# bound. In a real network nobody computes the
# Hessian: the learning rate is found by trying values, which is what the race below lets
# you do by hand.

# %% [markdown]
# ## 3. Mini-batches, epochs and stochastic gradient descent
#
# Every step so far used the gradient of the loss on **all** the points. With 40 points that is
# cheap; with thousands of images it means reading the whole data set for every single step.
# Networks are trained differently:
#
# - An **epoch** is one pass over the training data. At the start of each epoch the samples are
#   shuffled and cut into **mini-batches** of a fixed size, the last one holding whatever is left,
#   so an epoch has `ceil(n / batch_size)` batches and uses every sample exactly once.
# - Each batch gives one step, taken with the gradient of the loss **on that batch alone**: an
#   estimate of the full gradient from a random part of the data. Training this way is
#   **stochastic gradient descent** (SGD). A batch of one sample is SGD in its oldest form; a
#   batch holding every sample is the full-batch descent of section 1 again.
#
# Ten samples cut into batches of 4, for one epoch:

# %%
batches = descent.epoch_batches(10, batch_size=4, random_state=SEED)
for i, batch in enumerate(batches):
    print(f"batch {i}: samples {batch.tolist()}")
print("every sample exactly once:", sorted(np.concatenate(batches).tolist()) == list(range(10)))

# %% [markdown]
# Now 200 points from the same kind of line, and one epoch of SGD with batches of 32, written out.
# The update is section 1's, computed on the batch's points only:

# %%
data_rng = np.random.default_rng(2)
x_many = data_rng.uniform(-3, 3, size=200)
y_many = 1.7 * x_many + 0.8 + data_rng.normal(0, 0.5, size=200)
start, lr_sgd = (-0.5, -1.0), 0.05

w_sgd, b_sgd = start
epoch_rng = np.random.default_rng(SEED)  # the seed decides the shuffle
n_steps = 0
for batch in descent.epoch_batches(len(x_many), 32, epoch_rng):
    residual = w_sgd * x_many[batch] + b_sgd - y_many[batch]  # this batch's points only
    w_sgd, b_sgd = w_sgd - lr_sgd * np.mean(2 * residual * x_many[batch]), b_sgd - lr_sgd * np.mean(2 * residual)
    n_steps += 1
print(f"one epoch with batches of 32: {n_steps} steps (ceil(200 / 32) = {math.ceil(200 / 32)}), "
      f"now w = {w_sgd:.4f}, b = {b_sgd:.4f}")

# %% [markdown]
# `descent.minibatch_paths` runs the same loop for several batch sizes from one start, for 10
# epochs each, and records every point and the loss on all 200 points there. All three runs use
# the learning rate above; the batch of 200 is full-batch gradient descent.

# %%
runs = descent.minibatch_paths(x_many, y_many, batch_sizes=(200, 32, 1), lr=lr_sgd, epochs=10, start=start,
                               random_state=SEED)
same = bool(np.allclose(runs[32].path[n_steps], (w_sgd, b_sgd), rtol=0, atol=1e-12))
print(f"the library's batch-32 run after one epoch: w = {runs[32].path[n_steps, 0]:.4f}, "
      f"b = {runs[32].path[n_steps, 1]:.4f}; the same point as the loop above: {same}")
fig, (ax_path, ax_steps, ax_epochs) = plt.subplots(1, 3, figsize=(15, 4.2))
descent.plot_minibatch_paths(ax_path, runs, x_many, y_many, epochs=2)
ax_path.set_title("the first 2 epochs in the (w, b) plane", fontsize=10)
descent.plot_minibatch_losses(ax_steps, runs, against="steps")
ax_steps.set_title("loss against steps", fontsize=10)
descent.plot_minibatch_losses(ax_epochs, runs, against="epochs")
ax_epochs.set_title("loss against epochs (the work done)", fontsize=10)
plt.show()
w_line, b_line = np.polyfit(x_many, y_many, deg=1)  # the least-squares line of the 200 points
least_many = np.mean((w_line * x_many + b_line - y_many) ** 2)
print(f"least-squares loss of these points: {least_many:.4f}")
print(f"{'batch':>6} {'steps/epoch':>11} {'after 7 steps':>13} {'after 1 epoch':>13} {'after 10 epochs':>15} "
      f"{'range over the last epoch':>27}")
for size, run in runs.items():
    low, high = run.last_epoch.min(), run.last_epoch.max()
    print(f"{size:>6} {run.steps_per_epoch:>11} {run.loss[7]:>13.4f} {run.epoch_ends[1]:>13.4f} "
          f"{run.loss[-1]:>15.4f} {low:>13.4f} to {high:.4f}")

# %% [markdown]
# Two clocks can be read off these curves. Against **steps** (middle), the three runs move the
# same number of times. Against **epochs** (right), they have done the same work: every run has
# computed the gradient of the same number of samples. In one epoch the full batch takes one step
# and the batch of 32 takes seven:

# %%
full, b32, b1 = runs[200], runs[32], runs[1]
claim("after one epoch, batches of 32 and of 1 are below the full batch's loss after its one step",
      max(b32.epoch_ends[1], b1.epoch_ends[1]) < full.epoch_ends[1],
      {"full batch": full.epoch_ends[1], "batch 32": b32.epoch_ends[1], "batch 1": b1.epoch_ends[1]},
      says=f"After one epoch the full batch is at {full.epoch_ends[1]:.3f}, the batch of 32 at "
           f"{b32.epoch_ends[1]:.3f} and the batch of 1 at {b1.epoch_ends[1]:.3f}: for the same work, "
           "many rough steps went further than one exact step.")

# %% [markdown]
# Why a rough step is good enough: a batch's gradient points roughly the right way. Below, at the
# start point, each batch of one epoch is compared with the gradient on all 200 points (the mean of
# `|g_batch - g_full| / |g_full|` over the batches):

# %%
spread = {size: descent.batch_gradient_spread(x_many, y_many, start, size, random_state=SEED)
          for size in (200, 32, 8, 1)}
for size, value in spread.items():
    print(f"batch {size:>3}: the batch gradient is off by {value:.3f} of the full gradient's length, on average")

# %%
claim("the smaller the batch, the further its gradient from the full gradient",
      bool(np.all(np.diff(list(spread.values())) > 0)), {f"batch {s}": v for s, v in spread.items()},
      says=f"The error grows as the batch shrinks, from 0 for the full batch to {spread[32]:.3f} for 32 and "
           f"{spread[1]:.3f} for a single sample (for batches drawn at random it grows roughly like "
           "1 / sqrt(batch size)).")

# %% [markdown]
# A step with a batch of 32 costs the gradients of 32 samples instead of 200. Step for step, over the
# first seven steps:

# %%
step_ratio = b32.loss[7] / full.loss[7]
claim("step for step, the batch of 32 keeps up with the full batch (within 20% after 7 steps)",
      abs(step_ratio - 1) < 0.2, {"full batch": full.loss[7], "batch 32": b32.loss[7]},
      says=f"After 7 steps the batch of 32 is at {b32.loss[7]:.3f} and the full batch at {full.loss[7]:.3f} "
           f"(a ratio of {step_ratio:.2f}); the single sample is at {b1.loss[7]:.3f}, far noisier.")

# %% [markdown]
# The price is noise. The gradient of a batch is never exactly zero at the least-squares line, so
# with a fixed learning rate the path keeps jittering around the star instead of settling on it;
# the smaller the batch, the larger the jitter (the green cloud in the left panel, the ragged
# curves on the right). Compare the range of the loss over the last epoch:

# %%
jitter = {size: float(np.ptp(run.last_epoch)) for size, run in runs.items()}
claim("batch 1 keeps jittering: its last-epoch loss range is over 10 times batch 32's",
      jitter[1] > 10 * jitter[32], {"range, batch 1": jitter[1], "range, batch 32": jitter[32],
                                    "loss of the full batch after 10 epochs": full.loss[-1]},
      says=f"Over the last epoch the batch of 1 moves between {b1.last_epoch.min():.3f} and "
           f"{b1.last_epoch.max():.3f} (the least-squares loss is {least_many:.4f}); the batch of 32 stays "
           f"within {jitter[32]:.4f}. The full batch has no jitter, but after 10 epochs, 10 steps, it is still at "
           f"{full.loss[-1]:.3f}.")

# %% [markdown]
# In practice the choice sits in between: batches large enough that the gradient is a good
# estimate and the arithmetic runs in parallel, small enough for many steps per epoch; the
# learning rate is often lowered late in training to calm the jitter. From chapter 03 on, the
# networks train with `latentedu.training.fit`, the course's one training loop, in shuffled
# mini-batches, with Adam (section 4's race) taking the steps. Its default batch size, and what
# it means for the 1,347 training digits:

# %%
course_batch = inspect.signature(fit).parameters["batch_size"].default
n_digits = len(load_digits().x_train)
print(f"training.fit's batch size: {course_batch}; for {n_digits} training digits that is "
      f"ceil({n_digits} / {course_batch}) = {math.ceil(n_digits / course_batch)} steps per epoch, "
      f"the last batch holding {n_digits - (math.ceil(n_digits / course_batch) - 1) * course_batch} digits")

# %% [markdown]
# Most networks of chapters 03-07 train with batches of that size: the autoencoders of chapters 03
# and 04, chapter 06's ring GANs and the VAEs of chapter 07. Chapter 05's detector and chapter 06's
# digit GAN use batches of 64, and chapter 03 also trains one linear autoencoder on the full batch.

# %% [markdown]
# ## 4. The optimizer race: momentum, Nesterov, RMSprop, Adam
#
# A plain descent step uses only today's slope. The optimizers used to train networks add
# memory. With `g` the gradient at the current point `p` (the rules are `torch.optim`'s):
#
# | optimizer | update | idea |
# |---|---|---|
# | gradient descent | `p -= lr * g` | follow the slope |
# | momentum (Polyak 1964) | `v = beta * v + g`; `p -= lr * v` | a heavy ball: keep moving the way you were going |
# | Nesterov (1983) | `v = beta * v + g`; `p -= lr * (g + beta * v)` | momentum that looks one step ahead |
# | RMSprop (Tieleman & Hinton 2012) | `s = 0.99 s + 0.01 g**2`; `p -= lr * g / sqrt(s)` | divide each coordinate by its typical gradient size |
# | Adam (Kingma & Ba 2015) | momentum's `m` and RMSprop's `s`, both averaged and bias-corrected | both ideas at once |
#
# `le.descent.descent_path` writes these rules out in numpy (read it: each is a line or two).
# First, a check that they are really the rules PyTorch uses: the same start, the same
# settings, 150 steps, on each of the four surfaces of the race.

# %%
differences = {}
for name in descent.SURFACES:
    surface = descent.make_surface(name, condition=30)
    for optimizer in descent.OPTIMIZERS:
        lr = surface.adaptive_lr if optimizer in ("rmsprop", "adam") else surface.lr
        ours = descent.descent_path(surface, surface.start, optimizer, lr, 150, momentum=0.8)
        theirs = descent.torch_path(surface, surface.start, optimizer, lr, 150, momentum=0.8)
        differences[name, optimizer] = np.abs(ours - theirs).max()
max_diff_torch = max(differences.values())
worst = max(differences, key=differences.get)
n_exact = sum(d < 1e-12 for d in differences.values())
print(f"{len(differences)} paths of 150 steps compared with torch.optim")
print(f"{n_exact} of them agree to within 1e-12 at every step")
print(f"largest difference anywhere: {max_diff_torch:.1e} ({worst[1]} on the {worst[0]})")
claim("the numpy rules visit the same points as torch.optim (within 1e-6)", max_diff_torch < 1e-6,
      {"largest difference": max_diff_torch},
      says=f"They match: the largest difference, {max_diff_torch:.1e}, is far below 1e-6.")

# %% [markdown]
# The numpy rules and `torch.optim` visit the same points. The few differences above 1e-12
# are rounding: autograd and the hand-written gradient round the last bit differently, and
# near a minimum, where an adaptive optimizer divides a tiny gradient by another tiny number,
# such last-bit differences grow a little. So what the race draws is what `torch.optim` does.
#
# The first surface is a **tilted bowl** with curvature 1 along one axis and `1 / kappa` along
# the other: `kappa`, the **condition number**, says how stretched the bowl is. Networks'
# losses are stretched like this in many directions at once.

# %%
bowl = descent.make_surface("bowl", condition=30)
paths = descent.race(bowl, lr=1.0, adaptive_lr=0.3, momentum=0.7, num_steps=200)
fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(11, 4.4))
descent.plot_paths(ax_path, bowl, paths)
descent.plot_loss_curves(ax_loss, bowl, paths)
plt.show()
first, stays = {}, {}
for name, path in paths.items():
    gap = bowl.gap(path)                                   # loss above the minimum, at every step
    first[name] = descent.steps_to_reach(bowl, path)       # the first step within 1e-6
    stays[name] = int(np.flatnonzero(gap >= 1e-6)[-1]) + 1  # within 1e-6 from this step on
    print(f"{descent.OPTIMIZER_NAMES[name]:>16}: first within 1e-6 of the minimum at step {first[name]}, "
          f"stays within from step {stays[name]}; largest gap after arriving {gap[first[name]:].max():.2g} "
          f"(step {first[name] + gap[first[name]:].argmax()})")

# %% [markdown]
# With these settings (printed above) the first arrival and staying there are not the same thing.
# Look at RMSprop: it gets within 1e-6 early, then its curve spikes and the path is thrown far
# back out before it settles again. The reason is its divisor `s`, an average of recent squared
# gradients. Near the minimum the gradients are tiny, so `s` shrinks step by step and the
# effective learning rate `lr / sqrt(s)` grows, until it passes the stability limit of
# section 2 along the bowl's steep axis. Then each step overshoots more than the last, as the
# too-large rate did there; the growing gradients refill `s`, the effective rate drops and the
# path settles again. Momentum and Adam also leave the 1e-6 band briefly after arriving, by far
# less.

# %%
claim("momentum settles at the minimum sooner than gradient descent, RMSprop and Adam on this bowl",
      stays["momentum"] < min(stays["gd"], stays["rmsprop"], stays["adam"]),
      {descent.OPTIMIZER_NAMES[n]: stays[n] for n in stays},
      says=f"Momentum stays within 1e-6 from step {stays['momentum']}, plain descent from step {stays['gd']}: "
           "it builds up speed along the flat floor of the bowl, where each single gradient is tiny. The "
           f"adaptive optimizers settle later here (RMSprop at step {stays['rmsprop']}, Adam at step "
           f"{stays['adam']}): rescaling each coordinate is not a guarantee of speed.")

# %% [markdown]
# How much momentum helps depends on the
# stretch. For a bowl whose curvatures lie between `mu` and `L`, the best plain step is
# `lr = 2 / (L + mu)`, and the best heavy ball uses `lr = 4 / (sqrt(L) + sqrt(mu))**2` with
# `beta = ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu)))**2` (Polyak 1964; Goh's Distill article
# "Why Momentum Really Works", 2017, explores this). The table counts the steps each needs.

# %%
print(f"{'kappa':>6} {'gradient descent':>17} {'momentum':>9}   steps to within 1e-6, each at its best settings")
counts = {}
for kappa in (4, 16, 64, 256):
    bowl_k = descent.make_surface("bowl", condition=kappa)
    mu, big = 1 / kappa, 1.0
    gd_path = descent.descent_path(bowl_k, bowl_k.start, "gd", 2 / (big + mu), 1200)
    beta = ((np.sqrt(big) - np.sqrt(mu)) / (np.sqrt(big) + np.sqrt(mu))) ** 2
    heavy = descent.descent_path(bowl_k, bowl_k.start, "momentum", 4 / (np.sqrt(big) + np.sqrt(mu)) ** 2,
                                 1200, momentum=beta)
    counts[kappa] = (descent.steps_to_reach(bowl_k, gd_path), descent.steps_to_reach(bowl_k, heavy))
    print(f"{kappa:>6} {counts[kappa][0]:>17} {counts[kappa][1]:>9}")
gd_growth = [counts[4 * k][0] / counts[k][0] for k in (4, 16, 64)]
momentum_growth = [counts[4 * k][1] / counts[k][1] for k in (4, 16, 64)]
claim("when kappa grows four-fold, plain descent needs about 4x the steps and momentum about 2x",
      all(3 <= g <= 5 for g in gd_growth) and all(1.5 <= g <= 2.5 for g in momentum_growth),
      {"gradient descent growth": gd_growth, "momentum growth": momentum_growth},
      says="Each time kappa grows four-fold, plain descent needs "
           f"{min(gd_growth):.1f} to {max(gd_growth):.1f} times the steps, and momentum {min(momentum_growth):.1f} to "
           f"{max(momentum_growth):.1f} times as many.")

# %% [markdown]
# Momentum's cost grows like the square root of the stretch, plain descent's in proportion. This is
# why some form of momentum (plain, Nesterov's, or the `m` inside Adam) is the usual choice
# for training networks.
#
# Now race them yourself (the colours are those of the picture above; the line under the demo
# names them and says where each optimizer got to). Things to try:
# - **Learning rate**: push the `lr GD/mom.` slider up until the paths diverge (the readout says
#   at which step), then back down until they crawl.
# - **Stretch**: raise the bowl's `κ` and watch gradient descent slow while momentum copes.
# - **Saddle**: choose the saddle and set `start y` to exactly 0: the slope there points straight
#   at the saddle point, so every optimizer stops on it. A start of 0.001 is enough to escape;
#   compare how long each takes to notice.
# - **Rosenbrock's valley**: the floor of the valley curves. Which optimizers follow it?
# - RMSprop and Adam take steps of about `lr` whatever the slope's size, so they have their own
#   learning rate slider. On the tilted bowl, are they faster than momentum?

# %% tags=["nbval-ignore-output"]
race_demo = optimizer_race()
race_demo

# %% [markdown]
# ## 5. Backpropagation by hand, checked twice
#
# Gradient descent needs the slope of the loss with respect to **every** weight. For a line
# that was two short formulas. For a network, **backpropagation** (Rumelhart, Hinton and
# Williams 1986) gets them all in one backward sweep: the chain rule applied layer by layer,
# starting from the loss and reusing each layer's result for the layer before it.
#
# A tiny network: 3 inputs, a hidden layer of 4 tanh units, 1 output; mean squared error.

# %%
params = descent.init_two_layer(n_in=3, n_hidden=4, n_out=1, random_state=0)
W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
rng = np.random.default_rng(1)
xb = rng.normal(size=(8, 3))  # 8 samples
yb = rng.normal(size=(8, 1))

# forward: remember what each layer produced
z1 = xb @ W1 + b1    # (8, 4) the hidden layer before its activation
h = np.tanh(z1)      # (8, 4) the hidden layer
out = h @ W2 + b2    # (8, 1) the output
loss = np.mean((out - yb) ** 2)

# backward: one chain-rule step per line, from the loss back to the first layer
d_out = 2 * (out - yb) / out.size  # dL/d out
d_W2 = h.T @ d_out                 # out = h @ W2 + b2, so dL/dW2 = h^T (dL/d out)
d_b2 = d_out.sum(axis=0)
d_h = d_out @ W2.T                 # ... and dL/dh = (dL/d out) W2^T
d_z1 = d_h * (1 - h ** 2)          # tanh'(z) = 1 - tanh(z)**2
d_W1 = xb.T @ d_z1
d_b1 = d_z1.sum(axis=0)
by_hand = {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}
print(f"loss = {loss:.6f}; the gradient has {sum(g.size for g in by_hand.values())} entries, one per parameter")

# %% [markdown]
# Two independent checks. **Autograd**: PyTorch records the forward pass and runs the chain
# rule itself. **Numerical gradient**: nudge one parameter by `eps` up and down and measure the
# change in the loss, `(L(p + eps) - L(p - eps)) / (2 eps)`, no calculus at all, but two forward
# passes per parameter (far too slow for a real network; fine for 21 parameters).

# %%
p = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
torch_out = torch.tanh(torch.from_numpy(xb) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
((torch_out - torch.from_numpy(yb)) ** 2).mean().backward()  # autograd fills each .grad
autograd = {name: tensor.grad.numpy() for name, tensor in p.items()}

def forward_loss(q):  # the loss from a forward pass only: no derivatives anywhere
    return np.mean((descent.two_layer_forward(q, xb)["out"] - yb) ** 2)


numerical = descent.numerical_gradient(forward_loss, params, eps=1e-6)

vs_autograd = descent.compare_gradients(by_hand, autograd, label="by hand vs autograd", rtol=1e-10, atol=1e-12)
vs_numerical = descent.compare_gradients(by_hand, numerical, label="by hand vs numerical", rtol=1e-5, atol=1e-8)
print(vs_autograd)
print(vs_numerical)
backprop_diff_autograd = vs_autograd.max_difference
backprop_diff_numerical = vs_numerical.max_difference

# %% [markdown]
# Backpropagation and autograd do the same arithmetic, so they agree to the last few digits
# of a 64-bit float. The numerical gradient agrees less closely (the differences printed
# above): it approximates the slope over a width of `eps`, and rounding error in `L(p + eps) -
# L(p - eps)` grows as `eps` shrinks. A small relative difference in **every** entry, as here,
# is the sign of a correct hand-written gradient. A mistake shows as a mismatch in the
# parameters behind it; here is the most common one, forgetting the derivative of tanh:

# %%
d_z1_wrong = d_h  # forgot to multiply by 1 - h**2
wrong = {"W1": xb.T @ d_z1_wrong, "b1": d_z1_wrong.sum(axis=0), "W2": d_W2, "b2": d_b2}
print(descent.compare_gradients(wrong, numerical, label="tanh derivative forgotten vs numerical", rtol=1e-5,
                                atol=1e-8))

# %% [markdown]
# Only `W1` and `b1`, the parameters below the tanh, are wrong, which points straight at the
# faulty line.
#
# Backpropagation plus gradient descent is training. The loop below trains a network of the
# same shape (with 16 hidden units) on a curved target, using only the hand-written gradient
# from the library (`two_layer_backward` holds the lines above).

# %%
x_train = rng.uniform(-2, 2, size=(64, 3))
y_train = np.sin(x_train[:, :1]) + 0.5 * x_train[:, 1:2] * x_train[:, 2:3]  # a nonlinear target
net = descent.init_two_layer(3, 16, 1, random_state=SEED)
train_losses = []
for step in range(400):
    train_loss, grads = descent.two_layer_backward(net, x_train, y_train)
    net = {name: net[name] - 0.1 * grads[name] for name in net}  # one gradient-descent step
    train_losses.append(train_loss)
print(f"loss at step 0: {train_losses[0]:.4f}; after 400 steps: {train_losses[-1]:.4f}")
fig, ax = plt.subplots(figsize=(6, 3))
plot_curve(ax, train_losses, log=True)
ax.set_title("a 3-16-1 network trained with hand-written backprop")
plt.show()
claim("hand-written backprop lowers the training loss at least 20-fold in 400 steps",
      train_losses[0] >= 20 * train_losses[-1],
      {"loss at step 0": train_losses[0], "loss after 400 steps": train_losses[-1]},
      says=f"The loss fell {train_losses[0] / train_losses[-1]:.0f}-fold (the benchmark's seeds 0-4 all fell "
           "at least 20-fold).")

# %% [markdown]
# ## 6. Watching a latent representation form
#
# Each gradient step moves every weight a little, so the hidden layer (the network's own
# re-description of the data) moves too. Here a network `2 -> 16 -> 2 -> 1` (tanh) learns to
# separate two rings. Its second hidden layer has just two units, so we can draw the data
# as the network sees it there. The output neuron draws one straight line (dashed) in that
# space: it can only succeed once the hidden layer has put the classes on either side of a line.

# %%
x_rings, y_rings = make_circles(n_samples=300, random_state=SEED)
snapshots, grid = descent.hidden_snapshots(x_rings, y_rings, epochs=(0, 5, 20, 60, 150, 400), random_state=SEED)
fig, axes = plt.subplots(2, len(snapshots), figsize=(2.6 * len(snapshots), 5.4))
for snapshot, ax_in, ax_hidden in zip(snapshots, axes[0], axes[1]):
    descent.plot_snapshot(ax_in, ax_hidden, snapshot, x_rings, y_rings, grid)
    ax_hidden.set_title(f"epoch {snapshot.epoch}", fontsize=9)
    ax_hidden.set_xticks([])
    ax_hidden.set_yticks([])
fig.suptitle("top: decision regions in the input plane · bottom: the same points in the 2-D hidden layer")
plt.show()
for snapshot in snapshots:
    print(f"epoch {snapshot.epoch:>3}: loss {snapshot.loss:.3f}, accuracy {snapshot.accuracy:.1%}")
hidden_final_accuracy = snapshots[-1].accuracy
claim("the rings start at chance in the 2-D hidden layer (at most 0.6) and are separated by epoch 400 (at least 0.99)",
      snapshots[0].accuracy <= 0.6 and hidden_final_accuracy >= 0.99,
      {"accuracy at epoch 0": snapshots[0].accuracy, "accuracy at epoch 400": hidden_final_accuracy},
      says=f"From {snapshots[0].accuracy:.1%} at epoch 0 to {hidden_final_accuracy:.1%} at epoch 400 (at least 99% "
           "on each of the benchmark's seeds 0-4).")

# %% [markdown]
# At epoch 0 the output's line does no better than a coin toss (the printed accuracy): in the
# random hidden layer the rings overlap. As training goes on, the accuracy climbs to 1 and the
# pictures show how: the hidden layer moves the two rings apart until a straight line separates
# them there, while in the input plane the same network draws a closed curve. That learned 2-D space, where the
# property "inside or outside" became a direction, is a latent space made by gradient descent.
#
# The demo below holds snapshots of three data sets (trained once when it is built); scrub
# through the epochs.

# %% tags=["nbval-ignore-output"]
snapshot_demo = hidden_layer_epochs()
snapshot_demo

# %% [markdown]
# ## Summary
#
# - A **loss** scores the current weights; its **gradient** gives, for every weight, the
#   direction that raises it. **Gradient descent** steps each weight against its slope,
#   `w <- w - lr * dL/dw`, and repeats (section 1).
# - The **learning rate** must stay below `2 / c_max`, where `c_max` is the steepest
#   curvature, or the steps overshoot and grow; too small and training crawls (section 2).
# - Networks train in **mini-batches**: each **epoch** shuffles the samples and cuts them into
#   `ceil(n / batch_size)` batches, and each batch gives one step with its own gradient
#   (**stochastic gradient descent**). Many cheap, noisy steps get further per epoch than one
#   exact step, and with a fixed learning rate the smaller the batch, the more the path jitters
#   near the minimum (section 3). From chapter 03 on, `training.fit` does this, with batches of 128 by default.
# - **Momentum** remembers past steps and speeds up along flat, stretched valleys; its step
#   count grows like the square root of the condition number, not in proportion. **RMSprop**
#   and **Adam** rescale each coordinate by its typical gradient size. The numpy rules in
#   `le.descent` match `torch.optim` to rounding error (section 4).
# - **Backpropagation** is the chain rule run backwards through the layers; autograd does the
#   same arithmetic, and a numerical gradient is the independent check (section 5).
# - Training re-maps the data in the hidden layers until the last layer's job becomes easy:
#   that is how a latent representation forms (section 6).
#
# Next: the exercises (`exercises/02_gradient_descent.ipynb`), then chapter 03, where a
# network is trained to squeeze data through a narrow latent layer and rebuild it.
