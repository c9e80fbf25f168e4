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
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert _runtime.default_threads() is None
    for var in _runtime._THREAD_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert _runtime.default_threads() == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert _runtime.default_threads() is None


def test_doctor_reports_versions_and_warns_with_fixes(monkeypatch):
    out = io.StringIO()
    warnings = le.doctor(file=out)  # the real environment may lack nothing or something
    text = out.getvalue()
    assert "latentedu" in text and "torch" in text and "running in:" in text
    assert isinstance(warnings, list)
    assert (not warnings) == ("Everything the course needs is in place." in text)
    assert all(f"WARNING: {w}" in text for w in warnings)
    monkeypatch.setattr(_runtime, "_version",
                        lambda name: None if name == "tqdm" else ("1.0" if name == "numpy" else "9.9"))
    out = io.StringIO()
    warnings = le.doctor(file=out)
    assert any("tqdm is not installed" in w and "pip install" in w for w in warnings)
    assert any("numpy 1.0 is older than 1.26" in w for w in warnings)
    assert "WARNING:" in out.getvalue()


def test_where_am_i_outside_a_notebook():
    assert le.where_am_i() in ("console", "jupyter")
