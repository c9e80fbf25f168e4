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

SEED = 0   # the autoencoder, every t-SNE and UMAP map, the blobs; benchmarks/seeds.py reruns the claims on seeds 0-4
le.set_seed(SEED)

import time

import matplotlib.pyplot as plt
import numpy as np

from latentedu import latent as lt
from latentedu.autoencoders import Autoencoder, decode, encode, train_autoencoder
from latentedu.claims import claim
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
losses = train_autoencoder(model, x_train, epochs=60, lr=3e-3, random_state=SEED)
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
rng = np.random.default_rng(SEED)
i, j = rng.integers(0, len(x), size=(2, 200))
gaps, scales = {}, {}
for name, enc in (("PCA (linear)", pca.transform), ("autoencoder", lambda v: encode(model, v).numpy())):
    gaps[name] = np.median(np.linalg.norm(enc((x[i] + x[j]) / 2) - (enc(x[i]) + enc(x[j])) / 2, axis=1))
    scales[name] = np.median(np.linalg.norm(enc(x[i]) - enc(x[j]), axis=1))
    print(f"{name:13s} |code(average) - average of codes|: median {gaps[name]:.3f}"
          f"  (distance between the two codes: median {scales[name]:.2f})")
claim("the code of an average equals the average of codes for PCA, not for the autoencoder",
      gaps["PCA (linear)"] < 1e-9 and gaps["autoencoder"] > 0.1,
      values={"PCA gap": gaps["PCA (linear)"], "autoencoder gap": gaps["autoencoder"],
              "autoencoder scale": scales["autoencoder"]},
      says=f"For PCA the gap is zero up to rounding; for the autoencoder it is {gaps['autoencoder']:.3f}, "
           f"{gaps['autoencoder'] / scales['autoencoder']:.0%} of the distance between the two codes.")

# %% [markdown]
# The bend is gentle over a half-step like this one, and it adds up along longer paths (section 6
# draws one).

# %% [markdown]
# ## 2. Do hidden features help? Measure it
#
# A simple test of what a space keeps: **kNN accuracy**, the share of digits whose 5 nearest other
# digits (a majority vote) carry the right label. It needs no training, so it reads the geometry of
# the space directly. Compare the raw pixels, PCA's 8 numbers (its 8 directions of largest variance),
# and the autoencoder's 8 numbers. Here the vote is *leave-one-out among the 450 held-out digits*:
# each digit's neighbours come from the other held-out digits. Chapter 00 let each held-out digit vote among the 1,347 training digits instead; with
# three times as many candidates the nearest ones are closer, so the same pixels score higher there.
# The last line computes that figure too.

# %%
pca8 = pca.transform(x)
knn = {"pixels (64 numbers)": lt.knn_accuracy(x, y, 5),
       "PCA codes (8 numbers)": lt.knn_accuracy(pca8, y, 5),
       "autoencoder codes (8 numbers)": lt.knn_accuracy(codes, y, 5)}
for name, acc in knn.items():
    print(f"{name:32s} kNN accuracy {acc:.3f}")
from sklearn.neighbors import KNeighborsClassifier

knn_among_training = KNeighborsClassifier(5).fit(x_train, digits.y_train.numpy()).score(x, y)
print(f"pixels, voting among the {len(x_train):,} training digits (chapter 00's way): {knn_among_training:.3f}")

# %%
pixels_acc, pca_acc, ae_acc = knn.values()
claim("8-number codes keep at least 90% of the pixels' kNN accuracy", min(pca_acc, ae_acc) > 0.9 * pixels_acc,
      values={"pixels": pixels_acc, "PCA codes": pca_acc, "autoencoder codes": ae_acc},
      says=f"Eight numbers instead of 64 keep most of what a neighbour vote needs: both 8-number codes keep "
           f"at least 90% of the pixels' accuracy ({pca_acc / pixels_acc:.0%} for PCA, "
           f"{ae_acc / pixels_acc:.0%} for the autoencoder).")

