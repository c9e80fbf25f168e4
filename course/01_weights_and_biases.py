# %% [markdown]
# # 01 · Weights and biases: how one neuron and one layer reshape the data
#
# Chapter 00 let a network squeeze the digits into a 2-D latent space and treated the network as
# a black box. This chapter opens the box. A network is built from one small part, the neuron,
# repeated: it weighs its inputs, adds a bias and bends the result. We write that part out by
# hand, see what each number in it does to the picture, stack neurons into a layer, and then watch
# a trained layer move the data into a new space of its own, in which a straight line is enough.
# That space is the course's first *learned* latent space.
#
# **You will be able to answer:**
#
# - **Q5** What are weights and biases, and how do they shape the representation a layer
#   produces?
# - **Q6** How does a network create a latent representation during training (hidden layers
#   re-map the data)?
#
# The notebook runs offline on a laptop CPU; `benchmarks/run.py` times it, with every other lesson.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.nn import functional as F

import latentedu as le
from latentedu import neurons
from latentedu.claims import claim
from latentedu.neurons import Playground, linear_accuracy, make_dataset
from latentedu.plotting import plot_points
from latentedu.widgets.neurons import network_playground, neuron_lab

le.set_seed(0)
SEED = 0  # the data sets' points and the networks' starting weights; benchmarks/seeds.py tries seeds 0-4

# %% [markdown]
# ## 1. One neuron, written out
#
# A neuron receives a few numbers, one per input feature. It multiplies each by a **weight**, adds
# the products and one more number, the **bias**, and passes the sum `z` through an
# **activation function** `f`. For a whole batch of samples at once, with `x` holding one sample
# per row, that is a matrix-vector product:
#
# `z = x @ w + b`, then `a = f(z)`.

# %%
x = torch.tensor([[1.0, 2.0],
                  [-1.0, 0.5],
                  [0.0, 0.0]])      # three samples, two features each: shape (3, 2)
w = torch.tensor([0.8, -0.5])       # one weight per input feature: shape (2,)
b = 0.5                             # the bias: one number

z = x @ w + b                       # weighted sum plus bias, one number per sample: shape (3,)
a = torch.sigmoid(z)                # the activation squashes z into (0, 1)
print("z =", z)
print("a =", a)

# %% [markdown]
# **A weight is the strength of one connection.** `z` changes by exactly `w1` when `x1` grows by
# 1, whatever the other inputs are. A large weight makes the neuron sensitive to that input, a
# negative one makes it respond the other way, and a weight of 0 cuts the connection.

# %%
nudged = x + torch.tensor([1.0, 0.0])           # every sample's x1 grows by 1
print("change in z when x1 grows by 1:", (nudged @ w + b) - z)

w_cut = torch.tensor([0.0, -0.5])               # the x1 connection cut
print("with w1 = 0, changing x1 changes z by:", (nudged @ w_cut + b) - (x @ w_cut + b))

# %% [markdown]
# **The bias sets where the neuron switches on.** With no inputs at all (the third sample is
# all zeros), the neuron's sum is just `b`. The bias is the neuron's own threshold, the part of
# the decision that does not depend on the data.
#
# The activation is what makes a neuron more than a weighted sum. The four classic choices, all
# switching at `z = 0`:

# %%
fig, ax = plt.subplots(figsize=(5, 3))
neurons.plot_activations(ax)
ax.set_title("activation functions f(z)", fontsize=10);

# %% [markdown]
# ## 2. A neuron draws a line: weights turn it, the bias moves it
#
# With two inputs, the points where `z = w1*x1 + w2*x2 + b = 0` form a straight line, the
# neuron's **decision boundary**: on one side `z > 0` (the neuron fires, say "class 1"), on the
# other `z < 0`. The line runs perpendicular to the weight vector `w`, and its distance from the
# origin is `-b / |w|` (measured along `w`). So the weights choose its direction and the bias
# slides it. Here are the moons, with a neuron's activation shaded (darker = larger output):

