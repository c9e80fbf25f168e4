"""Machinery for tests/test_bad_inputs.py: find every public function, give it valid arguments, spoil one.

A *case* is (function, argument, bad value). The function is called with valid
example arguments except that one, and the outcome is judged by :func:`judge`:

- a ``ValueError`` or ``TypeError`` whose message names the argument passes;
- any other exception (``IndexError``, ``RuntimeError`` from inside torch,
  ``ZeroDivisionError``...) fails: the learner gets a traceback, not advice;
- returning fails for a value that must be refused (``must=True``), unless the
  test file's ``ACCEPTED`` table says why that input is legitimately accepted;
- returning a result that contains NaN (or a model with NaN weights) fails
  whatever the bad value was: that is a silent wrong result.

Bad values are derived from the valid one (``valid[:0]`` is the empty version,
``valid[:-1]`` the one with a row missing...), so they keep its type and shape
except for the one thing that is wrong.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

# The topic modules whose ``__all__`` is the public API a learner calls (subpackages' modules count too).
TOPIC_MODULES = ("data", "plotting", "neurons", "descent", "autoencoders", "latent", "anomaly", "gan", "vae",
                 "metrics", "dimensions", "training", "downloads", "nets")

N = 40  # rows of every example data set: small, so a call that wrongly succeeds is still fast


# --------------------------------------------------------------------------------------------------
# Discovery


def topic_module_names() -> list[str]:
    names = []
    for top in TOPIC_MODULES:
        module = importlib.import_module(f"latentedu.{top}")
        names.append(module.__name__)
        if hasattr(module, "__path__"):
            names += sorted(info.name for info in pkgutil.walk_packages(module.__path__, module.__name__ + ".")
                            if not any(part.startswith("_") for part in info.name.split(".")[1:]))
    return names


def public_methods(classes: dict[str, type], skip: dict[str, str]) -> dict[str, tuple[type, str]]:
    """``{"topic.Class.method": (Class, "method")}`` for the public methods the library writes itself
    (its own classes and their latentedu base classes; not torch's or scikit-learn's), minus ``skip``."""
    found = {}
    for label, cls in classes.items():
        for base in cls.__mro__:
            if not base.__module__.startswith("latentedu"):
                continue
            for name, member in vars(base).items():
                if name.startswith("_") or name in skip or not inspect.isfunction(member):
                    continue
                found.setdefault(f"{label}.{name}", (cls, name))
    return found


def public_callables() -> dict[str, Any]:
    """``{"topic.name": object}`` for every callable in a topic module's ``__all__``, each object once.

    The label uses the top-level topic module where the object is first found, so it stays the same
    when a module is split into a subpackage that re-exports its names.
    """
    found, seen = {}, set()
    for module_name in topic_module_names():
        module = importlib.import_module(module_name)
        top = module_name.split(".")[1]
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            label = f"{top}.{name}"
            if label in found:  # two different objects under one name: keep both, tell them apart
                label = f"{module_name.removeprefix('latentedu.')}.{name}"
            found[label] = obj
    return found


# --------------------------------------------------------------------------------------------------
# Example data (built once; every call gets its own copy)

_CACHE: dict[str, Any] = {}


def _once(key, make):
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def digits():
    """(N, 64) float32 tensor of real 8x8 digits in [0, 1] and their int64 labels."""
    def make():
        from latentedu.data import load_digits
        split = load_digits()
        return split.x_train[:N].clone(), split.y_train[:N].clone(), split.x_test[:N].clone()
    x, y, x_test = _once("digits", make)
    return x.clone(), y.clone()


def digits_test():
    digits()
    return _CACHE["digits"][2].clone()


def moons():
    """(N, 2) float32 tensor of 2-D points and their 0/1 int64 labels."""
    def make():
        from latentedu.data import make_moons
        return make_moons(N, random_state=0)
    x, y = _once("moons", make)
    return x.clone(), y.clone()


def new_ax():
    from matplotlib.figure import Figure
    return Figure(figsize=(2, 2)).add_subplot()


def new_figure():
    from matplotlib.figure import Figure
    return Figure(figsize=(2, 2))


# --------------------------------------------------------------------------------------------------
# Bad values, by kind of argument


@dataclass(frozen=True)
class Bad:
    """One bad value: ``make(valid)`` builds it from the valid value of the same argument.

    ``must``: it has to be refused. ``must=False`` marks a value a function may also convert and
    accept (numpy where torch is expected, integers where floats are), as long as the result is finite.
    """

    label: str
    make: Callable[[Any], Any]
    must: bool = True


def _is_tensor(v) -> bool:
    return type(v).__module__.startswith("torch") and hasattr(v, "detach")


def _np(v):
    return v.detach().cpu().numpy() if _is_tensor(v) else np.asarray(v)


def _like(valid, arr):
    """``arr`` (numpy) in the container type of ``valid`` (tensor or numpy)."""
    if _is_tensor(valid):
        import torch
        return torch.as_tensor(np.ascontiguousarray(arr))
    return arr


def _with(valid, value):
    """A float copy of ``valid`` with its first entry replaced by ``value``."""
    arr = _np(valid).astype(np.float32 if _is_tensor(valid) else np.float64).copy()
    arr.flat[0] = value
    return _like(valid, arr)


def _swap(valid):
    if _is_tensor(valid):
        return _np(valid).copy()
    import torch
    return torch.as_tensor(np.ascontiguousarray(valid))


def _int_version(valid):
    return _like(valid, np.round(_np(valid) * 3).astype(np.int64))


ARRAY_COMMON = (
    Bad("None", lambda v: None),
    Bad("str", lambda v: "abc"),
    Bad("empty", lambda v: v[:0]),
    Bad("swap_type", _swap, must=False),
)

KINDS: dict[str, tuple[Bad, ...]] = {
    # 2-D float data: rows are samples
    "matrix": ARRAY_COMMON + (
        Bad("nan_inside", lambda v: _with(v, np.nan)),
        Bad("inf_inside", lambda v: _with(v, np.inf)),
        Bad("1d", lambda v: v[0]),
        Bad("int_dtype", _int_version, must=False),
        Bad("bool_dtype", lambda v: _like(v, _np(v) > 0.5), must=False),
    ),
    # 1-D float values, one per sample (scores, a property, a signal)
    "vector": ARRAY_COMMON + (
        Bad("nan_inside", lambda v: _with(v, np.nan)),
        Bad("inf_inside", lambda v: _with(v, np.inf)),
        Bad("2d", lambda v: v[:, None].repeat(1, 2) if _is_tensor(v) else np.repeat(np.asarray(v)[:, None], 2, 1)),
    ),
    # integer class labels, one per sample
    "labels": ARRAY_COMMON + (
        Bad("short", lambda v: v[:-1]),
        Bad("2d", lambda v: v[:, None].repeat(1, 2) if _is_tensor(v) else np.repeat(np.asarray(v)[:, None], 2, 1)),
        Bad("fractional", lambda v: _like(v, _np(v).astype(np.float64) + 0.5)),
    ),
    # 0/1 or boolean flags, one per sample (is_anomaly)
    "flags": ARRAY_COMMON + (
        Bad("short", lambda v: v[:-1]),
        Bad("labels_1_2", lambda v: _like(v, _np(v).astype(np.int64) + 1)),
        Bad("half", lambda v: _like(v, _np(v).astype(np.float64) * 0.5)),
    ),
    # raw network outputs (logits): float tensors
    "logits": ARRAY_COMMON + (
        Bad("nan_inside", lambda v: _with(v, np.nan)),
        Bad("int_dtype", _int_version, must=False),
        Bad("bool_dtype", lambda v: _like(v, _np(v) > 0), must=False),
    ),
    # whole numbers that count or size something (>= 1)
    "count": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: str(v)),
        Bad("zero", lambda v: 0),
        Bad("negative", lambda v: -1),
        Bad("fraction", lambda v: v + 0.5),
        Bad("nan", lambda v: math.nan),
    ),
    # positive real numbers (rates, spreads, radii)
    "positive": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: str(v)),
        Bad("nan", lambda v: math.nan),
        Bad("inf", lambda v: math.inf),
        Bad("negative", lambda v: -1.0),
    ),
    # a share in [0, 1]
    "fraction": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: str(v)),
        Bad("nan", lambda v: math.nan),
        Bad("negative", lambda v: -0.5),
        Bad("above_one", lambda v: 1.5),
    ),
    # any finite real number
    "real": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: str(v)),
        Bad("nan", lambda v: math.nan),
        Bad("inf", lambda v: math.inf),
    ),
    "random_state": (
        Bad("str", lambda v: "0"),
        Bad("float", lambda v: 1.5),
        Bad("negative", lambda v: -1),
        Bad("list", lambda v: [0]),
    ),
    # a name chosen from a fixed set
    "choice": (
        Bad("None", lambda v: None),
        Bad("unknown", lambda v: "no_such_name"),
        Bad("int", lambda v: 3),
    ),
    # a sequence of whole numbers (layer sizes, epochs to record, dimensions)
    "int_seq": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: "abc"),
        Bad("empty", lambda v: ()),
        Bad("negative", lambda v: (-1,)),
        Bad("fraction", lambda v: (1.5,)),
    ),
    # a sequence of real numbers
    "float_seq": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: "abc"),
        Bad("empty", lambda v: ()),
        Bad("nan", lambda v: (math.nan,)),
        Bad("negative", lambda v: (-1.0,)),
    ),
    # a 2-number pair (a start point, a box corner, a range)
    "pair": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: "ab"),
        Bad("empty", lambda v: ()),
        Bad("nan", lambda v: (math.nan, 0.0)),
        Bad("three", lambda v: (1.0, 2.0, 3.0)),
    ),
    # an object the library made (a model, a fitted PCA, a sweep, a playground...)
    "object": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: "abc"),
    ),
    "ax": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: "ax"),
    ),
    "callable": (
        Bad("str", lambda v: "abc"),
    ),
    # a mapping of names to things (paths, neighbours, rows of images, spaces)
    "mapping": (
        Bad("None", lambda v: None),
        Bad("str", lambda v: "abc"),
        Bad("empty", lambda v: {}),
    ),
}


# --------------------------------------------------------------------------------------------------
# Specs: valid arguments per function


@dataclass
class Arg:
    kind: str | None  # None: passed but not spoiled (see the spec's reasons)
    make: Callable[[], Any]


@dataclass
class Spec:
    args: dict[str, Arg]
    call: Callable[[dict], Any]
    # why a parameter of the signature is not spoiled
    unspoiled: dict[str, str] = field(default_factory=dict)
    nan_ok: bool = False  # the valid result legitimately contains NaN (a blank in a picture)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other words naming an argument
    errors: tuple = ()  # further exception types that count as clear (e.g. DataUnavailable)
    none_default: frozenset = frozenset()  # arguments whose default is None: None is a valid value there


def arg(kind, make):
    return Arg(kind, make if callable(make) else (lambda: make))


def fixed(value):
    """Passed as given, never spoiled."""
    return Arg(None, value if callable(value) else (lambda: value))


# Heuristics from the argument's name. Each maps to (kind, valid value or factory).
def _digits_x():
    return digits()[0]


def _digits_y():
    return digits()[1]


def _moons_x():
    return moons()[0]


def _moons_y():
    return moons()[1]


def _scores():
    return np.linspace(0.0, 1.0, N)


def _flags():
    return (np.arange(N) % 4 == 0)


NAME_RULES: dict[str, tuple[str, Any]] = {}
NAME_RULES["X"] = ("matrix", lambda: digits()[0].numpy())  # scikit-learn's spelling, in the detectors
for _name in ("x", "x_train", "x_test", "images", "samples", "reference", "train", "held_out", "originals",
              "reconstructions", "x_high", "features"):
    NAME_RULES[_name] = ("matrix", _digits_x)
for _name in ("labels", "y", "y_train", "y_test"):
    NAME_RULES[_name] = ("labels", _digits_y)
for _name in ("is_anomaly", "is_fault"):
    NAME_RULES[_name] = ("flags", _flags)
for _name in ("anomaly_score", "scores", "prop", "values"):
    NAME_RULES[_name] = ("vector", _scores)
for _name in ("ax", "ax_input", "ax_hidden"):
    NAME_RULES[_name] = ("ax", new_ax)
NAME_RULES["axes_or_fig"] = ("ax", new_figure)
for _name in ("random_state", "seed"):
    NAME_RULES[_name] = ("random_state", 0)
_COUNTS = {"n_samples": N, "epochs": 1, "steps": 2, "num_steps": 5, "resolution": 8, "batch_size": 16,
           "n_points": 20, "n_hidden": 4, "k": 3, "n_neighbors": 3, "n_components": 4, "latent_dim": 2,
           "n_lines": 3, "grid_lines": 3, "bins": 10, "window": 5, "n_levels": 5, "n_bins": 10, "n_cols": 5,
           "n_classes": 2, "n_modes": 4, "size": 3, "n": 4, "n_faults": 2, "fault_length": 10, "width": 10,
           "step": 5, "n_in": 3, "n_out": 1, "n_features": 64, "noise_dim": 2, "data_dim": 2, "n_queries": 4,
           "d_steps": 1, "per_axis": 3, "chunk": 1000, "quality_k": 3, "n_per_blob": 10, "dim": 3,
           "n_train": 40, "n_test": 40, "n_std": 3, "n_noise": 4, "index": 0, "query": 0}
for _name, _value in _COUNTS.items():
    NAME_RULES[_name] = ("count", _value)
_POSITIVE = {"lr": 0.01, "std": 0.05, "radius": 2.0, "spacing": 2.0, "eps": 1e-6, "tol": 1e-6, "factor": 0.5,
             "turns": 1.25, "lim": 3.0, "margin": 0.5, "extent": 2.0, "condition": 10.0, "timeout": 5.0,
             "max_ratio": 3.0, "z_lim": 6.0, "d_lr": 0.01, "adaptive_lr": 0.1, "rtol": 1e-5, "atol": 1e-8,
             "floor": 1e-16, "n_std": 3.0, "noise": 0.1, "size_points": 8.0, "beta": 1.0}
for _name, _value in _POSITIVE.items():
    NAME_RULES[_name] = ("positive", _value)
for _name, _value in {"test_size": 0.25, "contamination": 0.05, "quantile": 0.01, "alpha": 0.5,
                      "momentum": 0.9, "fraction": 0.5}.items():
    NAME_RULES[_name] = ("fraction", _value)
NAME_RULES["threshold"] = ("real", 0.5)
for _name in ("on_epoch_end", "on_batch_end"):
    NAME_RULES[_name] = ("callable", lambda: (lambda progress: None))

# Words that name an argument as clearly as its own name does, in every function.
GLOBAL_ALIASES = {
    "activation_name": ("activation",),  # "activation must be one of 'tanh', 'relu', ..."
}

# Parameters left at their default and not spoiled, with the reason (shown in the report of the test).
UNSPOILED_BY_NAME = {
    **{name: "a flag: any value is read for its truth, as Python does" for name in (
        "legend", "log", "colorbar", "verbose", "fill", "test", "latent", "annotate", "contours", "per_class",
        "download", "last_activation", "progress")},
    **{name: "text shown in a picture or a bar: any text is fine" for name in (
        "title", "label", "xlabel", "ylabel", "desc")},
    **{name: "a matplotlib style argument, validated by matplotlib with its own clear message" for name in (
        "cmap", "color", "vmin", "vmax")},
    "kwargs": "passed through to another function, whose own arguments are spoiled there",
}


def build_spec(label: str, obj, overrides: dict) -> Spec:
    """The spec of ``obj``: the override's entries first, name heuristics for the rest."""
    over = overrides.get(label, {})
    try:
        params = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        params = {}
    args: dict[str, Arg] = {}
    unspoiled: dict[str, str] = dict(over.get("unspoiled", {}))
    given = over.get("args", {})
    for name, param in params.items():
        if name in given or name == "self":
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            unspoiled.setdefault(name, UNSPOILED_BY_NAME.get("kwargs") if param.kind == param.VAR_KEYWORD
                                 else "positional arguments: spoiled through the override's call")
            continue
        if name in unspoiled:
            continue
        if name in UNSPOILED_BY_NAME:
            unspoiled[name] = UNSPOILED_BY_NAME[name]
            continue
        rule = NAME_RULES.get(name)
        if rule is None:
            if param.default is inspect.Parameter.empty:
                args[name] = Arg(None, _missing(label, name))
            else:
                unspoiled[name] = "no rule for this argument: left at its default"
            continue
        kind, value = rule
        args[name] = arg(kind, value)
    args.update(given)
    call = over.get("call")
    aliases = {**GLOBAL_ALIASES, **over.get("aliases", {})}
    return Spec(args=args, call=(lambda kw: call(obj, kw)) if call else (lambda kw: obj(**kw)),
                unspoiled=unspoiled, nan_ok=over.get("nan_ok", False), aliases=aliases,
                errors=over.get("errors", ()),
                none_default=frozenset(name for name, p in params.items() if p.default is None))


