# %% [markdown]
# # 04 · Visualising and exploring latent space
#
# Chapter 03 squeezed each 8x8 digit into a short **code** with an autoencoder. Codes of 8 numbers
# are still too many to look at, so we draw **maps**: every digit becomes a dot on a plane, placed by
# PCA, t-SNE or UMAP. Maps are seductive. This notebook puts a number next to every picture, so you
# can see what each map keeps and what it throws away, then walks through latent space (neighbours,
# straight lines) to see what the autoencoder learned.
#
# **You will be able to answer:**
# - How do hidden features discovered by a model help it? (Q11)
# - How can a latent space be visualised (PCA, t-SNE, UMAP), and what can and can't the picture be
#   trusted for? (Q12)
# - What do clusters, neighbours and interpolation in latent space reveal about what the model
#   learned? (Q13)
# - Is the latent space a subset of the feature space? (Q14)

# %%
import latentedu as le

le.set_seed(0)

import time

import matplotlib.pyplot as plt
import numpy as np

from latentedu import latent as lt
from latentedu.autoencoders import Autoencoder, decode, encode, train_autoencoder
from latentedu.data import load_digits
from latentedu.plotting import plot_digits

start_notebook = time.perf_counter()
digits = load_digits()
x_train = digits.x_train.numpy().astype(np.float64)
x = digits.x_test.numpy().astype(np.float64)       # the 450 held-out digits we will map
y = digits.y_test.numpy()
print(f"{len(x_train)} digits to train on; {len(x)} held-out digits to map, {x.shape[1]} pixels each")

# %% [markdown]
# ## 1. Codes: a new space, made by a learned map
#
# Train chapter 03's autoencoder (64-128-32-8, ReLU, sigmoid output) on the training digits. Its
# encoder turns every held-out digit into a code of 8 numbers. The digits it encodes below were never
# seen in training.

# %%
model = Autoencoder(64, latent_dim=8)
losses = train_autoencoder(model, x_train, epochs=60, lr=3e-3)
codes = encode(model, x).numpy().astype(np.float64)      # (450, 8)
print(f"training loss after {len(losses)} epochs: {losses[-1]:.4f}")
print("pixel space:", x.shape, " code space:", codes.shape)

# %% [markdown]
# The code space is **not a part of pixel space**. A pixel vector has 64 coordinates, each the ink of
# one pixel; a code has 8, and no code coordinate is a pixel. Each is whatever the encoder's weights
# compute from *all* the pixels, after two ReLU layers. The numbers show it: the first code
# coordinate of the first digit, and how the encoder builds it.

# %%
first_layer = model.encoder[0]
print("encoder's first layer: weights", tuple(first_layer.weight.shape), "(64 pixels in, 128 units out)")
print("pixels of digit 0 (first 8):  ", x[0, :8].round(2))
print("code of digit 0:              ", codes[0].round(2))
weights_to_code = model.encoder[-1].weight.detach().numpy()   # (8, 32): last layer
print(f"code coordinate 0 mixes {np.count_nonzero(np.abs(weights_to_code[0]) > 0.01)} of the "
      f"32 hidden units; its range over the 450 digits: {codes[:, 0].min():.2f} to {codes[:, 0].max():.2f}")

# %% [markdown]
# And the encoder is not linear. Through a linear map, such as PCA's projection, the code of the
# average of two digits is exactly the average of their codes. Check both on 200 pairs of held-out
# digits, with the distance between the two codes for scale:

# %%
from sklearn.decomposition import PCA

pca = PCA(n_components=8).fit(x_train)
rng = np.random.default_rng(0)
i, j = rng.integers(0, len(x), size=(2, 200))
for name, enc in (("PCA (linear)", pca.transform), ("autoencoder", lambda v: encode(model, v).numpy())):
    gap = np.linalg.norm(enc((x[i] + x[j]) / 2) - (enc(x[i]) + enc(x[j])) / 2, axis=1)
    scale = np.linalg.norm(enc(x[i]) - enc(x[j]), axis=1)
    print(f"{name:13s} |code(average) - average of codes|: median {np.median(gap):.3f}"
          f"  (distance between the two codes: median {np.median(scale):.2f})")

# %% [markdown]
# For PCA the gap is zero up to rounding; for the autoencoder it is not. The bend is gentle over a
# half-step like this one, and it adds up along longer paths (section 6 draws one).

