"""Questions for the chapter "Visualising and exploring latent space" (exercises/04_latent_maps.ipynb).

q1 kNN accuracy of a map, q2 nearest neighbours, q3 a straight line between codes, q4
trustworthiness, q5 reading a t-SNE picture (multiple choice), q6 how many pixels one latent
coordinate moves (Q14), q7 predict-then-verify (which map keeps more neighbours), q8 an
experiment (a map of a new swiss roll that must reach a trustworthiness target).

Every check builds its own data here (seeded), so it never depends on the
state of the learner's notebook.
"""

from __future__ import annotations

import numpy as np

from .engine import (Case, Incorrect, Question, call_learner, choice_check, expect_array, expect_number,
                     function_check)

CHAPTER = "latent_maps"

__all__ = ["exercise_digits", "flat_sheet", "neighbour_contest", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8",
           "swiss_roll"]


def exercise_digits(n: int = 200):
    """The first ``n`` of scikit-learn's 8x8 digits, pixels scaled to [0, 1]: ``(x, labels)`` as numpy arrays."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return (bunch.data[:n] / 16.0), bunch.target[:n].copy()


# --------------------------------------------------------------------------- q1: kNN accuracy

def _knn_accuracy(points, labels, k):
    d = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
    votes = np.array([np.bincount(labels[row], minlength=labels.max() + 1).argmax() for row in nearest])
    return float((votes == labels).mean())


def _blobs_case(seed, n, spread):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    centres = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    return centres[labels] + spread * rng.standard_normal((n, 2)), labels


def _tie_case():
    """Points on a line where many 2-neighbour votes are ties: the smallest label must win them.

    Point 0 (label 1) has a label-1 neighbour at 0.1 and a label-0 one at 0.25: the tie rule says 0
    (wrong), "the nearest neighbour decides" and "the largest label wins" say 1. Point 3 (label 0)
    is the mirror image, which "the largest label wins" gets wrong. The three rules score 4, 5 and 2
    of the 9 points.
    """
    xs = np.array([0.0, 0.1, 0.25, 5.0, 5.1, 5.25, 10.0, 10.1, 10.25])
    labels = np.array([1, 1, 0, 0, 0, 1, 2, 1, 1])
    return np.stack([xs, np.zeros_like(xs)], 1), labels


_Q1_CASES = [Case((*_blobs_case(1, 30, 1.0), 1), about="30 points in 3 overlapping groups, k=1"),
             Case((*_blobs_case(2, 60, 1.2), 5), about="60 points in 3 overlapping groups, k=5"),
             Case((*_blobs_case(3, 45, 0.1), 3), about="45 points in 3 tight groups, k=3"),
             Case((*_tie_case(), 2), about="9 points on a line where many votes are 1-1 ties, k=2")]

q1 = Question(
    "q1", "kNN accuracy of a map",
    """Write `knn_accuracy(points, labels, k)`: for every point, find its `k` nearest **other** points
(Euclidean distance), take the label most of them carry (a tie goes to the smallest label, as
`np.bincount(...).argmax()` does), and return the share of points whose vote equals their own label,
as a Python float. This is the kNN accuracy printed beside every map in the lesson.""",
    check=function_check(_knn_accuracy, _Q1_CASES, kind="any"),
    hints=["Every point is at distance 0 from itself, so it would always be its own nearest neighbour "
           "and vote for its own label. The accuracy is only honest if each point is left out of its own vote.",
           "Put `np.inf` on the diagonal of the distance matrix (`np.fill_diagonal(d, np.inf)`) before "
           "you sort: then a point is never among its own neighbours. `np.bincount(...).argmax()` already "
           "settles ties the way the question asks (the smallest label).",
           "The blank line is `np.fill_diagonal(d, np.inf)`, and the share of right votes is "
           "`float((votes == labels).mean())`."],
    starter="""import numpy as np

def knn_accuracy(points, labels, k):
    d = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    ____                                   # keep each point from voting for itself
    nearest = np.argsort(d, axis=1)[:, :k]
    votes = np.array([np.bincount(labels[row]).argmax() for row in nearest])
    return float(____)