def _missing(label, name):
    def make():
        raise LookupError(f"no valid example for {label}({name}=...): add it to OVERRIDES in test_bad_inputs.py")
    return make


def valid_kwargs(spec: Spec) -> dict:
    return {name: a.make() for name, a in spec.args.items()}


# --------------------------------------------------------------------------------------------------
# Judging an outcome


def has_nan(value, depth: int = 0, seen=None) -> bool:
    """True when ``value`` holds a NaN: in arrays, tensors, numbers, containers, models' weights, records."""
    if depth > 4:
        return False
    seen = set() if seen is None else seen
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        return False
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and bool(np.isnan(value).any())
    if isinstance(value, np.generic):
        return value.dtype.kind in "fc" and bool(np.isnan(value))
    module = type(value).__module__
    if module.startswith("matplotlib") or module.startswith("tqdm"):
        return False
    if _is_tensor(value):
        return value.is_floating_point() and bool(value.detach().isnan().any())
    if module.startswith("torch"):
        import torch
        if isinstance(value, torch.nn.Module):
            return any(bool(p.detach().isnan().any()) for p in value.parameters())
        return False
    if isinstance(value, dict):
        return any(has_nan(v, depth + 1, seen) for v in list(value.values())[:200])
    if isinstance(value, (list, tuple)):
        return any(has_nan(v, depth + 1, seen) for v in list(value)[:200])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(has_nan(getattr(value, f.name), depth + 1, seen) for f in dataclasses.fields(value))
    if module.startswith("latentedu") and hasattr(value, "__dict__"):
        return any(has_nan(v, depth + 1, seen) for k, v in vars(value).items() if not k.startswith("_"))
    return False


