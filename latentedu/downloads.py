"""Optional MNIST and Fashion-MNIST, for learners with a network.

The course runs on the bundled 8x8 digits (:func:`latentedu.data.load_digits`)
and never needs these. A learner who wants the classic 28x28 sets calls::

    from latentedu.downloads import load_images
    data = load_images("fashion")      # falls back to the 8x8 digits when offline

The four gzipped IDX files of a set are downloaded once into a cache folder
(``~/.cache/latentedu`` unless ``LATENTEDU_DATA`` or ``cache_dir`` says
otherwise), each checked against its published SHA-256 sum. Mirrors are tried
in order; a file that fails its checksum is discarded and the next mirror is
tried. Nothing is downloaded at import time, and the course's notebooks and
tests never call this with a network.

The IDX format (LeCun et al., "Gradient-based learning applied to document
recognition", 1998; the format is described on the MNIST page) is: two zero
bytes, a type code, the number of dimensions, one big-endian 32-bit size per
dimension, then the values in C order.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch

from ._validation import check_choice, check_number

# latentedu.data re-exports this module's loaders, so this module imports
# latentedu.data only inside functions (either module may then load first).
if TYPE_CHECKING:
    from .data import Split

__all__ = [
    "DATASETS",
    "DataSet",
    "DataUnavailable",
    "IDXFormatError",
    "data_home",
    "download_file",
    "load_images",
    "load_mnist",
    "read_idx",
]

ENV_VAR = "LATENTEDU_DATA"
_USER_AGENT = "latentedu (https://github.com/latentedu/latentedu)"


class DataUnavailable(RuntimeError):
    """An optional data set could not be downloaded or read; the message says why and what to do."""


class IDXFormatError(ValueError):
    """Bytes that are not a well-formed IDX file (wrong magic number, type code or length)."""


@dataclass(frozen=True)
class DataSet:
    """Where one optional set lives: its mirrors and the SHA-256 of each of its files."""

    title: str
    mirrors: tuple[str, ...]
    files: dict  # role ("train_images", ...) -> (file name, sha256)
    homepage: str


# SHA-256 sums as published with TensorFlow Datasets' url_checksums (mnist.txt, fashion_mnist.txt),
# the same in every independent listing checked; the files never change.
DATASETS: dict[str, DataSet] = {
    "mnist": DataSet(
        title="MNIST",
        mirrors=(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/",
        ),
        files={
            "train_images": ("train-images-idx3-ubyte.gz",
                             "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            "train_labels": ("train-labels-idx1-ubyte.gz",
                             "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            "test_images": ("t10k-images-idx3-ubyte.gz",
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            "test_labels": ("t10k-labels-idx1-ubyte.gz",
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        },
        homepage="http://yann.lecun.com/exdb/mnist/",
    ),
    "fashion": DataSet(
        title="Fashion-MNIST",
        mirrors=(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        ),
        files={
            "train_images": ("train-images-idx3-ubyte.gz",
                             "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            "train_labels": ("train-labels-idx1-ubyte.gz",
                             "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            "test_images": ("t10k-images-idx3-ubyte.gz",
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            "test_labels": ("t10k-labels-idx1-ubyte.gz",
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
        },
        homepage="https://github.com/zalandoresearch/fashion-mnist",
    ),
}

# IDX type code -> numpy dtype (big-endian, as the format stores it).
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}

_FALLBACK = ("The bundled 8x8 digits work offline and are the fallback: "
             "latentedu.data.load_digits(), or load_images(name) which falls back by itself.")


def data_home(cache_dir=None) -> Path:
    """The cache folder: ``cache_dir``, else ``$LATENTEDU_DATA``, else ``~/.cache/latentedu``."""
    if cache_dir is not None:
        if not isinstance(cache_dir, (str, os.PathLike)):
            raise TypeError(f"cache_dir must be a folder path (str or pathlib.Path), got {type(cache_dir).__name__}.")
        return Path(cache_dir).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return Path.home() / ".cache" / "latentedu"


def read_idx(data: bytes) -> np.ndarray:
    """Parse the bytes of one IDX file (already un-gzipped) into a numpy array.

    >>> read_idx(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]))
    array([7, 8, 9], dtype=uint8)
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"read_idx needs the file's bytes, got {type(data).__name__}; "
                        "read the file first, e.g. gzip.open(path).read().")
    data = bytes(data)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IDXFormatError("not an IDX file: it must start with two zero bytes (the magic number "
                             f"0x0000TTDD), got {data[:4].hex() or 'nothing'}.")
    code, ndim = data[2], data[3]
    if code not in _IDX_DTYPES:
        raise IDXFormatError(f"unknown IDX type code 0x{code:02X}; expected one of "
                             f"{', '.join(f'0x{c:02X}' for c in _IDX_DTYPES)}.")
    header = 4 + 4 * ndim
    if not 1 <= ndim <= 8:  # IDX files hold 1 to 4 dimensions; numpy allows at most 32
        raise IDXFormatError(f"IDX header says {ndim} dimensions; a real IDX file has 1 to 4: "
                             "the file is corrupt.")
    if len(data) < header:
        raise IDXFormatError(f"IDX header says {ndim} dimensions but the file is {len(data)} bytes long.")
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_DTYPES[code])
    expected = math.prod(dims) * dtype.itemsize  # Python ints: a corrupt header cannot overflow
    if len(data) - header != expected:
        raise IDXFormatError(f"IDX file of shape {dims} and type {dtype.name} should hold {expected} bytes "
                             f"of values, but holds {len(data) - header}: the file is truncated or corrupt.")
    values = np.frombuffer(data, dtype=dtype, offset=header).reshape(dims)
    return values.astype(dtype.newbyteorder("="))  # native byte order, and a writable copy


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch(url: str, destination: Path, timeout: float) -> None:
    """Copy ``url`` (http, https or file) to ``destination``."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response, open(destination, "wb") as out:
        for block in iter(lambda: response.read(1 << 20), b""):
            out.write(block)


def download_file(file_name: str, sha256: str, mirrors, folder, *, timeout: float = 30.0,
                  verbose: bool = True) -> Path:
    """``folder/file_name``, from the cache when its checksum matches, else from the first mirror that works.

    Each mirror is a base URL (ending in ``/``) to which ``file_name`` is
    appended. A download that fails or does not match ``sha256`` is deleted
    and the next mirror is tried. Raises :class:`DataUnavailable` listing
    what each mirror did when none worked.
    """
    if not isinstance(file_name, str) or not file_name or file_name in (".", "..") \
            or Path(file_name).name != file_name or "\\" in file_name:
        raise ValueError(f"file_name must be a plain file name inside the cache folder, such as "
                         f"'train-images-idx3-ubyte.gz', got {file_name!r}.")
    timeout = check_number(timeout, "timeout", low=0.0, low_inclusive=False)
    if isinstance(mirrors, (str, bytes)) or not hasattr(mirrors, "__iter__"):
        raise TypeError(f"mirrors must be a list of base URLs such as ['https://host/mnist/'], got {mirrors!r}.")
    folder = Path(folder)
    target = folder / file_name
    if target.exists():
        if _sha256(target) == sha256:
            return target
        target.unlink()  # a corrupt or partial cached copy: fetch it again
    mirrors = list(mirrors)
    if not mirrors:
        raise ValueError("mirrors is empty: give at least one base URL, e.g. 'https://host/mnist/'.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataUnavailable(f"Cannot create the cache folder {folder} ({exc}). Choose a writable folder "
                              f"with cache_dir=... or the {ENV_VAR} environment variable. {_FALLBACK}") from None
    partial = folder / (file_name + ".part")
    failures = []
    for base in mirrors:
        url = base + file_name
        if verbose:
            print(f"Downloading {url} ...", flush=True)
        try:
            _fetch(url, partial, timeout)
        except (urllib.error.URLError, OSError, ValueError) as exc:  # no network, 404, refused, bad URL
            failures.append(f"{url}: {type(exc).__name__}: {getattr(exc, 'reason', exc)}")
            partial.unlink(missing_ok=True)
            continue
        actual = _sha256(partial)
        if actual != sha256:
            failures.append(f"{url}: checksum mismatch (sha256 {actual[:12]}..., expected {sha256[:12]}...)")
            partial.unlink(missing_ok=True)
            continue
        os.replace(partial, target)
        return target
    raise DataUnavailable(
        f"Could not download {file_name}; every mirror failed:\n  " + "\n  ".join(failures)
        + f"\n{_FALLBACK}\nTo retry, connect to the internet and call the loader again; or put the file, "
        f"downloaded by hand, into {folder} (its SHA-256 must be {sha256})."
    )


def _read_gz_idx(path: Path, what: str) -> np.ndarray:
    try:
        with gzip.open(path, "rb") as f:
            return read_idx(f.read())
    except (OSError, EOFError, zlib.error, IDXFormatError) as exc:  # unreadable, truncated or corrupt
        raise DataUnavailable(f"{path} ({what}) could not be read: {exc}. Delete it and load again "
                              f"to download a fresh copy. {_FALLBACK}") from None


def load_mnist(kind: str = "mnist", cache_dir=None, download: bool = True, *, mirrors=None,
               timeout: float = 30.0, verbose: bool = True) -> Split:
    """MNIST (``kind="mnist"``) or Fashion-MNIST (``kind="fashion"``) as a :class:`~latentedu.data.Split`.

    The standard split: 60,000 training and 10,000 test images, each a row of
    784 pixels scaled to [0, 1] (float32; ``x.view(-1, 28, 28)`` gives the
    pictures) with int64 labels 0-9. The files are cached in
    ``data_home(cache_dir) / kind``. With ``download=False`` only the cache is
    used. ``mirrors`` replaces the built-in list of base URLs (``file://``
    URLs work, for a local copy). Raises :class:`DataUnavailable` when the
    data cannot be had; :func:`load_images` catches that and falls back to
    the bundled digits. Optional for learners; the course notebooks use
    :func:`latentedu.data.load_digits`.
    """
    check_choice(kind, "kind", DATASETS)
    spec = DATASETS[kind]
    folder = data_home(cache_dir) / kind
    if mirrors is None:
        mirrors = spec.mirrors
    elif isinstance(mirrors, str) or not all(isinstance(m, str) for m in mirrors):
        raise TypeError("mirrors must be a list of base URLs (strings), e.g. ['https://host/mnist/'], "
                        f"got {mirrors!r}.")
    arrays = {}
    for role, (file_name, sha256) in spec.files.items():
        path = folder / file_name
        if not download:
            if not path.exists() or _sha256(path) != sha256:
                raise DataUnavailable(
                    f"{spec.title} is not in the cache ({path} is missing or fails its checksum) and "
                    f"download=False. {_FALLBACK}\nTo retry, call load_mnist({kind!r}, download=True) "
                    "with a network.")
        else:
            try:
                path = download_file(file_name, sha256, mirrors, folder, timeout=timeout, verbose=verbose)
            except DataUnavailable as exc:
                raise DataUnavailable(f"{exc}\n{_manual_hint(spec, folder)}") from None
        arrays[role] = _read_gz_idx(path, f"{spec.title} {role.replace('_', ' ')}")
    return _to_split(arrays, spec.title)


def _manual_hint(spec: DataSet, folder: Path) -> str:
    """How to fetch a whole set by hand: every file, with the checksum it must have."""
    files = "\n".join(f"  {name}  sha256 {sha256}" for name, sha256 in spec.files.values())
    return (f"To install {spec.title} by hand, download these {len(spec.files)} files from {spec.homepage} "
            f"into {folder}:\n{files}")


def _to_split(arrays: dict, title: str) -> Split:
    parts = []
    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise DataUnavailable(f"{title} {part} files do not fit together: images of shape {images.shape}, "
                                  f"labels of shape {labels.shape}. Delete the cached files and load again.")
        x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
        parts.append((x, torch.from_numpy(labels.astype(np.int64))))
    from .data import Split

    (x_train, y_train), (x_test, y_test) = parts
    return Split(x_train, x_test, y_train, y_test)


def load_images(name: str = "digits", fallback: str | None = "digits", **kwargs) -> Split:
    """Images by name: ``"digits"`` (bundled 8x8), ``"mnist"`` or ``"fashion"`` (28x28, downloaded once).

    When MNIST or Fashion-MNIST cannot be had (no network, say) and
    ``fallback="digits"``, this prints why and returns
    :func:`latentedu.data.load_digits` so the notebook goes on; with
    ``fallback=None`` the :class:`DataUnavailable` error is raised instead.
    ``kwargs`` go to :func:`load_mnist` (``cache_dir``, ``download``, ...).
    """
    from .data import load_digits

    check_choice(name, "name", ["digits", *DATASETS])
    if fallback is not None:
        check_choice(fallback, "fallback", ["digits", None])
    if name == "digits":
        return load_digits()
    try:
        return load_mnist(name, **kwargs)
    except DataUnavailable as exc:
        if fallback is None:
            raise
        print(f"{DATASETS[name].title} is not available, so this notebook goes on with the bundled "
              f"8x8 digits instead: 1,797 images of 64 pixels each, not 28x28 images of 784 pixels. "
              f"Code that assumes 784 pixels or 28x28 pictures should read the size from x.shape[1]."
              f"\nWhy: {exc}")
        return load_digits()
