"""Every public function of every topic module, called with bad inputs one argument at a time.

Each test id is ``function-argument-bad value``. A case passes when the call
raises a ``ValueError``/``TypeError`` whose message names the argument, or when
the input is accepted for a reason written in ``ACCEPTED`` below; it fails on
any other exception, on a silent return, and on a result holding NaN. The
machinery (discovery, example arguments from argument names, bad values) is in
``bad_inputs_helper.py``; this file holds the per-function choices.
"""

from __future__ import annotations

import numpy as np
import pytest

import bad_inputs_helper as H
from bad_inputs_helper import N, arg, fixed

# Public names that are records the library returns (or exceptions it raises), not functions a learner
# calls with data: nothing to validate.
_RECORD = "a record the library fills in and returns; learners read it, they do not build it"
EXCLUDED = {
    **{name: _RECORD for name in (
        "data.Split", "descent.GradientReport", "descent.Snapshot", "descent.Surface", "autoencoders.PCA",
        "autoencoders.Sweep", "latent.Atlas", "latent.MapQuality", "gan.ModeReport", "vae.BetaSweep",
        "vae.VAELoss", "dimensions.Concentration", "dimensions.NoiseCurve", "training.Progress",
        "downloads.DataSet", "autoencoders.LearningCurves", "descent.MinibatchRun", "vae.Comparison")},
    **{name: "an exception class" for name in ("data.DataUnavailable", "downloads.IDXFormatError")},
    "data.load_mnist": "needs the downloaded MNIST files (no network here); download_file and read_idx, "
                       "which it is built from, are covered, and tests/test_downloads.py drives it offline",
}


def _x():  # digits as a float32 tensor (N, 64)
    return H.digits()[0]


def _xn():  # the same digits as numpy
    return H.digits()[0].numpy()


def _yn():
    return H.digits()[1].numpy()


def _pts():  # 2-D points (N, 2) tensor and 0/1 labels
    return H.moons()[0]


def _pts_y():
    return H.moons()[1]


def _z():  # 2-D codes (N, 2) as numpy
    return H.moons()[0].numpy().astype(np.float64)


def _limits():
    return np.array([[-1.0, 1.0], [-1.0, 1.0]])


_PAIR = lambda value: arg("pair", value)  # noqa: E731
_LINE_X = lambda: np.linspace(-2.0, 2.0, N)  # noqa: E731 - a noisy line for the mini-batch functions
_LINE_Y = lambda: 1.5 * np.linspace(-2.0, 2.0, N) - 0.5 + np.sin(np.arange(N))  # noqa: E731
_LINE = {"x": arg("vector", _LINE_X), "y": arg("vector", _LINE_Y)}
_RUNS = {"runs": arg("mapping", lambda: __import__("latentedu.descent", fromlist=["x"]).minibatch_paths(
    _LINE_X(), _LINE_Y(), (None, 8), epochs=2))}
_AX = arg("ax", H.new_ax)
_TINY_AE = {"model": arg("object", H.tiny_autoencoder)}
_TINY_VAE = {"model": arg("object", H.tiny_vae)}
_TINY_GAN = {"gan": arg("object", H.tiny_gan)}
_PLAYGROUND = {"playground": arg("object", H.tiny_playground)}
_SURFACE = {"surface": arg("object", H.surface)}
_SCORES = {"anomaly_score": arg("vector", H._scores), "is_anomaly": arg("flags", H._flags)}
_ESTIMATOR = lambda cls, kw: cls(**kw).fit(_xn())  # noqa: E731 - validated in fit, as in scikit-learn
_TRAINING = {"epochs": arg("count", 1), "batch_size": arg("count", 16), "hidden": arg("int_seq", (8,))}
_TWO_LAYER = {"params": arg("mapping", lambda: H.two_layer()[0]), "x": arg("matrix", lambda: H.two_layer()[1]),
              "y": arg("matrix", lambda: H.two_layer()[2])}
_NEURON = {"x": arg("matrix", _pts), "y": arg("labels", _pts_y), "w": _PAIR((1.0, -0.5)), "b": arg("real", 0.2),
           "activation_name": arg("choice", "sigmoid")}