def names_argument(message: str, name: str, aliases=()) -> bool:
    for word in (name, *aliases):
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])", message, flags=re.IGNORECASE):
            return True
    return False


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else "")[:200]


@dataclass
class Outcome:
    ok: bool
    what: str  # what happened, in words


def judge(spec: Spec, name: str, bad: Bad, accepted: str | None) -> Outcome:
    """Call with ``name`` spoiled by ``bad`` and say whether the outcome is clear."""
    import warnings

    kwargs = valid_kwargs(spec)
    kwargs[name] = bad.make(kwargs[name])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = spec.call(kwargs)
    except (ValueError, TypeError, *spec.errors) as exc:
        what = f"raised {type(exc).__name__}: {first_line(exc)}"
        if names_argument(str(exc), name, spec.aliases.get(name, ())):
            return Outcome(True, what)
        return Outcome(False, what + f"  (the message does not name {name!r})")
    except Exception as exc:  # noqa: BLE001 - any other error is the finding itself
        return Outcome(False, f"crashed with {type(exc).__name__}: {first_line(exc)}")
    if not spec.nan_ok and has_nan(result):
        return Outcome(False, "returned NaN (a silent wrong result)")
    if bad.must and accepted is None:
        return Outcome(False, "returned silently")
    return Outcome(True, "accepted" + (f" ({accepted})" if accepted else ""))


