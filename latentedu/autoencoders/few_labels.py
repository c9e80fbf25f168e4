"""Few labels: does a code learned from unlabelled images help a classifier that sees only a handful?

The codes (PCA's, an autoencoder's) are learned from every training image without
its label. Then only ``n`` labelled images per class are kept, drawn at random, and
the same simple classifier is fitted on each representation: raw pixels, PCA codes,
autoencoder codes. Its accuracy on the held-out images, for ``n`` = 1, 3, 10, 30
and over several random draws, is a *learning curve* per representation.

The classifier is the 1-nearest-neighbour rule: a test image gets the label of the
closest labelled image. It has nothing to tune, works with a single example per
class, and asks exactly the question of the chapter: is distance in this space a
better guide to the digit than distance in pixel space? (Cover & Hart 1967.)
Used by section 9 of ``notebooks/03_autoencoders.ipynb``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .._validation import as_array, as_labels, check_axes, check_int, check_int_list, check_random_state

__all__ = ["DEFAULT_COUNTS", "LearningCurves", "draw_per_class", "few_label_curve", "plot_learning_curves"]

DEFAULT_COUNTS = (1, 3, 10, 30)  # labelled images per class on the learning curve


def draw_per_class(labels, n_per_class: int, random_state: int = 0) -> np.ndarray:
    """Indices of ``n_per_class`` samples of every class in ``labels``, drawn at random without replacement.

    The draw is nested: with the same ``random_state``, the samples drawn for a
    smaller ``n_per_class`` are among those drawn for a larger one (each class's
    samples are shuffled once and the first ``n_per_class`` kept), so a learning
    curve adds labels rather than starting over. Returned class by class, in the
    order of the sorted class labels.
    """
    labels = as_labels(labels, "labels")
    n_per_class = check_int(n_per_class, "n_per_class", low=1)
    rng = np.random.default_rng(check_random_state(random_state))
    classes, sizes = np.unique(labels, return_counts=True)
    if len(classes) == 0:
        raise ValueError("labels is empty: there are no samples to draw from.")
    if n_per_class > sizes.min():
        small = classes[sizes.argmin()]
        raise ValueError(f"n_per_class={n_per_class} is more than class {small} has ({sizes.min()} samples); "
                         f"choose n_per_class of at most {sizes.min()}.")
    return np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:n_per_class] for c in classes])


@dataclass
class LearningCurves:
    """Held-out accuracy of 1-NN for each representation, labelled count and seed.

    ``accuracy[name]`` is an array (len(counts), len(seeds)). The same labelled
    images are used for every representation at a given count and seed, so
    representations compare pair by pair.
    """

    counts: tuple[int, ...]
    seeds: tuple[int, ...]
    accuracy: dict[str, np.ndarray]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.accuracy)

    def _check_name(self, name: str) -> np.ndarray:
        if name not in self.accuracy:
            raise ValueError(f"{name!r} is not one of the representations measured: {list(self.accuracy)}.")
        return self.accuracy[name]

    def mean(self, name: str) -> np.ndarray:
        """Mean accuracy over the seeds at each count: (len(counts),)."""
        return self._check_name(name).mean(axis=1)

    def at(self, name: str, n_per_class: int) -> np.ndarray:
        """Accuracy on every seed with ``n_per_class`` labels per class: (len(seeds),)."""
        acc = self._check_name(name)
        if isinstance(n_per_class, bool) or n_per_class not in self.counts:
            raise ValueError(f"n_per_class={n_per_class!r} is not a count of these curves; choose one of {list(self.counts)}.")
        return acc[self.counts.index(n_per_class)]

    def rows(self) -> list[dict]:
        """One row per representation, count and seed: ``{"features", "n_per_class", "seed", "accuracy"}``."""
        return [{"features": name, "n_per_class": n, "seed": s, "accuracy": float(acc[i, j])}
                for name, acc in self.accuracy.items() for i, n in enumerate(self.counts)
                for j, s in enumerate(self.seeds)]


def _one_nn_accuracy(train, train_labels, test, test_labels) -> float:
    """Share of ``test`` rows whose nearest ``train`` row (Euclidean) has the right label; ties go to the first row."""
    distances = (test**2).sum(1)[:, None] - 2 * test @ train.T + (train**2).sum(1)[None, :]  # (n_test, n_train)
    return float((train_labels[distances.argmin(axis=1)] == test_labels).mean())


def few_label_curve(features: dict, labels, test_labels, counts: Sequence[int] = DEFAULT_COUNTS,
                    seeds: Sequence[int] = (0, 1, 2, 3, 4)) -> LearningCurves:
    """Learning curves of the 1-nearest-neighbour classifier with few labels, one per representation.

    ``features`` maps a name to ``(train_features, test_features)``: the training
    images in that representation (one row per entry of ``labels``) and the
    held-out images (one row per entry of ``test_labels``). For every seed and
    count ``n``, :func:`draw_per_class` picks ``n`` labelled training images per
    class (the same images for every representation), and 1-NN on those is scored
    on all the held-out images.
    """
    if not isinstance(features, dict) or not features:
        raise TypeError("features must be a non-empty dict {name: (train_features, test_features)}, "
                        f"got {type(features).__name__}" + (" (empty)" if isinstance(features, dict) else "") + ".")
    labels = as_labels(labels, "labels")
    test_labels = as_labels(test_labels, "test_labels")
    counts = tuple(check_int_list(counts, "counts", low=1, example="(1, 3, 10, 30)"))
    seeds = tuple(check_int_list(seeds, "seeds", low=0, example="(0, 1, 2, 3, 4)"))
    prepared = {}
    for name, pair in features.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"features[{name!r}] must be a pair (train_features, test_features), got {type(pair).__name__}.")
        train = as_array(pair[0], f"features[{name!r}][0]", ndim=2)
        test = as_array(pair[1], f"features[{name!r}][1]", ndim=2, n_features=train.shape[1])
        if len(train) != len(labels):
            raise ValueError(f"features[{name!r}] has {len(train)} training rows but labels has {len(labels)}: "
                             "one row per labelled-or-not training image.")
        if len(test) != len(test_labels):
            raise ValueError(f"features[{name!r}] has {len(test)} test rows but test_labels has {len(test_labels)}.")
        prepared[name] = (train, test)
    accuracy = {name: np.zeros((len(counts), len(seeds))) for name in prepared}
    for j, seed in enumerate(seeds):
        for i, n in enumerate(counts):
            chosen = draw_per_class(labels, n, random_state=seed)
            for name, (train, test) in prepared.items():
                accuracy[name][i, j] = _one_nn_accuracy(train[chosen], labels[chosen], test, test_labels)
    return LearningCurves(counts, seeds, accuracy)


def plot_learning_curves(ax, curves: LearningCurves, names: Sequence[str] | None = None, *, colors=None):
    """Mean held-out accuracy against labels per class (log scale), one line per representation.

    The shaded band around each line spans the lowest to the highest accuracy over
    the seeds, and each seed's accuracy is a faint dot.
    """
    check_axes(ax)
    if not isinstance(curves, LearningCurves):
        raise TypeError(f"curves must be the result of few_label_curve(...), got {type(curves).__name__}.")
    names = curves.names if names is None else tuple(names)
    for name in names:
        curves._check_name(name)
    colors = colors or {}
    x = np.array(curves.counts)
    for name in names:
        acc = curves.accuracy[name]
        line, = ax.plot(x, acc.mean(axis=1), "o-", label=name, color=colors.get(name))
        if acc.shape[1] > 1:
            ax.fill_between(x, acc.min(axis=1), acc.max(axis=1), color=line.get_color(), alpha=0.15, linewidth=0)
            ax.plot(np.repeat(x, acc.shape[1]), acc.ravel(), ".", color=line.get_color(), alpha=0.35, markersize=3)
    ax.set_xscale("log")
    ax.set_xticks(x, [str(n) for n in x])
    ax.minorticks_off()
    ax.set_xlabel("labelled images per class")
    ax.set_ylabel("held-out accuracy (1-NN)")
    ax.legend(frameon=False, fontsize=9)
    return ax