OVERRIDES: dict[str, dict] = {
    # data
    "data.make_toy": {"args": {"name": arg("choice", "moons")}},
    "data.make_sensor_signal": {"args": {"num_steps": arg("count", 300)}},
    "data.make_circles": {"args": {"factor": arg("fraction", 0.5)}},
    "data.sliding_windows": {"args": {"signal": arg("vector", lambda: np.sin(np.arange(60) / 5.0)),
                                      "is_fault": arg("flags", lambda: np.arange(60) % 7 == 0)}},
    # plotting
    "plotting.digit_mosaic": {"args": {"images": arg("matrix", lambda: _x()[:6]), "n_cols": arg("count", 3),
                                       "row_gap": arg("count", 1), "col_gap": arg("count", 1)},
                              "nan_ok": True},
    "plotting.image_rows": {"args": {"rows": arg("mapping", lambda: {"a": _x()[:3], "b": _x()[:2]})},
                            "nan_ok": True},
    "plotting.square_images": {"args": {"images": arg("matrix", lambda: _x()[:3])}, "nan_ok": True},
    "plotting.plot_decision_regions": {"args": {
        "predict": arg("callable", lambda: (lambda grid: (np.asarray(grid)[:, 0] > 0).astype(int))),
        "x": arg("matrix", _pts), "labels": arg("labels", _pts_y)}},
    "plotting.plot_digits": {"args": {"images": arg("matrix", lambda: _x()[:4]),
                                      "labels": arg("labels", lambda: H.digits()[1][:4]), "n_cols": arg("count", 2)}},
    "plotting.plot_points": {"args": {"x": arg("matrix", _pts), "labels": arg("labels", _pts_y),
                                      "size": arg("positive", 8.0)}},
    "plotting.class_legend": {"args": {"target": _AX, "labels": arg("labels", lambda: [0, 1, 2]),
                                      "size": arg("positive", 5.0)}},
    "plotting.plot_curve": {"args": {"values": arg("vector", lambda: np.linspace(2.0, 1.0, 10))}},
    # neurons
    "neurons.Playground": {"args": {"dataset": arg("choice", "moons"), "width": arg("count", 4),
                                    "activation_name": arg("choice", "tanh"), "optimizer": arg("choice", "adam")},
                           "call": lambda cls, kw: cls(**kw).step(1)},
    "neurons.PlaygroundNet": {"args": {"width": arg("count", 4), "activation_name": arg("choice", "tanh"),
                                       "n_features": arg("count", 2)}},
    "neurons.activation": {"args": {"name": arg("choice", "relu")},
                           "aliases": {"name": ("activation",)}},  # activation(name): "activation must be one of"
    "neurons.boundary_line": {"args": {"w": _PAIR((1.0, -0.5)), "b": arg("real", 0.2), "xlim": _PAIR((-3.0, 3.0))}},
    "neurons.count_parameters": {"args": {"model": arg("object", lambda: __import__("torch").nn.Linear(2, 3))}},
    "neurons.layer_parameter_counts": {"args": {"sizes": arg("int_seq", (2, 4, 1))}},
    "neurons.linear_accuracy": {"args": {"features": arg("matrix", _pts), "labels": arg("labels", _pts_y)}},
    "neurons.make_dataset": {"args": {"name": arg("choice", "moons")},
                             "aliases": {"name": ("dataset",)}},  # "dataset must be one of 'moons', ..."
    "neurons.neuron_grid": {"args": {"w": _PAIR((1.0, -0.5)), "b": arg("real", 0.2),
                                     "activation_name": arg("choice", "sigmoid"), "lo": _PAIR((-3.0, -3.0)),
                                     "hi": _PAIR((3.0, 3.0))}},
    "neurons.neuron_output": {"args": {k: v for k, v in _NEURON.items() if k != "y"}},
    "neurons.output_boundaries": {"args": {
        "weight": arg("matrix", lambda: np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])),
        "bias": arg("vector", lambda: np.array([0.0, 0.1, 0.2])), "lo": _PAIR((-2.0, -2.0)),
        "hi": _PAIR((2.0, 2.0)), "n_points": arg("count", 20)}},
    "neurons.plot_activations": {"args": {"names": arg("records", ("relu", "tanh")),
                                          "z_range": _PAIR((-4.0, 4.0))}},
    "neurons.plot_hidden_space": {"args": {**_PLAYGROUND, "resolution": arg("count", 8)}},
    "neurons.plot_loss": {"args": dict(_PLAYGROUND)},
    "neurons.plot_network_regions": {"args": {**_PLAYGROUND, "resolution": arg("count", 8)}},
    "neurons.plot_neuron": {"args": {**_NEURON, "lim": arg("positive", 3.0), "resolution": arg("count", 8)}},
    "neurons.plot_neuron_projection": {"args": dict(_NEURON)},
    # descent
    "descent.compare_gradients": {"args": {
        "reference": arg("mapping", lambda: H.two_layer()[0]), "other": arg("mapping", lambda: H.two_layer()[0])},
        # "Pass two dicts of arrays, e.g. compare_gradients(by_hand, autograd)" says what to do for either one
        "aliases": {"reference": ("two dicts", "gradients"), "other": ("two dicts", "gradients")}},
    "descent.descent_path": {"args": {**_SURFACE, "start": _PAIR((1.0, 1.0)), "optimizer": arg("choice", "gd"),
                                      "betas": _PAIR((0.9, 0.999))}},
    "descent.torch_path": {"args": {**_SURFACE, "start": _PAIR((1.0, 1.0)), "optimizer": arg("choice", "gd"),
                                    "betas": _PAIR((0.9, 0.999))}},
    "descent.hidden_snapshots": {"args": {"x": arg("matrix", _pts), "y": arg("labels", _pts_y),
                                          "epochs": arg("int_seq", (1,))}},
    "descent.minibatch_paths": {"args": {**_LINE, "batch_sizes": arg("int_seq", (N, 8)), "epochs": arg("count", 2),
                                         "start": _PAIR((0.0, 0.0))}},
    "descent.batch_gradient_spread": {"args": {**_LINE, "params": _PAIR((0.0, 0.0)), "batch_size": arg("count", 8)}},
    "descent.plot_minibatch_paths": {"args": {**_RUNS, **_LINE, "epochs": arg("count", 1)}},
    "descent.plot_minibatch_losses": {"args": {**_RUNS, "against": arg("choice", "steps")}},
    "descent.make_surface": {"args": {"name": arg("choice", "bowl")}},
    "descent.numerical_gradient": {"args": {
        "loss_fn": arg("callable", lambda: (lambda p: float(sum((v ** 2).sum() for v in p.values())))),
        "params": arg("mapping", lambda: H.two_layer()[0]), "eps": arg("positive", 1e-4)}},
    "descent.plot_contours": {"args": {**_SURFACE, "resolution": arg("count", 10)}},
    "descent.plot_loss_curves": {"args": {**_SURFACE, "paths": arg("mapping", H.race_paths)}},
    "descent.plot_paths": {"args": {**_SURFACE, "paths": arg("mapping", H.race_paths)}},
    "descent.plot_snapshot": {"args": {"snapshot": arg("object", lambda: H.snapshots()[0][-1]),
                                       "x": arg("matrix", _pts), "y": arg("labels", _pts_y),
                                       "grid": arg("object", lambda: H.snapshots()[1])}},
    "descent.race": {"args": {**_SURFACE, "start": _PAIR((1.0, 1.0)), "lr": arg("positive", 0.1),
                              "adaptive_lr": arg("positive", 0.1), "num_steps": arg("count", 5),
                              "optimizers": arg("records", ("gd", "adam"))}},
    "descent.steps_to_reach": {"args": {**_SURFACE, "path": arg("matrix", lambda: H.race_paths()["gd"])}},
    "descent.torch_gradient": {"args": dict(_TWO_LAYER)},
    "descent.two_layer_backward": {"args": dict(_TWO_LAYER)},
    "descent.two_layer_forward": {"args": {k: v for k, v in _TWO_LAYER.items() if k != "y"}},
    # autoencoders
    "autoencoders.Autoencoder": {"args": {"hidden": arg("int_seq", (8,)), "activation": arg("choice", "relu"),
                                          "output": arg("choice", "sigmoid")}},
    "autoencoders.draw_per_class": {"args": {"labels": arg("labels", _yn), "n_per_class": arg("count", 1)}},
    "autoencoders.few_label_curve": {"args": {
        "features": arg("mapping", lambda: {"pixels": (_xn()[:30], _xn()[30:])}),
        "labels": arg("labels", lambda: np.arange(30) % 3), "test_labels": arg("labels", lambda: np.arange(10) % 3),
        "counts": arg("int_seq", (1, 2)), "seeds": arg("int_seq", (0,))}},
    "autoencoders.plot_learning_curves": {"args": {"curves": arg("object", lambda: __import__(
        "latentedu.autoencoders", fromlist=["x"]).few_label_curve(
        {"pixels": (_xn()[:30], _xn()[30:])}, np.arange(30) % 3, np.arange(10) % 3, counts=(1, 2), seeds=(0,)))}},
    "autoencoders.add_noise": {"args": {"std": arg("positive", 0.1)}},
    "autoencoders.bottleneck_sweep": {"args": {**_TRAINING, "sizes": arg("int_seq", (1, 2))}},
    "autoencoders.decode": {"args": {**_TINY_AE, "z": arg("matrix", lambda: _pts())}},
    "autoencoders.encode": {"args": dict(_TINY_AE)},
    "autoencoders.latent_ranges": {"args": {**_TINY_AE, "quantiles": _PAIR((0.01, 0.99))}},
    "autoencoders.pca_errors": {"args": {"pca": arg("object", H.pca), "ks": arg("int_seq", (1, 2))}},
    "autoencoders.pca_fit": {"args": {"n_components": arg("count", 4)}},
    "autoencoders.pca_project": {"args": {"pca": arg("object", H.pca), "k": arg("count", 2)}},
    "autoencoders.pca_reconstruct": {"args": {"pca": arg("object", H.pca),
                                              "codes": arg("matrix", lambda: _z())}},
    "autoencoders.plot_bottleneck_curve": {"args": {"sweep": arg("object", H.ae_sweep), "highlight": arg("index", 1)}},
    "autoencoders.plot_explained_variance": {"args": {"pca": arg("object", H.pca), "k": arg("count", 2)}},
    "autoencoders.plot_reconstructions": {"args": {"originals": arg("matrix", lambda: _x()[:4]),
                                                   "reconstructions": arg("matrix", lambda: _x()[4:8])}},
    "autoencoders.plot_traversal": {"args": {**_TINY_AE, "code": arg("vector", lambda: _pts()[0]),
                                             "dim": arg("index", 1), "values": arg("vector", lambda: np.linspace(-1, 1, 4))}},
    "autoencoders.traverse": {"args": {**_TINY_AE, "code": arg("vector", lambda: _pts()[0]),
                                       "dim": arg("index", 1), "values": arg("vector", lambda: np.linspace(-1, 1, 4))}},
    "autoencoders.principal_angles": {"args": {"basis_a": arg("matrix", lambda: _xn()[:2]),
                                               "basis_b": arg("matrix", lambda: _xn()[2:4])}},
    "autoencoders.reconstruction_error": {"args": dict(_TINY_AE)},
    "autoencoders.train_autoencoder": {"args": {**_TINY_AE, "epochs": arg("count", 1), "batch_size": arg("count", 16)}},
    # latent
    "latent.build_atlas": {"args": {"spaces": arg("mapping", lambda: {"pixels": _xn()}), "labels": arg("labels", _yn),
                                    "perplexities": arg("float_seq", (5.0,)), "n_neighbors": fixed(()),
                                    "quality_k": arg("count", 3)},
                           "unspoiled": {"n_neighbors": "each value fits a UMAP map, whose first fit in a process "
                                                        "compiles for half a minute; embed() checks the parameter"}},
    "latent.centroid_distances": {"args": {"points": arg("matrix", _z), "labels": arg("labels", _pts_y)}},
    "latent.cluster_spread": {"args": {"points": arg("matrix", _z), "labels": arg("labels", _pts_y)}},
    "latent.embed": {"args": {"method": arg("choice", "pca")}},
    "latent.knn_accuracy": {"args": {"points": arg("matrix", _z), "labels": arg("labels", _pts_y)}},
    "latent.latent_path": {"args": {**_TINY_AE, "x_a": arg("vector", lambda: _x()[0]),
                                    "x_b": arg("vector", lambda: _x()[1])}},
    "latent.linear_path": {"args": {"a": arg("vector", lambda: np.zeros(2)), "b": arg("vector", lambda: np.ones(2))}},
    "latent.map_quality": {"args": {"embedding": arg("matrix", _z)}},
    "latent.trustworthiness": {"args": {"embedding": arg("matrix", _z)}},
    "latent.nearest_distance": {"args": {"queries": arg("matrix", lambda: _xn()[:5]), "reference": arg("matrix", _xn)}},
    "latent.nearest_neighbors": {"args": {"points": arg("matrix", _z), "index": arg("index", 0)}},
    "latent.plot_map": {"args": {"embedding": arg("matrix", _z), "labels": arg("labels", _pts_y),
                                 "highlight": arg("index", 0), "size": arg("positive", 8.0)}},
    "latent.plot_neighbors": {"args": {"images": arg("matrix", _xn), "query": arg("index", 0),
                                       "neighbors": arg("mapping", lambda: {"pixels": [1, 2, 3]}),
                                       "labels": arg("labels", _yn)}},
    "latent.plot_rows": {"args": {"rows": arg("mapping", lambda: {"a": _xn()[:3], "b": _xn()[3:5]})}},
    "latent.setting_name": {"args": {"method": arg("choice", "tsne"), "param": fixed(30)}},
    # anomaly
    "anomaly.AutoencoderDetector": {"args": {**_TRAINING, "latent_dim": arg("count", 2), "n_neighbors": arg("count", 3),
                                             "score_type": arg("choice", "latent_knn")}, "call": _ESTIMATOR},
    "anomaly.KNNDistanceDetector": {"args": {"n_neighbors": arg("count", 3)}, "call": _ESTIMATOR},
    "anomaly.PCAReconstructionDetector": {"args": {"n_components": arg("count", 4)}, "call": _ESTIMATOR},
    "anomaly.anomaly_labels": {"args": {"is_anomaly": arg("flags", H._flags)}},
    "anomaly.evaluate_detectors": {"args": {
        "detectors": arg("mapping", lambda: {"kNN": __import__("latentedu.anomaly").anomaly.KNNDistanceDetector(3)}),
        "x": arg("matrix", lambda: H.digits_big()[0]), "y": arg("labels", lambda: H.digits_big()[1]),
        "protocol": arg("choice", "novelty"), "seeds": arg("int_seq", (0,)), "classes": arg("int_seq", (0,))}},
    "anomaly.format_table": {"args": {"summary": arg("records", H.summary_rows)}},
    "anomaly.summarize": {"args": {"rows": arg("records", H.evaluation_rows)}},
    "anomaly.plot_method_comparison": {"args": {"summary": arg("records", H.summary_rows),
                                                "protocol": arg("choice", "novelty")}},
    "anomaly.plot_confusion": {"args": {"confusion": arg("matrix", lambda: np.array([[5, 1], [2, 3]]))}},
    "anomaly.plot_flagged": {"args": {"images": arg("matrix", _xn), **_SCORES, "n": arg("count", 2)}},
    "anomaly.plot_roc": {"args": {**_SCORES, "point": _PAIR((0.1, 0.5))}},
    "anomaly.plot_score_distributions": {"args": dict(_SCORES)},
    "anomaly.roc_points": {"args": dict(_SCORES)},
    "anomaly.threshold_metrics": {"args": dict(_SCORES)},
    "anomaly.protocol_splits": {"args": {"x": arg("matrix", lambda: H.digits_big()[0]),
                                         "y": arg("labels", lambda: H.digits_big()[1]),
                                         "anomaly_class": arg("index", 0), "protocol": arg("choice", "novelty")}},
    # gan
    "gan.nearest_mode_counts": {"args": {"samples": arg("matrix", _pts),
                                         "centers": arg("matrix", lambda: __import__("latentedu.gan", fromlist=["x"])
                                                        .toy_centers("ring"))}},
    "gan.plot_mode_counts": {"args": {"counts": arg("vector", lambda: np.array([3.0, 0.0, 5.0])),
                                      "hq_counts": arg("vector", lambda: np.array([1.0, 0.0, 2.0]))}},
    "gan.GAN": {"args": {"data": arg("matrix", _pts), "hidden": arg("int_seq", (8,)), "batch_size": arg("count", 16),
                         "g_activation": arg("choice", "relu"), "d_activation": arg("choice", "leaky_relu"),
                         "loss": arg("choice", "non_saturating"), "noise": arg("choice", "normal"),
                         "noise_components": arg("count", 5), "noise_spread": arg("positive", 0.01)},
                "call": lambda cls, kw: cls(**kw).step(1)},
    "gan.Generator": {"args": {"hidden": arg("int_seq", (8,)), "activation": arg("choice", "relu")}},
    "gan.Discriminator": {"args": {"hidden": arg("int_seq", (8,)), "activation": arg("choice", "leaky_relu")}},
    "gan.calibration_sets": {"args": {"n": arg("count", 10)}},
    "gan.decision_map": {"args": dict(_TINY_GAN)},
    "gan.warped_grid": {"args": dict(_TINY_GAN)},
    "gan.generator_gradients": {"args": {**_TINY_GAN, "fakes": arg("matrix", _pts)}},
    "gan.plot_losses": {"args": dict(_TINY_GAN)},
    "gan.discriminator_loss": {"args": {"real_logits": arg("logits", lambda: __import__("torch").linspace(-2, 2, N)[:, None]),
                                        "fake_logits": arg("logits", lambda: __import__("torch").linspace(-1, 1, N)[:, None]),
                                        "loss": arg("choice", "non_saturating")},
                           "errors": (FloatingPointError,)},  # NaN logits: a diverged D, as GAN's steps report it
    "gan.generator_loss": {"args": {"fake_logits": arg("logits", lambda: __import__("torch").linspace(-1, 1, N)[:, None]),
                                    "loss": arg("choice", "non_saturating")},
                           "errors": (FloatingPointError,)},
    "gan.interpolate_noise": {"args": {"z0": arg("vector", lambda: np.zeros(2)), "z1": arg("vector", lambda: np.ones(2))}},
    "gan.make_toy_data": {"args": {"name": arg("choice", "ring")}},
    "gan.toy_centers": {"args": {"name": arg("choice", "ring")}},
    "gan.toy_gan": {"args": {"name": arg("choice", "ring"), "loss": arg("choice", "non_saturating"),
                             "d_activation": arg("choice", "leaky_relu")}},
    "gan.mode_report": {"args": {"samples": arg("matrix", _pts),
                                 "centers": arg("matrix", lambda: np.array([[0.0, 0.0], [1.0, 0.0]])),
                                 "std": arg("positive", 0.2)}},
    "gan.plot_decision_map": {"args": {"values": arg("matrix", lambda: np.full((8, 8), 0.5))}},
    "gan.plot_warped_grid": {"args": {"lines": arg("matrix", lambda: np.zeros((3, 5, 2)))}},
    "gan.plot_gan_plane": {"args": {"real": arg("matrix", _pts), "fake": arg("matrix", _pts),
                                    "size": arg("positive", 5.0)}},
    "gan.train_digit_gan": {"args": {"steps": arg("count", 2), "noise_dim": arg("count", 2),
                                     "hidden": arg("int_seq", (8,)), "batch_size": arg("count", 16)}},
    "gan.train_ring_gan": {"args": {"schedule": arg("records", ((2, 1e-3),)), "hidden": arg("int_seq", (8,)),
                                    "batch_size": arg("count", 16), "loss": arg("choice", "non_saturating"),
                                    "d_activation": arg("choice", "leaky_relu"), "noise": arg("choice", "mixture"),
                                    "noise_dim": arg("count", 4)}},
    # vae
    "vae.compare_with_autoencoder": {"args": {"vae_model": arg("object", H.tiny_vae),
                                              "autoencoder": arg("object", H.tiny_autoencoder),
                                              "y_test": arg("labels", lambda: np.arange(len(H.digits_test())) % 3),
                                              "n_samples": arg("count", 10), "n_pairs": arg("count", 10)}},
    "vae.interpolation_midpoints": {"args": {**_TINY_VAE, "pairs": arg("matrix", lambda: np.array([[0, 1], [2, 3]])),
                                             "t": arg("fraction", 0.5)}},
    "vae.VAE": {"args": {"hidden": arg("int_seq", (8,))}},
    "vae.beta_sweep": {"args": {**_TRAINING, "betas": arg("float_seq", (0.0, 1.0))}},
    "vae.code_limits": {"args": {**_TINY_VAE, "quantiles": _PAIR((0.01, 0.99))}},
    "vae.codes": {"args": dict(_TINY_VAE)},
    "vae.decode_codes": {"args": {**_TINY_VAE, "z": arg("matrix", _z)}},
    "vae.decode_grid": {"args": {**_TINY_VAE, "limits": arg("matrix", _limits), "n": arg("count", 3)}},
    "vae.empty_cells": {"args": {"z": arg("matrix", _z), "limits": arg("matrix", _limits), "n": arg("count", 3)}},
    "vae.latent_grid": {"args": {"limits": arg("matrix", _limits), "n": arg("count", 3)}},
    "vae.evaluate": {"args": dict(_TINY_VAE)},
    "vae.interpolate": {"args": {**_TINY_VAE, "x_start": arg("vector", lambda: _x()[0]),
                                 "x_end": arg("vector", lambda: _x()[1])}},
    "vae.kl_divergence": {"args": {"mean": arg("matrix", _pts), "log_var": arg("matrix", lambda: _pts() * 0.1)}},
    "vae.plot_codes": {"args": {"z": arg("matrix", _z), "labels": arg("labels", _pts_y), "size": arg("positive", 6.0)}},
    "vae.plot_manifold": {"args": {"images": arg("matrix", lambda: _xn()[:9]), "limits": arg("matrix", _limits),
                                   "z": arg("matrix", lambda: _z() / 3), "labels": arg("labels", _pts_y),
                                   "size": arg("positive", 4.0)}},
    "vae.plot_prior_contours": {"args": {"radii": arg("float_seq", (1.0, 2.0))}},
    "vae.plot_beta_tradeoff": {"args": {"sweep": arg("object", H.vae_sweep)}},
    "vae.plain_autoencoder": {"args": {"hidden": arg("int_seq", (8,)), "epochs": arg("count", 1)}},
    "vae.reconstruction_loss": {"args": {"x_hat": arg("matrix", lambda: _x() * 0.8 + 0.1)}},
    "vae.sample_fitted_gaussian": {"args": {**_TINY_VAE, "n_samples": arg("count", 10)}},
    "vae.sample_prior": {"args": {**_TINY_VAE, "n_samples": arg("count", 10)}},
    "vae.train_vae": {"args": {**_TINY_VAE, "epochs": arg("count", 1), "batch_size": arg("count", 16),
                               "beta": arg("positive", 1.0)}},
    "vae.vae_loss": {"args": {**_TINY_VAE, "beta": arg("positive", 1.0)}},
    # metrics
    "metrics.frechet_distance": {"args": {"mu1": arg("vector", lambda: np.zeros(3)), "cov1": arg("matrix", lambda: np.eye(3)),
                                          "mu2": arg("vector", lambda: np.ones(3)), "cov2": arg("matrix", lambda: np.eye(3) * 2)}},
    "metrics.memorised_fraction": {"args": {"samples": arg("matrix", lambda: _xn()[:10]),
                                            "train": arg("matrix", lambda: _xn()[10:30]),
                                            "held_out": arg("matrix", lambda: _xn()[30:])}},
    "metrics.digit_classifier": {"call": lambda f, kw: f(kw["random_state"])},  # positional: the cache key
    # dimensions
    "dimensions.add_noise_dimensions": {"args": {"x": arg("matrix", _xn), "n_noise": arg("count", 4)}},
    "dimensions.best_direction": {"args": {"z": arg("matrix", _z), "prop": arg("vector", H._scores)}},
    "dimensions.projection_correlation": {"args": {"z": arg("matrix", _z), "prop": arg("vector", H._scores),
                                                   "direction": _PAIR((1.0, 0.0))}},
    "dimensions.correlation": {"args": {"a": arg("vector", H._scores), "b": arg("vector", lambda: H._scores() ** 2)}},
    "dimensions.distance_concentration": {"args": {"dims": arg("int_seq", (1, 2)), "n_points": arg("count", 20),
                                                   "distribution": arg("choice", "uniform")}},
    "dimensions.sample_points": {"args": {"n_points": arg("count", 20), "distribution": arg("choice", "uniform")}},
    "dimensions.fraction_in_ball": {"args": {"n_samples": arg("count", 1000), "chunk": arg("count", 500)}},
    "dimensions.knn_noise_curve": {"args": {"x_test": arg("matrix", lambda: H.digits_test()[:10]),
                                            "y_test": arg("labels", lambda: H.digits_big()[1][:10]),
                                            "noise_dims": arg("int_seq", (0, 4))}},
    "dimensions.nearest_farthest_ratio": {"args": {"y": arg("matrix", lambda: _xn()[:10])}},
    "dimensions.pairwise_distances": {"args": {"y": arg("matrix", lambda: _xn()[:10])}},
    "dimensions.plot_ball_cube": {"args": {"dims": arg("vector", lambda: np.array([1, 2, 3, 5])),
                                           "ratios": arg("vector", lambda: np.array([1.0, 0.8, 0.5, 0.2]))}},
    "dimensions.plot_concentration_curve": {"args": {"dims": arg("vector", lambda: np.array([1, 2, 3, 5])),
                                                     "values": arg("vector", lambda: np.array([0.1, 0.2, 0.3, 0.5]))}},
    "dimensions.plot_distance_histogram": {"args": {"bin_edges": arg("vector", lambda: np.linspace(0, 2, 11)),
                                                    "density": arg("vector", lambda: np.full(10, 0.5))}},
    "dimensions.plot_knn_noise": {"args": {"noise_dims": arg("vector", lambda: np.array([0, 4, 16])),
                                           "accuracy": arg("vector", lambda: np.array([0.9, 0.8, 0.5]))}},
    "dimensions.plot_property_map": {"args": {"z": arg("matrix", _z), "prop": arg("vector", H._scores),
                                              "direction": _PAIR((1.0, 0.0)), "size": arg("positive", 10.0)}},
    "dimensions.relative_contrast": {"args": {"distances": arg("vector", lambda: np.linspace(1.0, 2.0, 10))}},
    # training
    "training.fit": {"args": {"model": arg("object", lambda: __import__("torch").nn.Linear(64, 64)),
                              "loss_fn": arg("callable", lambda: (lambda m, x: ((m(x) - x) ** 2).mean())),
                              "x": arg("matrix", _x), "epochs": arg("count", 1), "batch_size": arg("count", 16),
                              "optimizer": arg("choice", "adam")},
                     "call": lambda f, kw: f(kw.pop("model"), kw.pop("loss_fn"), kw.pop("x"), **kw),
                     "aliases": {"x": ("tensors", "tensor")}},
    "training.make_optimizer": {"args": {"name": arg("choice", "adam"),
                                         "params": fixed(lambda: __import__("torch").nn.Linear(2, 2).parameters())}},
    "training.reset_parameters": {"args": {"model": arg("object", lambda: __import__("torch").nn.Linear(2, 2))}},
    "training.tensor_digest": {"args": {"x": arg("matrix", _x)}, "call": lambda f, kw: f(kw["x"]),
                               "aliases": {"x": ("arrays", "tensors")}},
    # downloads
    "downloads.data_home": {"unspoiled": {"cache_dir": "any path names a folder (None: the default one)"}},
    "downloads.download_file": {"args": {"file_name": arg("name", "data.bin"),
                                         "sha256": fixed(lambda: H.local_mirror()["sha256"]),
                                         "mirrors": arg("records", lambda: H.local_mirror()["mirrors"]),
                                         "folder": fixed(lambda: H.local_mirror()["folder"]),
                                         "timeout": arg("positive", 5.0)}, "verbose": fixed(False)},
    "downloads.read_idx": {"args": {"data": arg("bytes", H.idx_bytes)},
                           "aliases": {"data": ("IDX", "bytes")}},  # its one argument is the file's bytes: "not an IDX file"
    "downloads.load_images": {"args": {"name": arg("choice", "digits")}},
    # nets
    "nets.mlp": {"args": {"sizes": arg("int_seq", (4, 8, 2)), "activation": arg("choice", "relu")}},
}