# --------------------------------------------------------------------------------------------------
# Example objects the library makes (tiny, built once; models are rebuilt for every call)

KINDS["records"] = (  # a list of dicts the library produced (evaluation rows, summaries)
    Bad("None", lambda v: None),
    Bad("str", lambda v: "abc"),
    Bad("empty", lambda v: []),
)


def tiny_autoencoder():
    from latentedu.autoencoders import Autoencoder
    import torch
    torch.manual_seed(0)
    return Autoencoder(64, 2, hidden=(8,))


def tiny_vae():
    from latentedu.vae import VAE
    import torch
    torch.manual_seed(0)
    return VAE(64, 2, hidden=(8,))


def pca():
    from latentedu.autoencoders import pca_fit
    return _once("pca", lambda: pca_fit(digits()[0]))


def ae_sweep():
    from latentedu.autoencoders import bottleneck_sweep
    return _once("ae_sweep", lambda: bottleneck_sweep(digits()[0], digits_test(), sizes=(1, 2), epochs=1,
                                                      hidden=(8,)))


def vae_sweep():
    from latentedu.vae import beta_sweep
    return _once("vae_sweep", lambda: beta_sweep(digits()[0], digits_test(), betas=(0.0, 1.0), epochs=1,
                                                 hidden=(8,)))


