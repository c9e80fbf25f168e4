"""The declared version floors, the floors environment of .ci/run and doctor() agree."""

import re
from pathlib import Path

import pytest

from latentedu import _runtime

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)")


def _floors_in_pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for requirement in project["dependencies"]:
        match = REQUIREMENT.match(requirement)
        assert match, f"every runtime dependency needs a floor (name>=version): {requirement!r}"
        floors[match.group(1).lower()] = match.group(2)
    return floors


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints" / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            package, version = line.split("==")
            pins[package.lower()] = version
    return pins


def test_the_floors_environment_installs_every_floor():
    floors, pins = _floors_in_pyproject(), _pins("floors.txt")
    untestable = {"torch"}  # older CPU builds cannot be installed here (see constraints/floors.txt)
    for name, floor in floors.items():
        if name in untestable:
            continue
        assert name in pins, f"constraints/floors.txt does not pin {name} to its floor {floor}"
        assert _runtime._release(pins[name]) == _runtime._release(floor) + (0,) * (
            len(_runtime._release(pins[name])) - len(_runtime._release(floor))), \
            f"{name}: pyproject.toml's floor is {floor} but the floors environment installs {pins[name]}"


def test_doctor_checks_the_same_floors():
    assert {name: _runtime._release(v) for name, v in _runtime.FLOORS.items()} == \
        {name: _runtime._release(v) for name, v in _floors_in_pyproject().items()}


def test_the_colab_environment_respects_the_floors():
    floors = _floors_in_pyproject()
    for name, version in _pins("colab.txt").items():
        if name in floors:
            assert _runtime._release(version) >= _runtime._release(floors[name]), \
                f"Colab ships {name} {version}, below the declared floor {floors[name]}: lower the floor"


def test_umaps_tensorflow_notice_is_not_shown_to_learners():
    """umap-learn warns on import that TensorFlow (for ParametricUMAP, unused here) is missing."""
    import subprocess
    import sys

    code = "from latentedu.latent.maps import _umap_class; _umap_class()"
    done = subprocess.run([sys.executable, "-W", "error::ImportWarning", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