# %% [markdown]
# ## 2. Do hidden features help? Measure it
#
# A simple test of what a space keeps: **kNN accuracy**, the share of digits whose 5 nearest other
# digits (a majority vote) carry the right label. It needs no training, so it reads the geometry of
# the space directly. Compare the raw pixels, PCA's best 8 numbers, and the autoencoder's 8 numbers.

# %%
pca8 = pca.transform(x)
knn = {"pixels (64 numbers)": lt.knn_accuracy(x, y, 5),
       "PCA codes (8 numbers)": lt.knn_accuracy(pca8, y, 5),
       "autoencoder codes (8 numbers)": lt.knn_accuracy(codes, y, 5)}
for name, acc in knn.items():
    print(f"{name:32s} kNN accuracy {acc:.3f}")

# %% [markdown]
# Read these numbers honestly. Eight numbers instead of 64 keep most of what a neighbour vote needs:
# compare both 8-number codes with the pixels' figure. But the autoencoder's codes do **not** beat
# PCA's here. This autoencoder was trained to *rebuild* digits, not to separate them, and nothing
# told it about labels; a hidden feature helps with the task it was learned for, and with others only
# as far as a measurement like this one shows. What the codes do show, without any label, is
# structure: the maps below find the ten digits as clusters in them.

# %% [markdown]
# ## 3. Six maps, each with its score
#
# Each map puts the 450 held-out digits on a plane. Two numbers go with every map:
# - **trustworthiness** (Venna and Kaski, 2001; `sklearn.manifold.trustworthiness`, 5 neighbours):
#   1.0 when every point's neighbours *in the map* are also its neighbours in the space being
#   mapped; points that look close but are not are penalised. Near 0.5 means random.
# - **kNN accuracy in the map**: the same 5-neighbour vote as above, but on the 2-D positions. It says
#   how well the picture keeps the digits apart.
#
# PCA is a linear projection; t-SNE (van der Maaten and Hinton, 2008; scikit-learn, perplexity 30)
# and UMAP (McInnes et al., 2018; umap-learn, 15 neighbours) bend the space to keep neighbourhoods.
# UMAP compiles its numerical code the first time it runs in a fresh kernel; the cell prints how long
# each map took.

# %% tags=["nbval-ignore-output"]
spaces = {"pixels": x, "codes": codes}
maps, quality, seconds = {}, {}, {}
for space, points in spaces.items():
    for method in ("pca", "tsne", "umap"):
        tick = time.perf_counter()
        maps[space, method] = lt.embed(points, method, random_state=0)
        seconds[space, method] = time.perf_counter() - tick
        quality[space, method] = lt.map_quality(points, maps[space, method], y, n_neighbors=5)
for key, s in seconds.items():
    print(f"{key[1]:>4} of {key[0]:6s}: {s:5.1f} s")

# %%
fig, axes = plt.subplots(2, 3, figsize=(12, 8), layout="constrained")
for row, space in enumerate(spaces):
    for col, method in enumerate(("pca", "tsne", "umap")):
        lt.plot_map(axes[row, col], maps[space, method], y, title=f"{lt.setting_name(method)} of {space}",
                    quality=quality[space, method])
        for digit in range(10):   # write each digit's label at the middle of its points
            cx, cy = np.median(maps[space, method][y == digit], axis=0)
            axes[row, col].text(cx, cy, str(digit), fontsize=11, weight="bold", ha="center", va="center")
plt.show()

print(f"{'map':34s} trustworthiness  kNN accuracy")
for (space, method), q in quality.items():
    print(f"{lt.setting_name(method) + ' of ' + space:34s} {q.trustworthiness:15.3f}  {q.knn_accuracy:12.3f}")

# %% [markdown]
# What the numbers say:
# - **PCA** keeps the two directions of largest variance and nothing else. Its trustworthiness is the
#   lowest of the three methods and digits overlap heavily (compare its kNN accuracy with the
#   others'). It is honest about large distances, but most neighbourhoods are lost.
# - **t-SNE and UMAP** keep neighbourhoods: their trustworthiness is close to 1, and most digits'
#   nearest dots in the picture carry the same label.
# - **Pixels against codes.** Trustworthiness is measured against the space each map draws, so it
#   compares *methods*, not spaces. kNN accuracy compares spaces: in this table the t-SNE and UMAP
#   maps of the 64 pixels keep digits apart a little better than those of the 8-number codes, as the
#   kNN accuracies of the spaces themselves (section 2) suggested.
#
# Clusters in a t-SNE or UMAP picture of the codes show that the autoencoder, without labels, placed
# most digits of one class near each other: it discovered "which digit" as a hidden property. The
# digits that sit in the wrong cluster are worth a look: the explorer below shows them.

