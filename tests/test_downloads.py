"""Optional MNIST downloads, exercised on small IDX files written here: never on the network."""

import gzip
import hashlib
import struct
import urllib.error

import numpy as np
import pytest
import torch

from latentedu import downloads
from latentedu.data import Split
from latentedu.downloads import DataSet, DataUnavailable, IDXFormatError, read_idx


def idx_bytes(array: np.ndarray, code: int = 0x08) -> bytes:
    dtype = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}[code]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.asarray(array, dtype=dtype).tobytes()


@pytest.fixture
def tiny_set(tmp_path, monkeypatch):
    """A fake 'mnist': 6 train and 4 test images of 3x2 pixels, served by a local file:// mirror."""
    rng = np.random.default_rng(0)
    arrays = {
        "train_images": rng.integers(0, 256, size=(6, 3, 2), dtype=np.uint8),
        "train_labels": np.array([0, 1, 2, 3, 4, 5], dtype=np.uint8),
        "test_images": np.array([np.zeros((3, 2)), np.full((3, 2), 255), np.eye(3, 2) * 255,
                                 np.ones((3, 2)) * 51], dtype=np.uint8),
        "test_labels": np.array([9, 8, 7, 6], dtype=np.uint8),
    }
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    files = {}
    for role, array in arrays.items():
        name = f"{role}.gz"
        blob = gzip.compress(idx_bytes(array))
        (mirror / name).write_bytes(blob)
        files[role] = (name, hashlib.sha256(blob).hexdigest())
    spec = DataSet("Tiny", (mirror.as_uri() + "/",), files, "nowhere")
    monkeypatch.setitem(downloads.DATASETS, "mnist", spec)
    monkeypatch.delenv(downloads.ENV_VAR, raising=False)
    return spec, arrays, mirror, tmp_path / "cache"


# --------------------------------------------------------------------------- IDX parsing

def test_read_idx_parses_dims_and_dtypes():
    images = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    out = read_idx(idx_bytes(images))
    assert out.shape == (2, 3, 4) and out.dtype == np.uint8
    np.testing.assert_array_equal(out, images)
    floats = np.array([[1.5, -2.0], [3.25, 0.0]])
    out = read_idx(idx_bytes(floats, code=0x0D))
    assert out.dtype == np.float32 and out.dtype.isnative
    np.testing.assert_array_equal(out, floats)
    ints = np.array([-70000, 5, 123456], dtype=np.int64)
    np.testing.assert_array_equal(read_idx(idx_bytes(ints, code=0x0C)), ints)


def test_read_idx_rejects_bad_files():
    good = idx_bytes(np.arange(6, dtype=np.uint8).reshape(2, 3))
    with pytest.raises(IDXFormatError, match="two zero bytes"):
        read_idx(b"\x1f\x8b" + good[2:])  # a gzip header: forgot to decompress
    with pytest.raises(IDXFormatError, match="type code 0x07"):
        read_idx(bytes([0, 0, 7, 1, 0, 0, 0, 1, 0]))
    with pytest.raises(IDXFormatError, match="truncated"):
        read_idx(good[:-1])
    with pytest.raises(IDXFormatError, match="truncated"):
        read_idx(good + b"\x00")
    with pytest.raises(TypeError, match="bytes"):
        read_idx("train-images-idx3-ubyte")


# --------------------------------------------------------------------------- loading and caching

def test_load_mnist_from_a_local_mirror(tiny_set):
    spec, arrays, _, cache = tiny_set
    split = downloads.load_mnist("mnist", cache_dir=cache, verbose=False)
    assert isinstance(split, Split)
    assert split.x_train.shape == (6, 6) and split.x_test.shape == (4, 6)
    assert split.x_train.dtype == torch.float32 and split.y_train.dtype == torch.int64
    assert 0.0 <= float(split.x_train.min()) and float(split.x_train.max()) <= 1.0
    np.testing.assert_allclose(split.x_train.numpy(), arrays["train_images"].reshape(6, -1) / 255, rtol=1e-6)
    assert split.x_test[1].tolist() == [1.0] * 6 and split.x_test[3, 0].item() == pytest.approx(0.2)
    assert split.y_test.tolist() == [9, 8, 7, 6]
    assert sorted(p.name for p in (cache / "mnist").iterdir()) == sorted(n for n, _ in spec.files.values())