def tiny_gan():
    from latentedu.gan import GAN
    from latentedu.gan import toy_centers
    gan = GAN(moons()[0], hidden=(8,), batch_size=16, centers=toy_centers("ring"), std=0.02)
    return gan.step(2)


def tiny_playground():
    from latentedu.neurons import Playground
    return Playground(width=4, n_train=N, n_test=N).step(2)


def surface():
    from latentedu.descent import make_surface
    return make_surface("bowl")


def race_paths():
    from latentedu.descent import race
    return _once("race", lambda: race(surface(), num_steps=5))


def snapshots():
    from latentedu.descent import hidden_snapshots
    x, y = moons()
    return _once("snapshots", lambda: hidden_snapshots(x, y, epochs=(1,), n_hidden=4, resolution=8))


def two_layer():
    """Parameters, inputs (N, 3) and targets (N, 1) of the two-layer network of chapter 02."""
    from latentedu.descent import init_two_layer
    params = init_two_layer(3, 4, 1, random_state=0)
    rng = np.random.default_rng(0)
    return params, rng.normal(size=(N, 3)), rng.normal(size=(N, 1))


def evaluation_rows():
    from latentedu.anomaly import KNNDistanceDetector, evaluate_detectors
    from latentedu.data import load_digits

    def make():
        split = load_digits()
        return evaluate_detectors({"kNN": KNNDistanceDetector(n_neighbors=3)}, split.x_train[:300],
                                  split.y_train[:300], seeds=(0,), classes=(0,))
    return [dict(row) for row in _once("rows", make)]