# %% [markdown]
# ## 4. The latent map explorer
#
# TensorFlow's Embedding Projector lets you spin a map and click a point. This explorer adds what it
# leaves out: the score of every map, and a digit's nearest neighbours **in code space and in pixel
# space side by side**, so you can see where the autoencoder's idea of "similar" parts from the
# pixels'. Choose the map (method and its main setting), the space, and a digit. The star is the
# digit; the rings are its nearest neighbours in code space.
#
# Every map was computed once, before the first slider move: the six above are reused, and t-SNE at
# perplexity 5 and UMAP with 5 neighbours are added for both spaces (the cell prints the time).
# Moving a control only redraws.

# %% tags=["nbval-ignore-output"]
from latentedu.widgets.latent import interpolation_explorer, latent_map_explorer

tick = time.perf_counter()
atlas = lt.build_atlas(spaces, y, perplexities=(5, 30), n_neighbors=(5, 15),
                       reuse={(s, m, lt.DEFAULT_PARAM[m]): e for (s, m), e in maps.items()})
print(f"extra maps for the explorer: {time.perf_counter() - tick:.1f} s")
explorer = latent_map_explorer(atlas)
explorer

# %%
for key in sorted(atlas.quality, key=lambda k: (k[0], k[1], k[2] or 0)):
    space, method, param = key
    q = atlas.quality[key]
    print(f"{lt.setting_name(method, param) + ' of ' + space:34s} trust {q.trustworthiness:.3f}  "
          f"kNN {q.knn_accuracy:.3f}")

# %% [markdown]
# Things to try:
# - Find a digit whose code-space neighbours carry other labels while its pixel neighbours do not (or
#   the reverse). The autoencoder's notion of similar is its own: it grouped digits by whatever helped
#   it *rebuild* them.
# - Switch t-SNE from perplexity 30 to 5, and UMAP from 15 neighbours to 5. The clusters change
#   shape, split and merge; the printed scores change much less. The picture depends on a setting that
#   the data did not choose.

# %% [markdown]
# ## 5. What a t-SNE picture cannot tell you
#
# A controlled example, where we know the truth. Three Gaussian blobs in the plane: blob 0 is tight
# (standard deviation 0.1), blob 1 is wide (1.5), and their centres are 6 apart; blob 2 sits 40 away.
# Measure each blob's spread (root-mean-square distance to its centre) and the distances between
# centres, in the data and in its t-SNE picture.

# %%
blobs, blob_labels = lt.make_uneven_blobs(100, random_state=0)
blob_map = lt.embed(blobs, "tsne", 30, random_state=0)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
lt.plot_map(axes[0], blobs, blob_labels, title="the data (true positions)", size=10)
axes[0].set_aspect("equal")
lt.plot_map(axes[1], blob_map, blob_labels, title="its t-SNE picture (perplexity 30)", size=10)
plt.show()

for name, points in (("data", blobs), ("t-SNE", blob_map)):
    spread = lt.cluster_spread(points, blob_labels)
    dist = lt.centroid_distances(points, blob_labels)
    print(f"{name:6s} spreads {spread.round(2)}  wide/tight = {spread[1] / spread[0]:5.1f}   "
          f"distance 0-1 {dist[0, 1]:6.1f}, 0-2 {dist[0, 2]:6.1f}, far/near = {dist[0, 2] / dist[0, 1]:4.1f}")

# %% [markdown]
# Compare the two ratios on each line. In the data the wide blob is many times as spread as the tight
# one and blob 2 is far away; t-SNE redraws all three at comparable sizes and shrinks the far/near
# ratio. That is by design: t-SNE gives each point a neighbourhood of its own width (set by the
# perplexity), so dense and sparse regions come out alike, and it only tries hard to keep *near*
# neighbours near. Read a t-SNE (or UMAP) picture for **who is next to whom**. Do not read sizes
# of clusters, gaps between clusters, or the empty space around them. Trustworthiness agrees: it
# scores neighbourhoods only.

# %%
print(f"trustworthiness of the blob picture: {lt.trustworthiness(blobs, blob_map, 5):.3f}")