# %%
x_moons, y_moons = make_dataset("moons", 200, random_state=0)
settings = [([1.0, -1.0], -1.0), ([1.0, -1.0], 0.0), ([1.0, -1.0], 1.0),
            ([0.0, -1.0], 0.0), ([3.0, -3.0], 0.0), ([-1.0, 1.0], 0.0)]
fig, axes = plt.subplots(2, 3, figsize=(10, 6.6), layout="constrained")
for ax, (w_i, b_i) in zip(axes.ravel(), settings):
    neurons.plot_neuron(ax, x_moons, y_moons, w_i, b_i, "sigmoid")
    shift = -b_i / np.linalg.norm(w_i) + 0.0        # + 0.0 turns -0.0 into 0.0
    hits = ((x_moons @ torch.tensor(w_i) + b_i > 0).long() == y_moons).float().mean()
    ax.set_title(f"w = {w_i}, b = {b_i:+.0f}\nboundary at {shift:+.2f} along w, {hits:.0%} right",
                 fontsize=9)
    print(f"w = {w_i}, b = {b_i:+.0f}: boundary {shift:+.2f} from the origin, accuracy {hits:.3f}")

# %% [markdown]
# Top row: the same weights, three biases. The line keeps its direction and slides along `w`.
# Bottom row: the bias is 0, so the line passes through the origin, and the weights turn it
# (`[0, -1]` ignores `x1` entirely). Multiplying both weights by 3 leaves the line where it was
# but makes the activation steeper: the neuron becomes more certain, not differently placed.
# Flipping the signs swaps the sides, which turns the accuracy `a` into `1 - a`.
#
# Try it yourself. Move `w1`, `w2` and `b`, change the activation, and switch data sets. The right
# panel shows what the neuron actually sees: each point reduced to one number, its `z`.

# %% tags=["nbval-ignore-output"]
neuron_lab()

# %% [markdown]
# ## 3. What one line cannot do
#
# One neuron can only split the plane with one straight line. How well can a line do on each
# data set? `linear_accuracy` fits a linear classifier, a logistic regression, and reports the share of
# points it gets right. With two classes that is exactly one sigmoid neuron with trained weights;
# with three or more it is a layer of one neuron per class whose outputs go through a **softmax**
# (each output `exp(z_k) / sum_j exp(z_j)`, so they are positive and sum to 1), still one
# straight boundary between every pair of classes.
# A line with every point on one side counts too, so the score is never below the share of the
# most common class:

# %%
names = ["moons", "circles", "xor", "spirals", "spirals3"]
data = {name: make_dataset(name, 300, random_state=SEED) for name in names}
raw_accuracy = {name: linear_accuracy(*data[name]) for name in names}
for name in names:
    print(f"{name:<9} a fitted straight line: {raw_accuracy[name]:.3f}")

# %%
fig, axes = plt.subplots(1, 5, figsize=(13, 2.8), layout="constrained")
for ax, name in zip(axes, names):
    plot_points(ax, *data[name], legend=False, size=6)
    ax.set_title(name, fontsize=10)
    ax.set_aspect("equal")

# %%
claim("a straight line gets at most 0.65 of circles, XOR and spirals right",
      max(raw_accuracy[n] for n in ("circles", "xor", "spirals")) <= 0.65,
      {n: raw_accuracy[n] for n in ("moons", "circles", "xor", "spirals")},
      says=f"The moons are nearly separable by a line ({raw_accuracy['moons']:.3f}); circles, XOR and spirals are "
           f"not (at most {max(raw_accuracy[n] for n in ('circles', 'xor', 'spirals')):.3f}, where a coin toss "
           "gets about half right).")

# %% [markdown]
# No choice of `w` and `b` fixes that. To go further, the data itself has to be moved.
#
# ## 4. A layer re-maps the data: `X @ W + b`, then a nonlinearity
#
# A **layer** is several neurons reading the same inputs. Put each neuron's weights in a column
# of a matrix `W` and their biases in a vector `b`; then one matrix product computes every
# neuron for every sample, and the activation is applied to each entry:
#
# `H = f(X @ W + b)`, shape `(n_samples, n_neurons)`.
#
# Row `i` of `H` is sample `i` *as the layer describes it*: a point in a new space with one axis
# per neuron. Here is a layer of two ReLU neurons, with weights picked by hand, for XOR. Neuron 1
# computes `relu(x1 - x2)` and neuron 2 `relu(x2 - x1)`: both stay near 0 when `x1` and `x2` agree
# (class 0), and one of them is large when they disagree (class 1).