q1.check(knn_accuracy)""",
    solution="""import numpy as np

def knn_accuracy(points, labels, k):
    d = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)            # keep each point from voting for itself
    nearest = np.argsort(d, axis=1)[:, :k]
    votes = np.array([np.bincount(labels[row]).argmax() for row in nearest])
    return float((votes == labels).mean())

q1.check(knn_accuracy)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2: nearest neighbours

def _nearest(points, index, k):
    d = ((points - points[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d, kind="stable")[:k]


def _codes_case(seed, n, dim):
    return np.random.default_rng(seed).standard_normal((n, dim))


_Q2_CASES = [Case((_codes_case(4, 50, 8), 0, 5), about="50 codes of 8 numbers, point 0, k=5"),
             Case((_codes_case(5, 80, 3), 41, 3), about="80 codes of 3 numbers, point 41, k=3"),
             Case((_codes_case(6, 20, 16), 19, 1), about="20 codes of 16 numbers, point 19, k=1")]


def _check_q2(answer):
    for case in _Q2_CASES:
        got = call_learner(answer, *case.args)
        got = np.asarray(got.detach().numpy() if hasattr(got, "detach") else got)
        if got.ndim != 1:
            raise Incorrect(f"Your function should return a 1-D array of indices{case.describe()}; "
                            f"it returned shape {got.shape}.")
        if got.size and not np.issubdtype(got.dtype, np.integer):
            raise Incorrect(f"Your function should return integer indices{case.describe()}, "
                            f"not values of dtype {got.dtype}.")
        if case.args[1] in got.tolist():
            raise Incorrect(f"The point itself is among the neighbours{case.describe()}: leave it out.")
        expect_array(got.astype(np.int64), _nearest(*case.args).astype(np.int64), kind="numpy",
                     name=f"The indices your function returns{case.describe()}", indices=True,
                     order="nearest first")


q2 = Question(
    "q2", "Nearest neighbours in latent space",
    """Write `nearest(codes, index, k)` that returns the indices of the `k` codes nearest to
`codes[index]` (Euclidean distance), **nearest first**, leaving out `index` itself. It is what the
explorer uses to list a digit's neighbours in code space.""",
    check=_check_q2,
    hints=["Two things decide the answer: sorting the distances (not the codes), and keeping the code "
           "itself out, since it is at distance 0 from itself.",
           "Distances from one code to all: `((codes - codes[index]) ** 2).sum(axis=1)` (the square root "
           "does not change the order). Set `d[index] = np.inf`, then `np.argsort(d)` lists the indices "
           "from nearest to farthest.",
           "`d[index] = np.inf` and `return np.argsort(d)[:k]`."],
    starter="""import numpy as np

def nearest(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = ____
    return np.argsort(d)[____]

q2.check(nearest)""",
    solution="""import numpy as np

def nearest(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d)[:k]

q2.check(nearest)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3: interpolation of codes

def _interpolate(z_a, z_b, num_steps):
    import torch

    t = torch.linspace(0.0, 1.0, num_steps)[:, None]
    return (1 - t) * z_a[None, :] + t * z_b[None, :]


def _torch_codes(seed, dim):
    import torch

    g = torch.Generator().manual_seed(seed)
    return torch.randn(dim, generator=g), torch.randn(dim, generator=g)


def _q3_check(answer):
    cases = [Case((*_torch_codes(7, 8), 5), about="two codes of 8 numbers, 5 steps"),
             Case((*_torch_codes(8, 2), 9), about="two codes of 2 numbers, 9 steps"),
             Case((*_torch_codes(9, 16), 2), about="two codes of 16 numbers, 2 steps")]
    function_check(_interpolate, cases, kind="torch", rtol=1e-5, atol=1e-6)(answer)


q3 = Question(
    "q3", "A straight line through latent space",
    """Write `interpolate(z_a, z_b, num_steps)` that returns a torch tensor of shape
`(num_steps, latent_dim)`: evenly spaced codes on the straight line from `z_a` (first row) to
`z_b` (last row), both ends included. Decoding these rows gives the latent path of the lesson.""",
    check=_q3_check,
    hints=["Each row is a mix of the two codes: mostly `z_a` at the start, mostly `z_b` at the end. "
           "At the first row it must be exactly `z_a`, at the last exactly `z_b`.",
           "With mixing weights `t` from 0 to 1, both included (`torch.linspace(0, 1, num_steps)`), row i "
           "is `(1 - t_i) * z_a + t_i * z_b`. The starter's `t[:, None]` is a column, so it broadcasts "
           "against the codes.",
           "`return (1 - t) * z_a + t * z_b`"],
    starter="""import torch

def interpolate(z_a, z_b, num_steps):
    t = torch.linspace(0.0, 1.0, num_steps)[:, None]    # (num_steps, 1)
    return ____

q3.check(interpolate)""",
    solution="""import torch

def interpolate(z_a, z_b, num_steps):
    t = torch.linspace(0.0, 1.0, num_steps)[:, None]    # (num_steps, 1)
    return (1 - t) * z_a + t * z_b

q3.check(interpolate)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4: trustworthiness

_Q4_K = 10


def _q4_expected() -> float:
    from sklearn.decomposition import PCA
    from sklearn.manifold import trustworthiness

    x, _ = exercise_digits()
    return float(trustworthiness(x, PCA(n_components=2).fit_transform(x), n_neighbors=_Q4_K))


def _q4_check(answer):
    expect_number(answer, _q4_expected(), name="Your trustworthiness", rtol=0, atol=5e-4)


q4 = Question(
    "q4", "Trustworthiness of a PCA map",
    f"""Take `x, labels = exercise_digits()` (200 digits, 64 pixels each). Make a 2-D PCA map of `x`
and compute its trustworthiness with `sklearn.manifold.trustworthiness`, counting **{_Q4_K}**
neighbours. Check the number (to 3 decimals).""",
    check=_q4_check,
    hints=["Trustworthiness asks: are a point's neighbours in the map also its neighbours in the original "
           "space? So it needs both: the 64-pixel digits and their 2-D map.",
           "`trustworthiness(X, X_embedded, n_neighbors=...)`: the original space comes first, the map "
           f"second. The default counts 5 neighbours; this question asks for {_Q4_K}.",
           f"`trust = trustworthiness(x, pca_map, n_neighbors={_Q4_K})`"],
    starter="""from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from latentedu.exercises.latent_maps import exercise_digits

x, labels = exercise_digits()
pca_map = PCA(n_components=2).fit_transform(x)
trust = ____    # trustworthiness(the original points, their map, n_neighbors=...)
q4.check(trust)""",
    solution=f"""from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from latentedu.exercises.latent_maps import exercise_digits

x, labels = exercise_digits()
pca_map = PCA(n_components=2).fit_transform(x)
trust = trustworthiness(x, pca_map, n_neighbors={_Q4_K})
print(f"trustworthiness: {{trust:.3f}}")
q4.check(trust)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5: reading a t-SNE plot

_Q5_CHOICES = {
    "a": "Group A is spread about three times as widely as group B in the original space.",
    "b": "Group C is far from A and B in the original space, because it is far in the picture.",
    "c": "Points that sit together in one tight group are probably near each other in the original "
         "space; the sizes of the groups and the gaps between them are not evidence of anything.",
    "d": "A and B are closer to each other than to C in the original space, for certain.",
}


_Q5_WHY_NOT = ("t-SNE fits each point's neighbourhood with its own width (set by the perplexity), so it evens "
               "out the sizes of groups, and it does not keep large distances. The lesson's controlled blobs "
               "show both. Which statement claims only what t-SNE keeps?")

q5 = Question(
    "q5", "Reading a t-SNE picture",
    "A t-SNE picture shows three groups of points: A is drawn three times as wide as B, and C sits "
    "far away from both. Which statement does the picture support?\n\n"
    + "\n".join(f"- **{k}**: {v}" for k, v in _Q5_CHOICES.items())
    + "\n\nAnswer with the letter as a string.",
    check=choice_check("c", _Q5_CHOICES, reasons={letter: _Q5_WHY_NOT for letter in "abd"},
                       explain="t-SNE keeps who is next to whom; sizes and gaps are not evidence."),
    hints=["Look back at the controlled example: in the data the wide blob was many times as spread as the "
           "tight one, and one blob was far away. What did the t-SNE picture make of that?",
           "t-SNE is built to keep *neighbourhoods*: who is near whom. Sizes and long distances are what "
           "it gives up. Rule out every statement that reads a size or a long distance off the picture.",
           "The answer is `\"c\"`: it is the only statement about neighbourhoods."],
    starter='answer = ____   # "a", "b", "c" or "d"\nq5.check(answer)',
    solution='answer = "c"\nq5.check(answer)',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q6: a code coordinate is not a pixel (Q14)

def _pixels_moved(decode, z, dim, step, tol):
    moved = z.copy()
    moved[dim] = moved[dim] + step
    return int((np.abs(decode(moved) - decode(z)) > tol).sum())


def _subset_decoder(z):
    """A 'latent space' that *is* a subset of the 16 features: the code is 3 of the pixels, the rest 0."""
    image = np.zeros(16)
    image[[2, 7, 11]] = z
    return image


_Q6_W = np.random.default_rng(60).normal(0.0, 1.0, (16, 3))
_Q6_W[[1, 5, 9], 0] = 0.004  # three pixels that hardly depend on coordinate 0: below the tolerance
_Q6_B = np.random.default_rng(61).normal(0.0, 1.0, 16)
_Q6_QUARTERS = np.array([0.25] * 6 + [0.5] * 6 + [-0.5] * 4)[:, None] * np.ones((1, 2))


def _linear_decoder(z):
    return _Q6_W @ z + _Q6_B


def _sigmoid_decoder(z):  # pixels in (0, 1), some pushed to saturation, some decreasing with z
    return 1.0 / (1.0 + np.exp(-(4.0 * _Q6_W @ z + 3.0 * _Q6_B)))


def _quarter_decoder(z):  # each pixel moves by exactly 0.25, 0.5 or -0.5 per unit of z[0]
    return _Q6_QUARTERS @ z


_Q6_CASES = [
    Case((_subset_decoder, np.array([0.3, -0.2, 0.5]), 1, 0.5, 0.01),
         about="a decoder whose code is 3 of its 16 pixels (a subset of the pixel space)"),
    Case((_linear_decoder, np.array([0.5, -1.0, 0.2]), 0, 0.5, 0.01), about="a linear decoder, 16 pixels"),
    Case((_sigmoid_decoder, np.array([0.2, 0.1, -0.4]), 2, 0.3, 0.02),
         about="a nonlinear decoder whose pixels saturate"),
    Case((_quarter_decoder, np.zeros(2), 0, 1.0, 0.25),
         about="a decoder where 6 pixels move by exactly the tolerance"),
]


def _q6_check(answer):
    for case in _Q6_CASES:
        got = call_learner(answer, *case.args)
        expect_number(got, _pixels_moved(*case.args), name=f"What your function returns{case.describe()}",
                      rtol=0, atol=0)


q6 = Question(
    "q6", "One latent coordinate, how many pixels?",
    """Is a latent space a subset of the feature space, some of the pixels kept and the rest dropped?
If it were, each code coordinate would *be* one pixel, and moving one coordinate would change
exactly one pixel of the decoded image. Measure it. Write `pixels_moved(decode, z, dim, step, tol)`:
`decode` turns one code (a 1-D numpy array) into one image (a 1-D numpy array); move coordinate
`dim` of the code `z` by `step` (the others stay as they are) and return how many pixels of the
decoded image change by **more than** `tol` (up or down). Leave `z` itself unchanged.""",
    check=_q6_check,
    hints=["Decode twice: the code as it is, and the code with only coordinate `dim` moved. Then compare "
           "the two images pixel by pixel; a pixel that gets darker has changed as much as one that gets "
           "lighter.",
           "Copy the code before you move it (`moved = z.copy()`, then `moved[dim] += step`), take "
           "`np.abs(decode(moved) - decode(z))`, and count the entries above `tol` with `(... > tol).sum()`.",
           "`moved = z.copy(); moved[dim] += step; "
           "return int((np.abs(decode(moved) - decode(z)) > tol).sum())`"],
    starter="""import numpy as np

def pixels_moved(decode, z, dim, step, tol):
    moved = z.copy()
    ____                          # move coordinate `dim` of the copy by `step`
    change = ____                 # how much each pixel changed, up or down
    return (change > tol).sum()

q6.check(pixels_moved)""",
    solution="""import numpy as np

def pixels_moved(decode, z, dim, step, tol):
    moved = z.copy()
    moved[dim] = moved[dim] + step               # move coordinate `dim` of the copy by `step`
    change = np.abs(decode(moved) - decode(z))   # how much each pixel changed, up or down
    return (change > tol).sum()

q6.check(pixels_moved)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q7: predict, then verify (maps)

_Q7_K = 10
_MAP_NAMES = {"pca": "pca", "tsne": "tsne", "t-sne": "tsne", "t_sne": "tsne"}


def flat_sheet(n: int = 200, random_state: int = 0) -> np.ndarray:
    """``n`` points spread evenly over a flat 4 x 1 rectangle, turned at random into 10-D: ``(n, 10)``."""
    rng = np.random.default_rng(random_state)
    flat = rng.uniform(0.0, 1.0, (n, 2)) * np.array([4.0, 1.0])
    basis, _ = np.linalg.qr(rng.normal(size=(10, 2)))  # two orthonormal directions in 10-D
    return flat @ basis.T


_CONTEST: dict = {}


def neighbour_contest() -> dict:
    """q7's experiment: trustworthiness (10 neighbours) of a PCA map and a t-SNE map (perplexity 30,
    seed 0) of 200 digits and of :func:`flat_sheet`: ``{"digits": {"pca": ..., "tsne": ...},
    "flat sheet": {...}}``. Computed once per session (about 2-3 s), then remembered."""
    if not _CONTEST:
        from sklearn.decomposition import PCA
        from sklearn.manifold import TSNE, trustworthiness

        for name, x in (("digits", exercise_digits()[0]), ("flat sheet", flat_sheet())):
            maps = {"pca": PCA(n_components=2).fit_transform(x),
                    "tsne": TSNE(n_components=2, perplexity=30.0, init="pca", random_state=0,
                                 n_jobs=1).fit_transform(x)}
            _CONTEST[name] = {m: float(trustworthiness(x, e, n_neighbors=_Q7_K)) for m, e in maps.items()}
    return {name: dict(row) for name, row in _CONTEST.items()}


_Q7_WHY = {
    "digits": "The digits lie on a curved surface in 64-D: no flat plane holds it, so PCA's best plane "
              "squashes parts of it onto each other and mixes up neighbourhoods, while t-SNE is free to "
              "bend and only tries to keep each point's neighbours.",
    "flat sheet": "The sheet *is* a flat 2-D plane, only turned in 10-D. PCA finds that plane, and its map "
                  "is the sheet itself (rotated), so every neighbour is kept; t-SNE's picture is close but "
                  "not exact, since it rebuilds neighbourhoods from probabilities.",
}


def _q7_check(answer):
    if not isinstance(answer, dict):
        raise Incorrect("Your prediction should be a dict like `{\"digits\": \"pca\", \"flat sheet\": \"tsne\"}`, "
                        f"but it is a {type(answer).__name__}.")
    if set(answer) != set(_Q7_WHY):
        raise Incorrect(f"Your prediction should have exactly the keys \"digits\" and \"flat sheet\"; "
                        f"it has {sorted(map(str, answer))}.")
    picks = {}
    for data, pick in answer.items():
        name = _MAP_NAMES.get(str(pick).strip().lower()) if isinstance(pick, str) else None
        if name is None:
            raise Incorrect(f"For {data!r} predict \"pca\" or \"tsne\"; you wrote {pick!r}.")
        picks[data] = name
    table = neighbour_contest()
    wrong = []
    for data, row in table.items():
        winner = max(row, key=row.get)
        if picks[data] != winner:
            wrong.append(f"On the {data}, {'PCA' if winner == 'pca' else 't-SNE'} kept more neighbours "
                         f"(trustworthiness {row[winner]:.3f} against {row[picks[data]]:.3f}). {_Q7_WHY[data]}")
    if wrong:
        raise Incorrect("Your prediction was wrong " + ("for both sets" if len(wrong) == 2 else "for one set")
                        + ". " + " ".join(wrong) + " Change the prediction to what the experiment showed.")
    return ("Your prediction matches the experiment. " + _Q7_WHY["digits"] + " " + _Q7_WHY["flat sheet"]
            + " Which map keeps more neighbours depends on the shape of the data.")


q7 = Question(
    "q7", "Predict, then verify: which map keeps more neighbours?",
    f"""Two data sets: 200 of the digits (64 pixels each) and `flat_sheet()`, 200 points spread over a
flat 4 x 1 rectangle that has been turned into 10 dimensions. Each gets a PCA map and a t-SNE map
(perplexity 30). For each set, which map keeps more of every point's {_Q7_K} nearest neighbours
(higher trustworthiness)? **Write your prediction first**, as a dict with a `"pca"` or `"tsne"` for
each set, then run the cell: it runs the experiment and checks your prediction against it.""",
    check=_q7_check,
    hints=["Ask of each set: could a flat 2-D picture hold it without tearing or squashing it? PCA can "
           "only turn and flatten; t-SNE can bend.",
           "PCA keeps the best-fitting plane. If the data already *is* a plane, that plane is a perfect map. "
           "If the data is curved (the digits are), the plane squashes parts of it together, and a map that "
           "can bend keeps more neighbours.",
           "`{\"digits\": \"tsne\", \"flat sheet\": \"pca\"}`"],
    starter="""from latentedu.exercises.latent_maps import neighbour_contest

prediction = {"digits": ____, "flat sheet": ____}    # "pca" or "tsne": which keeps more neighbours?

table = neighbour_contest()     # the experiment: both maps of both sets (a few seconds)
for data, row in table.items():
    print(f"{data:10s}  trustworthiness  PCA {row['pca']:.3f}   t-SNE {row['tsne']:.3f}")
q7.check(prediction)""",
    solution="""from latentedu.exercises.latent_maps import neighbour_contest

prediction = {"digits": "tsne", "flat sheet": "pca"}    # "pca" or "tsne": which keeps more neighbours?

table = neighbour_contest()     # the experiment: both maps of both sets (a few seconds)
for data, row in table.items():
    print(f"{data:10s}  trustworthiness  PCA {row['pca']:.3f}   t-SNE {row['tsne']:.3f}")
q7.check(prediction)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q8: experiment: a map to trust

_Q8_K = 30
_Q8_TARGET = 0.955
_Q8_SEED = 7          # the check's roll; the learner practises on swiss_roll() (seed 0)
_Q8_TIME = 30.0


def swiss_roll(n: int = 200, random_state: int = 0) -> np.ndarray:
    """``n`` points on a rolled-up 2-D sheet in 3-D (scikit-learn's swiss roll, noise 0.3): ``(n, 3)``.

    Its true structure is known: a flat sheet, rolled. A good 2-D map unrolls it, keeping each
    point's neighbours *along* the sheet, not across the gap between two turns of the roll.
    """
    from sklearn.datasets import make_swiss_roll

    x, _ = make_swiss_roll(n, noise=0.3, random_state=random_state)
    return x


def _q8_check(answer):
    from sklearn.manifold import trustworthiness

    x = swiss_roll(200, random_state=_Q8_SEED)
    try:
        got = call_learner(answer, x.copy(), time_limit=_Q8_TIME)
    except Incorrect as exc:
        if "still running" in str(exc) or "more than the" in str(exc):
            raise Incorrect(f"Your map of 200 points took more than {_Q8_TIME:g} s, so it was stopped. t-SNE on "
                            "200 points takes a second or two with scikit-learn's defaults; a very large "
                            "perplexity or `max_iter` makes it slower (UMAP also spends about 10 s compiling "
                            "on its first fit: use t-SNE here).") from None
        raise
    got = np.asarray(got.detach().numpy() if hasattr(got, "detach") else got)
    if got.dtype == object or got.shape != (len(x), 2):
        raise Incorrect(f"Your function should return the map: an array of shape ({len(x)}, 2), one row per "
                        f"point; it returned shape {got.shape}.")
    if not np.isfinite(got.astype(np.float64)).all():
        raise Incorrect("Your map contains NaN or infinite values.")
    score = float(trustworthiness(x, got.astype(np.float64), n_neighbors=_Q8_K))
    if score < _Q8_TARGET:
        raise Incorrect(f"On a new swiss roll of 200 points, your map's trustworthiness ({_Q8_K} neighbours) is "
                        f"{score:.3f}; the target is {_Q8_TARGET}. Try your map on `swiss_roll()` with several "
                        "settings and print the trustworthiness of each before you choose.")
    return (f"Your map's trustworthiness on a new roll is {score:.3f} (target {_Q8_TARGET}). A perplexity "
            f"near the number of neighbours you want to keep ({_Q8_K} here) lets each point attend to that "
            "many neighbours along the sheet; a small one keeps only tiny patches and tears the sheet apart.")


q8 = Question(
    "q8", "Experiment: a map that unrolls the swiss roll",
    f"""`swiss_roll()` is a rolled-up flat sheet in 3-D: its true structure is known (a 2-D sheet). Write
`make_map(x)` that returns a 2-D map of the rows of `x` (an array of shape `(n, 2)`). The check runs
it on a **new** roll of 200 points that you have not seen, and needs a trustworthiness of at least
**{_Q8_TARGET}** counting **{_Q8_K}** neighbours, so the map must keep neighbourhoods along the sheet.
Choose the method and its setting by experiment on `swiss_roll()`: measure, then decide. The map
must be made in under {_Q8_TIME:g} s.""",
    check=_q8_check,
    hints=["The roll is curved, so a flat projection (PCA) lays different turns of the roll on top of each "
           "other. t-SNE can unroll it, but its perplexity (roughly how many neighbours each point attends "
           "to) decides how large a patch of the sheet it keeps together.",
           "Try perplexities such as 5, 15, 30 and 50 on `swiss_roll()`: for each, make the map and print "
           f"`trustworthiness(x, the_map, n_neighbors={_Q8_K})`. Keep the setting that scores best, with "
           "some margin above the target, since the check's roll is a different one.",
           "`return TSNE(n_components=2, perplexity=50, init=\"pca\", random_state=0).fit_transform(x)`"],
    starter=f"""from sklearn.manifold import TSNE, trustworthiness
from latentedu.exercises.latent_maps import swiss_roll

def make_map(x):
    return TSNE(n_components=2, perplexity=____, init="pca", random_state=0).fit_transform(x)

practice = swiss_roll()      # the check uses a different roll
for perplexity in [5]:       # try more settings than this one
    trial = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=0).fit_transform(practice)
    print(perplexity, round(trustworthiness(practice, trial, n_neighbors={_Q8_K}), 3))

q8.check(make_map)""",
    solution=f"""from sklearn.manifold import TSNE, trustworthiness
from latentedu.exercises.latent_maps import swiss_roll

def make_map(x):
    return TSNE(n_components=2, perplexity=50, init="pca", random_state=0).fit_transform(x)

practice = swiss_roll()      # the check uses a different roll
for perplexity in [5, 50]:   # the small one keeps tiny patches only
    trial = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=0).fit_transform(practice)
    print(perplexity, round(trustworthiness(practice, trial, n_neighbors={_Q8_K}), 3))

q8.check(make_map)""",
    chapter=CHAPTER,
)