# (function, argument, bad value) -> why that input is legitimately accepted. "*" as the bad value
# accepts every bad value of that argument.
_ROWWISE = "maps each row on its own: 0 rows in, 0 rows out is the consistent answer"
_NO_GAP = "no blank line between images is a valid layout"
_MPL_ALPHA = "matplotlib reads alpha=None as its default (opaque)"
_JUST_START = "a path of zero steps is the start point alone, shape (1, 2)"
ACCEPTED: dict[tuple[str, str, str], str] = {
    **{(f, a, "empty"): _ROWWISE for f, a in (
        ("autoencoders.encode", "x"), ("autoencoders.decode", "z"), ("autoencoders.reconstruction_error", "x"),
        ("autoencoders.add_noise", "x"), ("autoencoders.pca_project", "x"), ("autoencoders.pca_reconstruct", "codes"),
        ("vae.codes", "x"), ("vae.decode_codes", "z"), ("descent.two_layer_forward", "x"),
        ("dimensions.ink", "images"), ("dimensions.slant", "images"),
        ("dimensions.add_noise_dimensions", "x"), ("dimensions.pairwise_distances", "x"),
        ("neurons.neuron_output", "x"), ("neurons.Playground.predict_proba", "x"), ("neurons.Playground.predict", "x"),
        ("neurons.Playground.hidden", "x"),
        ("dimensions.pairwise_distances", "y"))},
    **{(f, "images", "nan_inside"): "documented: a NaN pixel is a blank (transparent) one"
       for f in ("plotting.square_images", "plotting.digit_mosaic", "plotting.plot_digits")},
    **{(f, "images", "1d"): "documented: one image of side * side pixels is a set of one"
       for f in ("plotting.square_images", "plotting.digit_mosaic", "plotting.plot_digits")},
    ("plotting.square_images", "images", "empty"): _ROWWISE,
    **{("plotting.plot_curve", "values", bad): "a loss history may be empty (before the first epoch) or "
       "hold NaN/inf (a run that diverged): the curve shows it as it is" for bad in ("empty", "nan_inside",
                                                                                  "inf_inside")},
    ("neurons.PlaygroundNet", "width", "zero"): "documented: width=0 drops the wide hidden layer",
    ("neurons.plot_hidden_space", "grid_lines", "zero"): "no grid lines: the picture without the bent grid",
    ("neurons.Playground.step", "n", "zero"): "zero steps leave the playground as it is (a slider at 0)",
    **{("descent.steps_to_reach", "path", bad): "documented: a diverged path holds NaN/inf and never reaches "
       "the minimum (None), nor does a path of no points" for bad in ("empty", "nan_inside", "inf_inside")},
    **{(f, "hidden", "empty"): "documented: hidden=() is an autoencoder without hidden layers"
       for f in ("autoencoders.Autoencoder", "autoencoders.bottleneck_sweep", "vae.plain_autoencoder",
                 "anomaly.AutoencoderDetector")},
    ("autoencoders.decode", "z", "1d"): "documented: one code (latent_dim,) decodes to one image",
    ("autoencoders.add_noise", "x", "1d"): "noise is added pixel by pixel, to one image as to many",
    ("dimensions.relative_contrast", "distances", "2d"): "any array of distances is read as one set (flattened)",
    **{(f, "images", "1d"): "documented by square_images: one image of side * side pixels is a set of one"
       for f in ("dimensions.ink", "dimensions.slant")},
    ("gan.train_digit_gan", "steps", "zero"): "zero steps give the untrained GAN (the lesson's starting point)",
    **{(f"gan.GAN.{m}", "n", "zero"): "zero steps leave the GAN as it is (a slider at 0)"
       for m in ("step", "train_discriminator", "train_generator")},
    ("gan.GAN.noise_batch", "n", "zero"): "zero noise vectors: an empty (0, noise_dim) batch",
    ("gan.GAN.probability_real", "x", "empty"): _ROWWISE,
    ("latent.build_atlas", "perplexities", "empty"): "no t-SNE maps: the atlas holds the other methods' maps",
    **{(f, "paths", "empty"): "no optimizer chosen (the race widget's empty selection): contours or axes alone"
       for f in ("descent.plot_paths", "descent.plot_loss_curves")},
    ("anomaly.anomaly_labels", "is_anomaly", "short"): "one argument: fewer flags are just fewer samples",
    **{(f, "labels", "short"): "one argument: fewer labels are just fewer samples"
       for f in ("autoencoders.draw_per_class", "vae.different_class_pairs", "plotting.class_legend")},
    ("anomaly.plot_flagged", "images", "nan_inside"): "documented by square_images: a NaN pixel is a blank one",
    ("dimensions.knn_noise_curve", "n_queries", "zero"): "documented (0 allowed): keep no neighbours for the widget",
    ("plotting.digit_mosaic", "row_gap", "zero"): _NO_GAP,
    ("plotting.digit_mosaic", "col_gap", "zero"): _NO_GAP,
    ("data.make_sensor_signal", "n_faults", "zero"): "a signal without faults is a valid clean baseline",
    ("dimensions.add_noise_dimensions", "n_noise", "zero"): "no noise columns: x itself, the first point of "
                                                           "every noise curve",
    ("descent.descent_path", "num_steps", "zero"): _JUST_START,
    ("descent.torch_path", "num_steps", "zero"): _JUST_START,
    ("descent.race", "num_steps", "zero"): _JUST_START,
    **{(f, "alpha", "None"): _MPL_ALPHA for f in ("plotting.plot_decision_regions", "plotting.plot_points",
                                                 "gan.plot_warped_grid", "vae.plot_codes")},
    ("descent.plot_snapshot", "ax_input", "None"): "documented: ax_input=None draws the hidden panel only",
    **{("training.tensor_digest", "x", bad): "a cache key hashes whatever values it is given, NaN included"
       for bad in ("empty", "nan_inside", "inf_inside", "1d")},
}

