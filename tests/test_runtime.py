import io
import os
import random

import numpy as np
import pytest
import torch

import latentedu as le
from latentedu import _runtime


def test_set_seed_makes_python_numpy_and_torch_repeatable():
    le.set_seed(7)
    first = (random.random(), np.random.rand(), torch.rand(1).item())
    le.set_seed(7)
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == first
    with pytest.raises(ValueError):
        le.set_seed(-1)


def test_set_threads_applies_to_torch():
    before = torch.get_num_threads()
    try:
        le.set_threads(1)
        assert torch.get_num_threads() == 1 and os.environ["OMP_NUM_THREADS"] == "1"
    finally:
        torch.set_num_threads(before)
    with pytest.raises(ValueError):
        le.set_threads(0)


def test_thread_default_respects_the_learners_choice(monkeypatch):
    for var in _runtime._THREAD_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert _runtime.default_threads() == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert _runtime.default_threads() is None
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert _runtime.default_threads() == 4   # the learner's count, even on a big machine
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")
    assert _runtime.default_threads() is None


def test_a_chosen_thread_count_reaches_numba_too(monkeypatch):
    """OMP_NUM_THREADS=1 alone once left numba with two threads, and t-SNE after a UMAP fit ran
    10x slower; the variables the learner did not set follow the one they did, and theirs stay."""
    for var in _runtime._THREAD_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    monkeypatch.setattr(_runtime, "set_threads", lambda n: None)
    _runtime.apply_thread_default()
    assert os.environ["NUMBA_NUM_THREADS"] == "1"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "3"


def test_doctor_reports_versions_and_warns_with_fixes(monkeypatch):
    out = io.StringIO()
    warnings = le.doctor(file=out)  # the real environment may lack nothing or something
    text = out.getvalue()
    assert "latentedu" in text and "torch" in text and "running in:" in text
    assert isinstance(warnings, list)
    assert (not warnings) == ("Everything the course needs is in place." in text)
    assert all(f"WARNING: {w}" in text for w in warnings)
    fake = {"tqdm": None, "numpy": "1.0.5", "umap-learn": "0.5.7", "scikit-learn": "1.6.0", "nbclient": None}
    monkeypatch.setattr(_runtime, "_version", lambda name: fake.get(name, "99.0"))
    out = io.StringIO()
    warnings = le.doctor(file=out, check_chapters=False)
    assert any("tqdm is not installed" in w and "pip install" in w for w in warnings)
    assert any("numpy 1.0.5 is older than 1.26" in w for w in warnings)
    assert any("umap-learn 0.5.7 is older than 0.5.8" in w for w in warnings)
    assert not any("scikit-learn" in w for w in warnings), "a version at the floor is fine"
    assert any("nbclient is missing" in w and "latentedu[grade]" in w for w in warnings)
    assert "WARNING:" in out.getvalue()


def test_doctor_names_a_chapter_that_cannot_import(monkeypatch):
    monkeypatch.setitem(_runtime._CHAPTER_MODULES, "99", "no_such_topic")
    out = io.StringIO()
    warnings = le.doctor(file=out)
    assert any(w.startswith("chapter 99 cannot start") and "ModuleNotFoundError" in w for w in warnings)
    assert "Everything the course needs is in place." not in out.getvalue()


def test_doctor_names_jupyterlabs_widget_front_end(monkeypatch):
    monkeypatch.setattr(_runtime, "where_am_i", lambda: "jupyter")
    monkeypatch.setattr(_runtime, "_version", lambda name: {"jupyterlab_widgets": None, "ipywidgets": "7.7.1"}
                        .get(name, "99.0"))
    out = io.StringIO()
    warnings = le.doctor(file=out, check_chapters=False)
    assert any("jupyterlab_widgets" in w and "widgetsnbextension" not in w for w in warnings)


def test_floors_match_the_release_parser():
    assert _runtime._release("2.13.0+cpu") == (2, 13, 0)
    assert _runtime._release("0.5.9.post2") == (0, 5, 9)
    assert _runtime._release("1.26.0rc1") == (1, 26, 0)
    assert _runtime._release("0.5.9.post2") >= _runtime._release("0.5.8")


def test_where_am_i_outside_a_notebook():
    assert le.where_am_i() in ("console", "jupyter")


def test_umaps_compiled_code_is_kept_on_disk():
    """umap-learn caches only some of its numba functions; the library asks numba to cache the
    rest, so a new kernel's first UMAP fit loads them instead of compiling (5.9 -> 0.5 CPU s)."""
    pytest.importorskip("umap")
    import sys

    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    from latentedu.latent import maps

    maps._umap_class()
    functions = [f for name, module in list(sys.modules.items()) if name.partition(".")[0] in ("umap", "pynndescent")
                 for f in vars(module).values() if isinstance(f, CPUDispatcher)]
    assert len(functions) > 100
    assert not [f.__name__ for f in functions if isinstance(f._cache, NullCache)]
