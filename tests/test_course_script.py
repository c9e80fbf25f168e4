"""course.py, the README's set-up script: its decisions, without installing anything."""

import importlib.util
import socket
import sys
from pathlib import Path

import pytest

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
    monkeypatch.setattr(course, "find_links_folders", lambda python: [])
    with pytest.raises(course.SetupFailed, match="CPU build of torch"):
        course.install_torch(Path(sys.executable))
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


def _no_torch_on_linux(monkeypatch):
    monkeypatch.setattr(course, "has_torch", lambda python: False)
    monkeypatch.setattr(course.platform, "system", lambda: "Linux")
    monkeypatch.setattr(course, "find_links_folders", lambda python: [])


def test_a_failed_torch_install_says_what_was_tried_and_suggests_no_silent_cuda(monkeypatch):
    calls = []
    _no_torch_on_linux(monkeypatch)
    monkeypatch.setattr(course, "reachable", lambda url: True)
    monkeypatch.setattr(course, "local_cpu_wheel", lambda python: None)
    monkeypatch.delenv("LATENTEDU_TORCH", raising=False)
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: calls.append(cmd) or 1)
    with pytest.raises(course.SetupFailed) as failed:
        course.install_torch(Path(sys.executable))
    message = str(failed.value)
    assert "Tried:" in message and "pip exited with 1" in message and "no wheel folder is set" in message
    # the command that just failed is not offered again as the fix
    assert f"pip install torch --index-url {course.CPU_INDEX}" not in message
    # every suggestion of a bare torch says what it brings on Linux
    for line in message.splitlines():
        if "LATENTEDU_TORCH=torch" in line:
            assert "CUDA" in line and "several GB" in line
    # pip's progress is shown for the torch download
    assert calls and all("--quiet" not in map(str, c) for c in calls)


def test_an_unreachable_index_is_named_as_the_reason(monkeypatch):
    _no_torch_on_linux(monkeypatch)
    monkeypatch.setattr(course, "reachable", lambda url: False)
    monkeypatch.setattr(course, "local_cpu_wheel", lambda python: None)
    monkeypatch.setattr(course, "find_links_folders", lambda python: ["/wheels"])
    monkeypatch.delenv("LATENTEDU_TORCH", raising=False)
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: pytest.fail("pip must not be run"))
    with pytest.raises(course.SetupFailed) as failed:
        course.install_torch(Path(sys.executable))
    assert "cannot be reached" in str(failed.value) and "in /wheels: there is none" in str(failed.value)


def test_latentedu_torch_carries_pip_options(monkeypatch, capsys):
    calls = []
    _no_torch_on_linux(monkeypatch)
    monkeypatch.setenv("LATENTEDU_TORCH", "torch==2.4.1 --index-url 'https://mirror.example/whl cpu'")
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: calls.append(cmd) or 0)
    course.install_torch(Path(sys.executable))
    assert len(calls) == 1
    assert list(map(str, calls[0][-3:])) == ["torch==2.4.1", "--index-url", "https://mirror.example/whl cpu"]
    assert "CUDA" not in capsys.readouterr().out


def test_a_bare_latentedu_torch_on_linux_says_it_is_the_cuda_build(monkeypatch, capsys):
    _no_torch_on_linux(monkeypatch)
    monkeypatch.setenv("LATENTEDU_TORCH", "torch")
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: 0)
    course.install_torch(Path(sys.executable))
    assert "CUDA build" in capsys.readouterr().out


def test_a_failing_latentedu_torch_is_reported(monkeypatch):
    _no_torch_on_linux(monkeypatch)
    monkeypatch.setenv("LATENTEDU_TORCH", "torch==0.0.1")
    monkeypatch.setattr(course, "run", lambda *cmd, **kw: 1)
    with pytest.raises(course.SetupFailed, match="could not install LATENTEDU_TORCH='torch==0.0.1'"):
        course.install_torch(Path(sys.executable))


def test_lab_serves_the_repository_root_and_opens_chapter_00(monkeypatch, capsys):
    launched = {}
    monkeypatch.setattr(course, "install", lambda extras: Path(sys.executable))
    monkeypatch.setattr(course, "jupyter_env", lambda python: {})
    monkeypatch.setattr(course, "free_port", lambda: 8890)

    def fake_run(*cmd, **kwargs):
        launched.update(cmd=[str(c) for c in cmd], **kwargs)
        return 0

    monkeypatch.setattr(course, "run", fake_run)
    assert course.lab() == 0
    cmd = launched["cmd"]
    assert cmd[1:4] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={course.ROOT}" in cmd and "--ServerApp.port=8890" in cmd
    assert "--LabApp.default_url=/lab/tree/notebooks/00_latent_space.ipynb" in cmd
    assert not any(c.endswith(".ipynb") and not c.startswith("--") for c in cmd), "no notebook as a file argument"
    assert (course.ROOT / course.FIRST_NOTEBOOK).exists()
    token = launched["env"]["JUPYTER_TOKEN"]
    assert len(token) >= 32 and token not in " ".join(cmd)  # not visible in the process list
    printed = capsys.readouterr().out
    assert f"http://localhost:8890/lab/tree/notebooks/00_latent_space.ipynb?token={token}" in printed


def test_free_port_skips_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert course.free_port(taken, tries=2) != taken


def test_ctrl_c_during_set_up_ends_with_one_line(monkeypatch, capsys):
    def interrupted(extras):
        raise KeyboardInterrupt

    monkeypatch.setattr(course, "install", interrupted)
    assert course.cli(["test"]) == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and len(captured.err.strip().splitlines()) == 1
    assert "interrupted" in captured.err


def test_a_failed_step_is_reported_without_a_traceback(monkeypatch, capsys):
    def failing(extras):
        raise course.subprocess.CalledProcessError(1, ["pip", "install", "x"])

    monkeypatch.setattr(course, "install", failing)
    assert course.cli(["lab"]) == 1
    assert "this step failed (exit status 1" in capsys.readouterr().err