# Cases still failing, with the defect each shows (xfail(strict=True): fixing one makes it fail loudly).
_FIT_BATCHES = ("fit hands each batch to loss_fn unchanged (it cannot know what the model takes), so a 1-D, "
                "integer or boolean x meets torch's own error inside the model")
KNOWN_DEFECTS: dict[tuple[str, str, str], str] = {
    ("metrics.digit_classifier", "random_state", "list"): "lru_cache hashes random_state before digit_classifier "
                                                          "can check it: TypeError 'unhashable type: list'",
    **{("training.fit", "x", bad): _FIT_BATCHES for bad in ("1d", "int_dtype", "bool_dtype")},
}


FUNCTIONS = {label: obj for label, obj in H.public_callables().items() if label not in EXCLUDED}
SPECS = {label: H.build_spec(label, obj, OVERRIDES) for label, obj in FUNCTIONS.items()}


# Methods a learner calls on the library's objects, each on a fresh (or, when it is not changed, shared)
# example instance. The torch modules (Autoencoder, VAE, PlaygroundNet, Generator, Discriminator) are left
# out: their encode/decode/hidden/forward follow nn.Module's convention (a float tensor in, no checks, as
# in every PyTorch tutorial); autoencoders.encode/decode, vae.codes/decode_codes... are the checked doors.
def _fitted(name):
    import latentedu.anomaly as A
    makers = {"KNNDistanceDetector": lambda: A.KNNDistanceDetector(3), "PCAReconstructionDetector":
              lambda: A.PCAReconstructionDetector(4), "AutoencoderDetector": lambda: A.AutoencoderDetector(
                  latent_dim=2, hidden=(8,), n_neighbors=3, epochs=1, batch_size=16)}
    return H._once(f"fitted {name}", lambda: makers[name]().fit(_xn()))