# %%
x_xor, y_xor = data["xor"]
W = torch.tensor([[1.0, -1.0],
                  [-1.0, 1.0]])      # column j holds hidden neuron j's two weights
b_hidden = torch.tensor([0.0, 0.0])  # one bias per hidden neuron

H = torch.relu(x_xor @ W + b_hidden)  # (300, 2) @ (2, 2) + (2,) -> (300, 2): XOR in the hidden space
print("H has shape", tuple(H.shape))

v = torch.tensor([1.0, 1.0])          # an output neuron reading the hidden layer: h1 + h2 - 1 > 0?
c = -1.0
hand_accuracy = ((H @ v + c > 0).long() == y_xor).float().mean().item()
print(f"line fitted in the input space:  {linear_accuracy(x_xor, y_xor):.3f}")
print(f"line fitted in the hidden space: {linear_accuracy(H, y_xor):.3f}")
print(f"the hand-made output neuron:    {hand_accuracy:.3f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
plot_points(left, x_xor, y_xor)
left.set_title("XOR in the input space", fontsize=10)
plot_points(right, H, y_xor)
line = np.array([0.0, 1.0])
right.plot(line, 1 - line, color="k", lw=2)   # the output neuron's boundary h1 + h2 = 1
right.set_title("the same points in the hidden space, relu(X @ W + b)", fontsize=10)
right.set_xlabel("hidden neuron 1")
right.set_ylabel("hidden neuron 2");

# %% [markdown]
# The layer folded the plane: both class-1 blobs went out along the axes, class 0 piled up near
# the origin, and now a single straight line (black) separates them. That is what hidden layers
# are for: they produce a **new representation** of the data in which the next layer's job is
# easy.
#
# The nonlinearity is not a detail. Without it, `X @ W + b` is a linear map plus a shift: it can
# stretch, turn, shear and shift the plane, and when `W` is singular (its determinant is 0) it
# also flattens the plane onto a line. None of that bends it, so a straight line in the new space
# is a straight line in the old one, and it cannot separate there what it could not separate
# before. Our `W` is of the flattening kind; an invertible `W` does no better:

# %%
W_invertible = torch.tensor([[1.0, -1.0],
                             [1.0, 1.0]])   # turns the plane by 45 degrees and stretches it
without_relu = {}
for label, matrix in [("W from above", W), ("an invertible W", W_invertible)]:
    H_linear = x_xor @ matrix + b_hidden    # the layer without the ReLU
    without_relu[label] = linear_accuracy(H_linear, y_xor)
    print(f"{label:<16} determinant {torch.linalg.det(matrix).item():+.1f}: "
          f"line fitted after the layer without ReLU {without_relu[label]:.3f}")
in_input = linear_accuracy(x_xor, y_xor)
claim("without the ReLU, neither layer lets a line do better than in the input space",
      max(without_relu.values()) <= in_input + 1e-9, {**without_relu, "input space": in_input},
      says=f"Neither does better than the line in the input space ({in_input:.3f}).")

# %% [markdown]
# ## 5. Training finds the weights, and with them a latent space
#
# Picking weights by hand worked for XOR, but nobody could do it for spirals. Training does it
# instead: the network's weights start random, and each training step nudges them to lower a
# **loss**, one number that says how wrong the network is on the training points.
#
# The loss here is **cross-entropy**. The output layer gives each class a score, and a softmax
# turns the scores into probabilities (section 3). For every training point, take the probability
# `p_true` the network gives to the point's **true** class; the loss is the average of
# `-log(p_true)` over the points. A confident right answer (`p_true` near 1) costs almost nothing,
# a coin toss (`p_true = 0.5`) costs `log 2`, and a confident wrong answer costs a lot, without
# limit. With two classes, writing `p` for the probability of class 1 and `y` (0 or 1) for the
# label, the same average reads
#
# $$L = -\frac{1}{n}\sum_{i=1}^{n} \left[\, y_i \log p_i + (1 - y_i) \log (1 - p_i) \,\right],$$
#
# the **binary cross-entropy** (one of the two terms is 0 for each point). Three points, by hand
# and by PyTorch:

# %%
p_class1 = torch.tensor([0.9, 0.4, 0.2])  # the network's probability of class 1 for three points
labels = torch.tensor([1.0, 1.0, 0.0])    # their true classes
p_true = torch.where(labels == 1, p_class1, 1 - p_class1)  # the probability given to the true class
print("probability of the true class:", p_true)
print("each point's cost, -log(p_true):", -torch.log(p_true))
print(f"{'cross-entropy by hand:':<50} {-torch.log(p_true).mean():.4f}")
print(f"{'torch binary_cross_entropy(p, y):':<50} {F.binary_cross_entropy(p_class1, labels):.4f}")
scores = torch.log(torch.stack([1 - p_class1, p_class1], dim=1))  # two class scores whose softmax is (1 - p, p)
print(f"{'torch cross_entropy(scores, y), as the playground:':<50} {F.cross_entropy(scores, labels.long()):.4f}")
print(f"a coin toss costs log 2 = {np.log(2):.4f}")

# %% [markdown]
# The second point, of class 1 but given only 0.4, costs the most. Each training step moves every
# weight a little in the direction that lowers this average. The playground takes its steps with
# **Adam**, an improved form of gradient descent, and computes each step from all the training
# points at once (the cell below prints its settings); chapter 02 explains gradient descent, Adam,
# and the cheaper steps on small batches of points that later chapters use.
#
# The playground's network is `2 -> 16 -> 2 -> classes`: a wide hidden layer that bends the
# plane, then a hidden layer of only **2 units**, then a linear output layer. We chose the 2-unit
# layer on purpose. The output layer can only draw straight lines, so the network is right
# exactly when the data, as those 2 units describe it, is linearly separable; and a 2-D space can
# be drawn as it is, without a projection (a PCA picture of a wider layer can hide a separation,
# or show one that is not there). `pg.hidden()` returns the data in that 2-unit space.
#
# Watch the spirals being pulled apart, step by step. Top: the decision regions in the input
# plane. Bottom: the hidden space, with the output layer's straight boundaries, and the grey lines
# of a square grid of the input plane carried through the network.

# %%
pg = Playground("spirals", width=16, activation_name="tanh", lr=0.03, random_state=SEED)
print(f"optimizer: {type(pg.optimizer).__name__}, learning rate {pg.lr}, "
      f"{len(pg.x)} training points in every step")
snapshots = [0, 60, 120, 250]
fig, axes = plt.subplots(2, 4, figsize=(13, 6.2), layout="constrained")
for col, until in enumerate(snapshots):
    pg.step(until - pg.steps)
    hidden_separable = linear_accuracy(pg.hidden(), pg.y)
    neurons.plot_network_regions(axes[0, col], pg)
    neurons.plot_hidden_space(axes[1, col], pg)
    axes[0, col].set_title(f"step {pg.steps}: train accuracy {pg.accuracy('train'):.2f}", fontsize=10)
    axes[1, col].set_title(f"line fitted in hidden space: {hidden_separable:.2f}", fontsize=10)
    print(f"step {pg.steps:>3}: loss {pg.loss():.3f}, train accuracy {pg.accuracy('train'):.3f}, "
          f"line fitted in the hidden space {hidden_separable:.3f}")

# %% [markdown]
# At step 0 the random layers merely squash the plane, and the spirals are as tangled in the
# hidden space as in the input. As training goes on, the grid of the input plane is stretched and
# folded, and the printed numbers show a straight line in the hidden space getting more of the
# points right as it goes. Nobody told the
# network what its two hidden units should measure: they are a **learned latent space**, built
# because it makes the last step, a straight cut, possible.
#
# Compare the numbers: a straight line fitted in the raw input against one fitted in
# the learned space, and the network itself on test points it never trained on.

# %%
print(f"line fitted in the input space:   {linear_accuracy(pg.x, pg.y):.3f}")
print(f"line fitted in the hidden space:  {linear_accuracy(pg.hidden(), pg.y):.3f}")
print(f"network accuracy on test points: {pg.accuracy('test'):.3f}")

# %% [markdown]
# ## 6. The network playground
#
# Now drive it yourself. Choose a data set, the hidden width, the activation and the learning
# rate; press ▶ to train a few steps per tick (❚❚ pauses), *step* to train one tick's worth, and
# *reset* to start again from the same random weights. It opens on the spirals after 150 steps of
# training, part-way there. Things to try:
#
# - **linear** activation on circles: the hidden space is only a stretched copy of the plane (the
#   last section measures what that costs).
# - hidden width **1 or 2** on spirals: how far can so few neurons fold the plane? Read the test
#   accuracy.
# - a learning rate near **1** on spirals: watch the loss curve. Does it still fall steadily?
# - **spirals, 3 classes**: how many straight boundaries meet in the hidden space?

# %% tags=["nbval-ignore-output"]
network_playground("spirals", steps=150)

# %% [markdown]
# ## 7. The playground on every data set
#
# The same network trained for 500 steps on each data set (the 3-class spirals get a wider layer
# and a larger learning rate). Accuracy is measured on 300 test points drawn separately from the
# training points.

# %%
settings = {"moons": (16, 0.03), "circles": (16, 0.03), "xor": (16, 0.03),
            "spirals": (16, 0.03), "spirals3": (32, 0.05)}   # (hidden width, learning rate)
playgrounds = {}
for name, (width, lr) in settings.items():
    playgrounds[name] = Playground(name, width=width, activation_name="tanh", lr=lr, random_state=SEED).step(500)

final_accuracy = {name: p.accuracy("test") for name, p in playgrounds.items()}
hidden_accuracy = {name: linear_accuracy(p.hidden(), p.y) for name, p in playgrounds.items()}
print(f"{'data set':<9} {'line in input':>13} {'line in hidden':>14} {'network, test':>13}")
for name in settings:
    print(f"{name:<9} {raw_accuracy[name]:>13.3f} {hidden_accuracy[name]:>14.3f} {final_accuracy[name]:>13.3f}")

# %%
fig, axes = plt.subplots(2, 5, figsize=(15, 6), layout="constrained")
for col, (name, p) in enumerate(playgrounds.items()):
    neurons.plot_network_regions(axes[0, col], p, test=True)
    neurons.plot_hidden_space(axes[1, col], p, test=True)
    axes[0, col].set_title(f"{name}: test accuracy {final_accuracy[name]:.3f}", fontsize=10)

# %% [markdown]
# The pictures show the *test* points, which the network never saw. What this run shows, and how
# it went on the five seeds of the benchmark (`benchmarks/seeds.py` trained the same networks on
# other data points from other starting weights; its numbers are copied into the next cell):

# %%
seed_report = {  # copied from benchmarks/results/seeds-*.json (seeds 0-4); tests/test_lesson_claims.py checks it
    "the network separates XOR, test points included (accuracy at least 0.95)": {
        "holds_on": 4,
        "test xor": [1.0, 0.733, 1.0, 1.0, 1.0],
        "line in hidden space": [1.0, 0.707, 1.0, 1.0, 1.0],
    },
    "the network sorts the 3-class spirals, test points included (accuracy at least 0.8)": {
        "holds_on": 5,
        "test spirals3": [0.953, 0.963, 0.86, 0.96, 0.997],
    },
}
two_class = ("moons", "circles", "spirals")
claim("the network separates moons, circles and spirals, test points included (accuracy at least 0.95)",
      min(final_accuracy[n] for n in two_class) >= 0.95 and min(hidden_accuracy[n] for n in two_class) >= 0.95,
      {f"test {n}": final_accuracy[n] for n in two_class},
      says="Moons, circles and spirals: in the learned 2-D space one straight line separates the classes "
           f"(training points: at least {min(hidden_accuracy[n] for n in two_class):.3f}), and the network gets "
           f"at least {min(final_accuracy[n] for n in two_class):.3f} of the test points right.")

# %%
xor_seeds = seed_report["the network separates XOR, test points included (accuracy at least 0.95)"]
claim("the network separates XOR, test points included (accuracy at least 0.95)", final_accuracy["xor"] >= 0.95,
      {"test xor": final_accuracy["xor"], "line in hidden space": hidden_accuracy["xor"]},
      says=f"XOR: test accuracy {final_accuracy['xor']:.3f} on this run. Not on every run: on "
           f"{5 - xor_seeds['holds_on']} of the benchmark's 5 seeds the XOR network got stuck at a test accuracy of "
           f"{min(xor_seeds['test xor']):.3f}, with its 2-D hidden space still tangled (a straight line there gets "
           f"{min(xor_seeds['line in hidden space']):.3f} of the training points right). Training can fail; "
           "a second run from other starting weights is the usual remedy.",
      otherwise=f"XOR: on this run the network got stuck at a test accuracy of {final_accuracy['xor']:.3f}.")

# %%
spirals3_seeds = seed_report["the network sorts the 3-class spirals, test points included (accuracy at least 0.8)"]
claim("the network sorts the 3-class spirals, test points included (accuracy at least 0.8)",
      final_accuracy["spirals3"] >= 0.8,
      {"test spirals3": final_accuracy["spirals3"], "line in hidden space": hidden_accuracy["spirals3"]},
      says=f"3-class spirals: test accuracy {final_accuracy['spirals3']:.3f} on this run, from "
           f"{min(spirals3_seeds['test spirals3']):.3f} to {max(spirals3_seeds['test spirals3']):.3f} on the "
           "benchmark's seeds.")

# %% [markdown]
# Without a nonlinearity, the same network on circles, trained just as long:

# %%
flat = Playground("circles", width=16, activation_name="linear", lr=0.03, random_state=SEED).step(500)
print(f"circles, linear activation, 500 steps: test accuracy {flat.accuracy('test'):.3f}")
claim("without a nonlinearity the network stays at chance on circles (test accuracy within 0.05 of 0.5)",
      abs(flat.accuracy("test") - 0.5) < 0.05, {"test accuracy": flat.accuracy("test")},
      says=f"It stays at chance ({flat.accuracy('test'):.3f}): every layer is linear, so the whole network is "
           "one straight line, and no amount of training bends it.")

# %% [markdown]
# ## 8. Counting the weights and biases
#
# Every number the network learns is a weight or a bias. A layer from `m` units to `n` units has
# an `m x n` weight matrix (one weight per connection) and `n` biases (one per receiving neuron).
# PyTorch's `nn.Linear` stores the matrix transposed, as `(n, m)`.

# %%
model = playgrounds["moons"].model
for name, parameter in model.named_parameters():
    print(f"{name:<20} shape {str(tuple(parameter.shape)):<9} {parameter.numel():>4} numbers")
print("total:", neurons.count_parameters(model))
print("by the formula m*n + n per layer:", neurons.layer_parameter_counts([2, 16, 2, 2]))

# %% [markdown]
# ## Summary
#
# - **Q5 · Weights and biases.** A neuron computes `f(x @ w + b)`. Each weight is the strength
#   (and sign) of one input's connection: `z` moves by `w1` for every unit of `x1`, and a weight of
#   0 cuts the input off. The bias is the neuron's own threshold: it slides the decision boundary
#   without turning it, while the weights set its direction and steepness. A layer is many neurons
#   at once, `f(X @ W + b)`, and its output is a new description of every sample, one number per
#   neuron: the representation the next layer works with.
# - **Q6 · How a network creates a latent representation.** A straight line cannot separate
#   circles, XOR or spirals. A hidden layer with a nonlinearity re-maps the plane, stretching and
#   folding it, so that in its output space a straight line can. We built such a layer by hand for
#   XOR; training found one for each data set by adjusting the weights to lower the loss (on most
#   runs: section 7 shows a seed on which XOR got stuck). The 2-unit hidden layer it learned is a
#   latent space: nobody specified its axes, and in it the classes became linearly separable.
#   Without the nonlinearity, the network is one straight line however it is trained.
#
# **Next:** chapter 02 opens the training loop itself: the loss, gradient descent and
# backpropagation, which is how the weights found their values here.
