"""course.py, the README's set-up script: its decisions, without installing anything."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)


def test_usage_without_a_command(capsys):
    assert course.main([]) == 2
    assert "python3 course.py lab" in capsys.readouterr().out


def test_finds_a_cpu_torch_wheel_in_find_links(tmp_path, monkeypatch):
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    (tmp_path / f"torch-2.9.0+cpu-{tag}-{tag}-manylinux_2_28_x86_64.whl").write_bytes(b"")
    (tmp_path / f"torch-2.9.0-{tag}-{tag}-manylinux_2_28_x86_64.whl").write_bytes(b"")  # a CUDA build
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    found = course.local_cpu_wheel(Path(sys.executable))
    assert found is not None and found.endswith(".whl") and "+cpu" in found


def test_reuses_an_installed_torch(monkeypatch):
    calls = []
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: calls.append(cmd) or 0)
    course.install_torch(Path(sys.executable))  # this interpreter has torch
    assert calls == []


def test_never_falls_back_to_a_bare_cuda_torch(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(course, "has_torch", lambda python: False)
    monkeypatch.setattr(course, "local_cpu_wheel", lambda python: None)
    monkeypatch.setattr(course, "reachable", lambda url: True)
    monkeypatch.setattr(course.platform, "system", lambda: "Linux")
    monkeypatch.delenv("LATENTEDU_TORCH", raising=False)
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: calls.append(cmd) or 1)
    try:
        course.install_torch(Path(sys.executable))
    except SystemExit as exc:
        assert "CPU build of torch" in str(exc)
    else:
        raise AssertionError("expected a clear exit")
    assert calls and all("--index-url" in map(str, c) for c in calls)


def test_an_unreachable_cpu_index_is_not_retried(monkeypatch):
    calls = []
    monkeypatch.setattr(course, "has_torch", lambda python: False)
    monkeypatch.setattr(course, "reachable", lambda url: False)
    monkeypatch.setattr(course, "local_cpu_wheel", lambda python: "/wheels/torch-2.9.0+cpu-x.whl")
    monkeypatch.setattr(course.platform, "system", lambda: "Linux")
    monkeypatch.delenv("LATENTEDU_TORCH", raising=False)
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: calls.append(cmd) or 0)
    course.install_torch(Path(sys.executable))
    assert len(calls) == 1 and calls[0][-1] == "/wheels/torch-2.9.0+cpu-x.whl"