# %% [markdown]
# ## 6. Walking through latent space
#
# Take two held-out digits and walk a straight line between them in two ways:
# - in **pixel space**: the frames are cross-fades, $(1-t)\,x_a + t\,x_b$;
# - in **code space**: the line $(1-t)\,z_a + t\,z_b$ between their codes, each point decoded into
#   an image.
#
# Every decoded frame is an image the *decoder* makes. To see whether a frame is just a copy of some
# digit, measure its distance (in pixels) to the nearest of the 1,347 training digits, and compare with
# how far a held-out digit typically is from its nearest training digit.

# %%
a, b = int(np.flatnonzero(y == 0)[0]), int(np.flatnonzero(y == 6)[0])
steps = 8
pixel_frames = lt.linear_path(x[a], x[b], steps)
z_path, latent_frames = lt.latent_path(model, x[a], x[b], steps)

fig, ax = plt.subplots(figsize=(10, 3))
lt.plot_rows(ax, {"pixel path (cross-fade)": pixel_frames, "latent path, decoded": latent_frames})
plt.show()

typical = np.median(lt.nearest_distance(x, x_train))
middle = steps // 2
print(f"a held-out digit's distance to its nearest training digit: median {typical:.2f}")
print(f"middle frame's distance to its nearest training digit: pixel path "
      f"{lt.nearest_distance(pixel_frames[[middle]], x_train)[0]:.2f}, "
      f"latent path {lt.nearest_distance(latent_frames[[middle]], x_train)[0]:.2f}")

# %% [markdown]
# Neither middle frame is a copy of a training digit: each is about as far from its nearest training
# digit as a new, held-out digit is (compare the three distances above). What sets the two paths
# apart is *where* their frames live. Push a frame through the autoencoder (encode, then decode)
# and measure how much it changes:

# %%
def rebuild_error(images):
    images = np.asarray(images, dtype=np.float32)
    return ((decode(model, encode(model, images)).numpy() - images) ** 2).mean(axis=1)

print("change along the pixel path: ", rebuild_error(pixel_frames).round(4))
print("change along the latent path:", rebuild_error(latent_frames).round(4))
print(f"real held-out digits:         median {np.median(rebuild_error(x)):.4f}")

# %% [markdown]
# The decoded frames hardly change: they are images the decoder can draw, so they lie on the thin
# 8-dimensional surface of such images inside the 64-dimensional pixel space. Real digits and
# cross-fades lie *off* that surface, by similar amounts, and the autoencoder moves them onto it.
# This is the sense in which latent space is not a subset of feature space: the codes form a space
# of their own (8 axes, none of them a pixel); the decoder maps that space onto a curved surface in
# pixel space that contains none of the training digits exactly; and a straight line means different
# things in the two spaces, a cross-fade in one and a morph in the other.
#
# Try other pairs in the widget. The right panel draws the codes on their two main axes with both
# paths: the straight latent line, and the pixel path pushed through the encoder, which bends (the
# encoder is not linear).

# %% tags=["nbval-ignore-output"]
interpolation_explorer(model, x, y, a=a, b=b, num_steps=steps)

# %% [markdown]
# ## Summary
#
# - An autoencoder's code space has its own dimension and axes; the encoder is a learned, nonlinear
#   map into it (the code of an average is not the average of codes). It is not a subset of pixel
#   space (Q14).
# - Hidden features: measure them. kNN accuracy on pixels, PCA codes and autoencoder codes shows what
#   each space keeps. Eight learned numbers kept most of the label information of 64 pixels, and the
#   autoencoder, never shown a label, arranged the digits in clusters; here its codes did not beat
#   PCA's for a neighbour vote (Q11).
# - PCA, t-SNE and UMAP maps: read the trustworthiness and kNN accuracy beside each one. t-SNE and UMAP
#   keep neighbourhoods; they do not keep cluster sizes or distances between clusters, as the
#   controlled blobs showed (Q12).
# - Neighbours in code space and in pixel space differ; a straight line between codes decodes to new
#   images on the decoder's surface, while a straight line in pixels is a cross-fade off it (Q13).
#
# Next, chapter 05 uses distances and reconstruction errors in latent space to find anomalies.

# %% tags=["nbval-ignore-output"]
import resource

cpu = resource.getrusage(resource.RUSAGE_SELF)
print(f"notebook ran in {time.perf_counter() - start_notebook:.1f} s "
      f"({cpu.ru_utime + cpu.ru_stime:.1f} s of CPU time in this kernel, imports included)")