def summary_rows():
    from latentedu.anomaly import summarize
    return summarize(evaluation_rows())


def digits_big():
    """300 digits and labels, enough for a stratified split with every class on both sides."""
    def make():
        from latentedu.data import load_digits
        split = load_digits()
        return split.x_train[:300].clone(), split.y_train[:300].clone()
    x, y = _once("digits_big", make)
    return x.clone(), y.clone()


KINDS["index"] = (  # a position in a collection (a sample, a latent dimension, a class)
    Bad("None", lambda v: None),
    Bad("str", lambda v: str(v)),
    Bad("out_of_range", lambda v: v + 999),
    Bad("fraction", lambda v: v + 0.5),
)

KINDS["name"] = (  # a file name inside a folder
    Bad("None", lambda v: None),
    Bad("empty", lambda v: ""),
    Bad("parent", lambda v: "../" + v),
    Bad("absolute", lambda v: "/tmp/" + v),
)

KINDS["bytes"] = (  # the bytes of a file
    Bad("None", lambda v: None),
    Bad("str", lambda v: "abc"),
    Bad("empty", lambda v: b""),
    Bad("truncated", lambda v: v[:-1]),
    Bad("bad_type_code", lambda v: v[:2] + b"\x07" + v[3:]),
    Bad("huge_header", lambda v: v[:4] + b"\xff\xff\xff\xff" + v[8:]),
)


def idx_bytes():
    """A valid IDX file: unsigned bytes of shape (2, 3)."""
    return bytes([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6])


def local_mirror():
    """A folder holding one file, its checksum, a file:// mirror URL and an empty cache folder."""
    import hashlib
    import tempfile
    from pathlib import Path

    def make():
        import atexit
        import shutil

        root = Path(tempfile.mkdtemp(prefix="bad_inputs_"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)  # leave nothing behind in /tmp
        (root / "mirror").mkdir()
        (root / "mirror" / "data.bin").write_bytes(b"0123456789")
        return root, hashlib.sha256(b"0123456789").hexdigest()
    root, sha = _once("mirror", make)
    import itertools
    counter = _CACHE.setdefault("mirror_counter", itertools.count())
    return {"mirrors": (root.joinpath("mirror").as_uri() + "/",), "sha256": sha,
            "folder": root / f"cache{next(counter)}"}