# %% [markdown]
# Read these numbers honestly. Do the autoencoder's 8 numbers beat PCA's 8? The difference is small,
# and its size depends on the training run; so the cell below prints this run's difference next to
# the same difference on five seeds (copied from `benchmarks/seeds.py`'s report).
# This autoencoder was trained to *rebuild* digits, not to separate them, and nothing told it about
# labels; a hidden feature helps with the task it was learned for, and with others only as far as a
# measurement like this one shows. Chapter 03's section 9 measured the same question with only a
# few labelled digits: on clean digits the pixels still won, and codes paid only on noisy ones.
# What the codes do show, without any label, is structure: the maps below find the ten digits as
# clusters in them.

# %%
seed_report = {  # from benchmarks/results/seeds-*.json (python benchmarks/seeds.py --chapters 04), seeds 0-4
    "the autoencoder's codes score below PCA's in the 5-NN vote":
        {"autoencoder - PCA": [-0.02667, -0.05333, -0.02667, -0.02889, -0.03556], "holds_on": 5},
}
difference = ae_acc - pca_acc
print(f"this run (seed {SEED}): autoencoder codes {ae_acc:.3f}, PCA codes {pca_acc:.3f}, "
      f"difference {difference:+.3f} ({round(difference * len(x)):+d} digits of {len(x)})")
stored = seed_report["the autoencoder's codes score below PCA's in the 5-NN vote"]
print(f"seeds 0-4: difference " + ", ".join(f"{d:+.3f}" for d in stored["autoencoder - PCA"])
      + f"; below PCA on {stored['holds_on']} of 5 seeds")
claim("the autoencoder's codes score below PCA's in the 5-NN vote", ae_acc < pca_acc,
      values={"autoencoder - PCA": difference},
      says=f"On this run the autoencoder's codes score {-difference:.3f} below PCA's.",
      otherwise=f"On this run the autoencoder's codes score {difference:+.3f} against PCA's.")

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
        maps[space, method] = lt.embed(points, method, random_state=SEED)
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
# What the numbers say. **PCA** keeps the two directions of largest variance and nothing else;
# **t-SNE and UMAP** bend the space to keep neighbourhoods. Trustworthiness is measured against the
# space each map draws, so it compares *methods*, not spaces; kNN accuracy in the map compares
# spaces. What about large distances? A third number: the correlation between the distances of all
# pairs of digits in the 64 pixels and in each map of the pixels.

# %%
from IPython.display import display
from scipy.spatial.distance import pdist

pixel_distances = pdist(x)
distance_r = {m: np.corrcoef(pixel_distances, pdist(maps["pixels", m]))[0, 1] for m in ("pca", "tsne", "umap")}
print("correlation of pair distances, pixels against the map:",
      ", ".join(f"{lt.setting_name(m)} {r:.2f}" for m, r in distance_r.items()))
trust = {key: q.trustworthiness for key, q in quality.items()}
display(claim("t-SNE and UMAP keep neighbourhoods better than PCA, in both spaces",
              all(trust[s, m] > trust[s, "pca"] for s in spaces for m in ("tsne", "umap")),
              values={f"{m} of {s}": trust[s, m] for s in spaces for m in ("pca", "tsne", "umap")},
              says="t-SNE and UMAP keep neighbourhoods: in both spaces their trustworthiness is above PCA's, "
                   "and most digits' nearest dots in their pictures carry the same label."))
display(claim("PCA's map follows the large distances more closely than t-SNE's and UMAP's, but only partly",
              distance_r["pca"] > max(distance_r["tsne"], distance_r["umap"]) and distance_r["pca"] < 0.95,
              values={f"r {m}": r for m, r in distance_r.items()},
              says=f"PCA's picture follows the pixel distances more closely (r = {distance_r['pca']:.2f}) than "
                   f"t-SNE's ({distance_r['tsne']:.2f}) or UMAP's ({distance_r['umap']:.2f}), but it is a "
                   "projection: distances can only shrink in it, and two digits far apart in pixels can land "
                   "on top of each other, which is where most neighbourhoods are lost."))