def test_cache_is_reused_without_a_network(tiny_set, monkeypatch):
    _, _, mirror, cache = tiny_set
    downloads.load_mnist("mnist", cache_dir=cache, verbose=False)
    for path in mirror.iterdir():
        path.unlink()  # the "network" is gone
    calls = []
    monkeypatch.setattr(downloads, "_fetch", lambda *a: calls.append(a))
    split = downloads.load_mnist("mnist", cache_dir=cache, download=False)
    assert split.x_train.shape == (6, 6)
    split = downloads.load_mnist("mnist", cache_dir=cache)
    assert calls == [] and split.y_train.tolist() == [0, 1, 2, 3, 4, 5]


def test_env_var_chooses_the_cache(tiny_set, monkeypatch, tmp_path):
    monkeypatch.setenv(downloads.ENV_VAR, str(tmp_path / "elsewhere"))
    assert downloads.data_home() == tmp_path / "elsewhere"
    downloads.load_mnist("mnist", verbose=False)
    assert len(list((tmp_path / "elsewhere" / "mnist").iterdir())) == 4
    assert downloads.data_home(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv(downloads.ENV_VAR)
    assert downloads.data_home().parts[-2:] == (".cache", "latentedu")


def test_checksum_failure_discards_the_file_and_tries_the_next_mirror(tiny_set, tmp_path, capsys):
    spec, _, mirror, cache = tiny_set
    bad = tmp_path / "bad_mirror"
    bad.mkdir()
    for name, _ in spec.files.values():
        (bad / name).write_bytes(b"tampered")
    missing = (tmp_path / "no_such_mirror").as_uri() + "/"
    split = downloads.load_mnist("mnist", cache_dir=cache,
                                 mirrors=[missing, bad.as_uri() + "/", mirror.as_uri() + "/"])
    assert split.x_train.shape == (6, 6)
    assert capsys.readouterr().out.count("Downloading") == 12  # three mirrors tried for each of 4 files
    assert not list((cache / "mnist").glob("*.part"))


def test_corrupt_cached_file_is_downloaded_again(tiny_set):
    spec, _, _, cache = tiny_set
    downloads.load_mnist("mnist", cache_dir=cache, verbose=False)
    name = spec.files["test_labels"][0]
    (cache / "mnist" / name).write_bytes(b"half a file")
    with pytest.raises(DataUnavailable, match="not in the cache"):
        downloads.load_mnist("mnist", cache_dir=cache, download=False)
    split = downloads.load_mnist("mnist", cache_dir=cache, verbose=False)
    assert split.y_test.tolist() == [9, 8, 7, 6]


def test_every_mirror_failing_gives_a_message_that_helps(tiny_set, tmp_path):
    spec, _, _, cache = tiny_set
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / spec.files["train_images"][0]).write_bytes(b"tampered")
    with pytest.raises(DataUnavailable) as info:
        downloads.load_mnist("mnist", cache_dir=cache, mirrors=[bad.as_uri() + "/"], verbose=False)
    message = str(info.value)
    assert "checksum mismatch" in message and spec.files["train_images"][0] in message
    assert "load_digits()" in message and "retry" in message and str(cache / "mnist") in message
    assert all(name in message and digest in message for name, digest in spec.files.values()), \
        "the manual-download hint must list every file of the set with its checksum"


def test_no_network_falls_back_to_the_bundled_digits(tiny_set, monkeypatch, capsys):
    def offline(url, destination, timeout):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(downloads, "_fetch", offline)
    _, _, _, cache = tiny_set
    with pytest.raises(DataUnavailable, match="name resolution"):
        downloads.load_mnist("mnist", cache_dir=cache, verbose=False)
    split = downloads.load_images("mnist", cache_dir=cache, verbose=False)
    out = capsys.readouterr().out
    assert "not available" in out and "8x8 digits" in out and "name resolution" in out
    assert "784" in out and "64 pixels" in out, "the fallback must say the image size changes"
    assert split.x_train.shape == (1347, 64)
    with pytest.raises(DataUnavailable):
        downloads.load_images("mnist", fallback=None, cache_dir=cache, verbose=False)