def _atlas():
    from latentedu.latent import build_atlas
    return H._once("atlas", lambda: build_atlas({"pixels": _xn()}, _yn(), perplexities=(), n_neighbors=()))


INSTANCES = {
    "neurons.Playground": H.tiny_playground,
    "descent.Surface": H.surface,
    "autoencoders.Sweep": H.ae_sweep,
    "latent.Atlas": _atlas,
    "anomaly.AutoencoderDetector": lambda: _fitted("AutoencoderDetector"),
    "anomaly.KNNDistanceDetector": lambda: _fitted("KNNDistanceDetector"),
    "anomaly.PCAReconstructionDetector": lambda: _fitted("PCAReconstructionDetector"),
    "gan.GAN": H.tiny_gan,
    "vae.BetaSweep": H.vae_sweep,
}
SKIPPED_METHODS = {
    "forward": "torch's nn.Module convention: model(x) takes a float tensor, as in every PyTorch tutorial; "
               "encode/decode/reconstruction_error are the checked entry points",
    "fit": "called with every example of the estimator's own cases",
    "rescored": "takes **params, passed on to the constructor whose arguments are spoiled there",
}
_ALL_CLASSES = {label: H.public_callables()[label] for label in INSTANCES}
_METHODS = H.public_methods(_ALL_CLASSES, SKIPPED_METHODS)
_METHOD_ARGS = {
    "neurons.Playground": {"x": arg("matrix", _pts), "split": arg("choice", "test")},
    "descent.Surface": {"xy": _PAIR((1.0, 1.0))},
    "autoencoders.Sweep": {"latent_dim": arg("index", 2)},
    "latent.Atlas": {"space": arg("choice", "pixels"), "method": arg("choice", "pca")},
    "gan.GAN": {"x": arg("matrix", _pts), "n": arg("count", 10), "loss": arg("choice", "minimax")},
    "vae.BetaSweep": {"beta": arg("index", 1.0), "name": arg("choice", "kl")},
}
for _label, (_cls, _name) in _METHODS.items():
    _owner = _label.rsplit(".", 1)[0]
    _sig = H.inspect.signature(getattr(_cls, _name)).parameters
    _args = {k: v for k, v in _METHOD_ARGS.get(_owner, {}).items() if k in _sig}
    OVERRIDES.setdefault(_label, {}).setdefault("args", {}).update(
        {k: v for k, v in _args.items() if k not in OVERRIDES[_label]["args"]})
    if _owner.endswith("Detector"):
        # scikit-learn's own check_array messages (the house style's model): "Expected 2D array, got 1D array
        # instead ... Reshape your data", "Found array with 0 sample(s)", "could not convert string to float"
        OVERRIDES[_label].setdefault("aliases", {"X": ("2D array", "sample(s)", "could not convert")})
    OVERRIDES[_label].setdefault("call", lambda _f, kw, _make=INSTANCES[_owner], _n=_name: getattr(_make(), _n)(**kw))
    FUNCTIONS[_label] = getattr(_cls, _name)
    SPECS[_label] = H.build_spec(_label, getattr(_cls, _name), OVERRIDES)