display(claim("t-SNE and UMAP maps of the pixels keep digits apart better than maps of the codes",
              all(quality["pixels", m].knn_accuracy > quality["codes", m].knn_accuracy for m in ("tsne", "umap")),
              values={f"{m} of {s}": quality[s, m].knn_accuracy for s in spaces for m in ("tsne", "umap")},
              says="The t-SNE and UMAP maps of the 64 pixels keep digits apart better than those of the 8-number "
                   "codes (kNN accuracy in the map), as the kNN accuracies of the spaces themselves (section 2) "
                   "suggested."))

# %% [markdown]
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
atlas = lt.build_atlas(spaces, y, perplexities=(5, 30), n_neighbors=(5, 15), random_state=SEED,
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

settings = {"t-SNE": ("tsne", 5, 30), "UMAP": ("umap", 5, 15)}   # the explorer's two settings of each
setting_moves = {f"{name} of {space}": max(abs(getattr(atlas.quality[space, method, small], score)
                                               - getattr(atlas.quality[space, method, usual], score))
                                           for score in ("trustworthiness", "knn_accuracy"))
                 for space in spaces for name, (method, small, usual) in settings.items()}
largest_move = max(setting_moves.values())
print(f"largest change of a score between the two settings of one method: {largest_move:.3f}")
claim("changing the main setting moves every map's scores by less than 0.03", largest_move < 0.03,
      values=setting_moves,
      says=f"Changing the main setting moves no printed score by more than {largest_move:.3f}, while the "
           "pictures change shape (try it in the explorer).")

# %% [markdown]
# Things to try:
# - Find a digit whose code-space neighbours carry other labels while its pixel neighbours do not (or
#   the reverse). The autoencoder's notion of similar is its own: it grouped digits by whatever helped
#   it *rebuild* them.
# - Switch t-SNE from perplexity 30 to 5, and UMAP from 15 neighbours to 5, and watch the clusters'
#   shapes, splits and merges; compare with how little the scores moved (printed above). The picture
#   depends on a setting that the data did not choose.

# %% [markdown]
# ## 5. What a t-SNE or UMAP picture cannot tell you
#
# A controlled example, where we know the truth. Three Gaussian blobs in the plane: blob 0 is tight
# (standard deviation 0.1), blob 1 is wide (1.5), and their centres are 6 apart; blob 2 sits 40 away.
# Measure each blob's spread (root-mean-square distance to its centre) and the distances between
# centres, in the data and in its t-SNE and UMAP pictures.

# %%
blobs, blob_labels = lt.make_uneven_blobs(100, random_state=SEED)
blob_maps = {"t-SNE": lt.embed(blobs, "tsne", 30, random_state=SEED),
             "UMAP": lt.embed(blobs, "umap", 15, random_state=SEED)}
fig, axes = plt.subplots(1, 3, figsize=(13, 3.6), layout="constrained")
lt.plot_map(axes[0], blobs, blob_labels, title="the data (true positions)", size=10)
axes[0].set_aspect("equal")
lt.plot_map(axes[1], blob_maps["t-SNE"], blob_labels, title="its t-SNE picture (perplexity 30)", size=10)
lt.plot_map(axes[2], blob_maps["UMAP"], blob_labels, title="its UMAP picture (15 neighbours)", size=10)
plt.show()

blob_ratios = {}
print("the data: centres", np.array([blobs[blob_labels == k].mean(0) for k in range(3)]).round(0).tolist(),
      " standard deviation per axis", np.array([blobs[blob_labels == k].std(0).mean() for k in range(3)]).round(1))
for name, points in (("data", blobs), *blob_maps.items()):
    spread = lt.cluster_spread(points, blob_labels)
    dist = lt.centroid_distances(points, blob_labels)
    blob_ratios[name] = (spread[1] / spread[0], dist[0, 2] / dist[0, 1])
    print(f"{name:6s} spreads {spread.round(2)}  wide/tight = {spread[1] / spread[0]:5.1f}   "
          f"distance 0-1 {dist[0, 1]:6.1f}, 0-2 {dist[0, 2]:6.1f}, far/near = {dist[0, 2] / dist[0, 1]:4.1f}")
claim("t-SNE and UMAP both shrink the true size ratio and the true distance ratio of the blobs",
      all(blob_ratios[m][k] < blob_ratios["data"][k] / 2 for m in blob_maps for k in (0, 1)),
      values={f"{name} {what}": r[k] for name, r in blob_ratios.items() for k, what in enumerate(("wide/tight", "far/near"))},
      says="Both pictures shrink both ratios to less than half of the data's: the wide blob is drawn about as "
           "small as the tight one, and the far blob is pulled in.")

# %% [markdown]
# Compare the ratios on each line. In the data the wide blob is many times as spread as the tight
# one and blob 2 is far away; both pictures draw the blobs at more comparable sizes and shrink the
# far/near ratio. That is by design: t-SNE gives each point a neighbourhood of its own width (set by
# the perplexity), and UMAP measures each point's distances in units of its own nearest neighbours,
# so dense and sparse regions come out alike; both try hard to keep only *near* neighbours near.
# Read a t-SNE or UMAP picture for **who is next to whom**. Do not read sizes of clusters, gaps
# between clusters, or the empty space around them. Trustworthiness agrees: it scores
# neighbourhoods only.

# %%
for name, picture in blob_maps.items():
    print(f"trustworthiness of the {name} blob picture: {lt.trustworthiness(blobs, picture, 5):.3f}")

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
middle_distance = {"pixel path": lt.nearest_distance(pixel_frames[[middle]], x_train)[0],
                   "latent path": lt.nearest_distance(latent_frames[[middle]], x_train)[0]}
print(f"a held-out digit's distance to its nearest training digit: median {typical:.2f}")
print(f"middle frame's distance to its nearest training digit: pixel path "
      f"{middle_distance['pixel path']:.2f}, latent path {middle_distance['latent path']:.2f}")
claim("neither middle frame is a copy of a training digit",
      min(middle_distance.values()) > 0.5 * typical,
      values={**middle_distance, "held-out median": typical},
      says="Neither middle frame is a copy of a training digit: each is at least half as far from its nearest "
           "training digit as a typical new, held-out digit is.")

# %% [markdown]
# What sets the two paths apart is *where* their frames live. Push a frame through the autoencoder
# (encode, then decode) and measure how much it changes:

# %%
def rebuild_error(images):
    images = np.asarray(images, dtype=np.float32)
    return ((decode(model, encode(model, images)).numpy() - images) ** 2).mean(axis=1)

print("change along the pixel path: ", rebuild_error(pixel_frames).round(4))
print("change along the latent path:", rebuild_error(latent_frames).round(4))
real_change = np.median(rebuild_error(x))
print(f"real held-out digits:         median {real_change:.4f}")
claim("decoded frames hardly change; real digits and cross-fades change by similar amounts",
      rebuild_error(latent_frames).max() < real_change / 4
      and real_change / 3 < rebuild_error(pixel_frames)[middle] < 3 * real_change,
      values={"latent path, largest": rebuild_error(latent_frames).max(),
              "pixel path, middle": rebuild_error(pixel_frames)[middle], "real median": real_change},
      says="Every decoded frame changes by less than a quarter of what a real digit typically does, while the "
           "middle cross-fade changes by an amount within a factor of 3 of the real digits'.")

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
#   autoencoder, never shown a label, arranged the digits in clusters; how its codes compare with
#   PCA's for a neighbour vote is a small difference, measured on five seeds in section 2 (Q11).
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