def test_files_that_do_not_fit_together_are_reported(tiny_set, tmp_path):
    spec, arrays, _, cache = tiny_set
    mirror = tmp_path / "odd"
    mirror.mkdir()
    files = {}
    for role, array in arrays.items():
        if role == "train_labels":
            array = array[:5]  # one label short
        blob = gzip.compress(idx_bytes(array))
        (mirror / f"{role}.gz").write_bytes(blob)
        files[role] = (f"{role}.gz", hashlib.sha256(blob).hexdigest())
    downloads.DATASETS["mnist"] = DataSet("Odd", (mirror.as_uri() + "/",), files, "nowhere")
    with pytest.raises(DataUnavailable, match="do not fit together"):
        downloads.load_mnist("mnist", cache_dir=cache, verbose=False)


def test_bad_arguments_name_the_fix(tmp_path):
    with pytest.raises(ValueError, match="'mnist', 'fashion'"):
        downloads.load_mnist("cifar", cache_dir=tmp_path)
    with pytest.raises(TypeError, match="list of base URLs"):
        downloads.load_mnist("mnist", cache_dir=tmp_path, mirrors="https://host/")
    with pytest.raises(TypeError, match="cache_dir"):
        downloads.data_home(42)
    with pytest.raises(ValueError, match="fallback"):
        downloads.load_images("mnist", fallback="noise")
    assert downloads.load_images("digits").x_test.shape == (450, 64)


def test_published_checksums_are_well_formed():
    for spec in downloads.DATASETS.values():
        assert len(spec.mirrors) >= 2 and all(m.endswith("/") for m in spec.mirrors)
        assert set(spec.files) == {"train_images", "train_labels", "test_images", "test_labels"}
        for name, digest in spec.files.values():
            assert name.endswith("-ubyte.gz") and len(digest) == 64 and int(digest, 16) >= 0


def test_a_corrupt_download_is_reported_in_the_loaders_terms(tiny_set, tmp_path):
    spec, arrays, _, cache = tiny_set
    mirror = tmp_path / "corrupt"
    mirror.mkdir()
    files = {}
    for role, array in arrays.items():
        blob = gzip.compress(idx_bytes(array))
        if role == "train_images":  # a header claiming 2**32 - 1 images, each 2**32 - 1 pixels
            blob = gzip.compress(bytes([0, 0, 0x08, 3]) + b"\xff" * 12 + b"\x00" * 8)
        elif role == "test_images":  # not even a gzip stream, past the gzip header
            blob = blob[:10] + b"\x00garbage" + blob[20:]
        (mirror / f"{role}.gz").write_bytes(blob)
        files[role] = (f"{role}.gz", hashlib.sha256(blob).hexdigest())
    downloads.DATASETS["mnist"] = DataSet("Corrupt", (mirror.as_uri() + "/",), files, "nowhere")
    with pytest.raises(DataUnavailable, match="could not be read.*Delete it"):
        downloads.load_mnist("mnist", cache_dir=cache, verbose=False)
    with pytest.raises(IDXFormatError, match="truncated or corrupt"):
        read_idx(bytes([0, 0, 0x08, 3]) + b"\xff" * 12)
    with pytest.raises(IDXFormatError, match="40 dimensions"):  # numpy itself stops at 32
        read_idx(bytes([0, 0, 0x08, 40]) + b"\x00\x00\x00\x01" * 40 + b"\x07")


@pytest.mark.parametrize("name", ["../evil.gz", "..", "sub/evil.gz", "/tmp/evil.gz", "", "a\\b.gz"])
def test_download_file_writes_only_inside_its_folder(tmp_path, name):
    with pytest.raises(ValueError, match="plain file name"):
        downloads.download_file(name, "0" * 64, ["file:///nowhere/"], tmp_path / "cache")
    assert not (tmp_path / "evil.gz").exists()