def _accepted(label, name, bad_label):
    return ACCEPTED.get((label, name, bad_label)) or ACCEPTED.get((label, name, "*"))


def _cases():
    cases = []
    for label, spec in SPECS.items():
        for name, a in spec.args.items():
            if a.kind is None:
                continue
            for bad in H.KINDS[a.kind]:
                if bad.label == "None" and name in spec.none_default:
                    continue  # None is the documented default
                case_id = f"{label}-{name}-{bad.label}"
                marks = ()
                reason = KNOWN_DEFECTS.get((label, name, bad.label))
                if reason:
                    marks = (pytest.mark.xfail(strict=True, reason=reason),)
                cases.append(pytest.param(label, name, bad, id=case_id, marks=marks))
    return cases


CASES = _cases()


@pytest.fixture(autouse=True)
def _empty_library_caches():
    """Overrides conftest's fixture of the same name: here the library's caches stay warm on purpose. A bad
    argument must be refused before any cache lookup (a cached result must not let it through), and
    emptying them would retrain the classifier behind metrics for every case."""
    yield


@pytest.mark.parametrize("label", sorted(SPECS))
def test_valid_example_runs(label):
    """The example arguments themselves are fine: otherwise every bad-input case of it proves nothing."""
    spec = SPECS[label]
    result = spec.call(H.valid_kwargs(spec))
    assert spec.nan_ok or not H.has_nan(result), f"{label} returned NaN on its valid example arguments"


@pytest.mark.parametrize("label,name,bad", CASES)
def test_bad_input(label, name, bad):
    spec = SPECS[label]
    outcome = H.judge(spec, name, bad, _accepted(label, name, bad.label))
    assert outcome.ok, f"{label}({name}=<{bad.label}>): {outcome.what}"


def test_every_topic_function_is_covered():
    """Nothing public slips through: each callable is either exercised or excluded with a reason."""
    every = H.public_callables()
    assert set(every) <= set(FUNCTIONS) | set(EXCLUDED)
    assert set(INSTANCES) <= set(every), "INSTANCES names a class that is no longer public"
    assert len(FUNCTIONS) >= 150, f"only {len(FUNCTIONS)} public functions found: did discovery break?"
    stale = sorted(key for key in (*ACCEPTED, *KNOWN_DEFECTS) if key[0] not in SPECS)
    assert not stale, f"ACCEPTED/KNOWN_DEFECTS name functions that no longer exist: {stale}"
