"""The benchmark harness, run on a throwaway notebook, a figures file and a tiny demo in a temp folder."""

import importlib.util
import json
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest

from latentedu.widgets import Demo

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder: one notebook that allocates ~80 MB, one that fails, and a figures file."""
    root = tmp_path_factory.mktemp("course")
    write_notebook(root / "notebooks" / "00_tiny.ipynb",
                   "import time, os\nimport numpy as np\nblock = np.ones(10_000_000)  # 80 MB\ntime.sleep(0.3)",
                   "x = float(block.sum())\nthreads = int(os.environ.get('OMP_NUM_THREADS', '0'))\nprint(x)",
                   "from latentedu.claims import claim\nclaim('sum is ten million', x == 1e7, {'sum': x})\n"
                   "claim('sum is small', x < 10, {'sum': x})  # fails: recorded, and the lesson goes on")
    write_notebook(root / "notebooks" / "01_broken.ipynb", "a = 1", "raise RuntimeError('on purpose')", "b = 2")
    figures = root / "benchmarks" / "figures"
    figures.mkdir(parents=True)
    (figures / "00_tiny.py").write_text(
        'NOTEBOOK = "notebooks/00_tiny.ipynb"\n'
        'FIGURES = {"total": "x / 1e6", "mb": "block.nbytes / 2**20", "threads": "threads"}\n')
    (figures / "01_broken.py").write_text(
        'NOTEBOOK = "notebooks/01_broken.ipynb"\nFIGURES = {"b": "b"}\n')
    return root


def tiny_demo():
    def draw(fig, n, kind, log_scale, rate, step):
        ax = fig.add_subplot()
        ax.plot(range(n), [rate * i for i in range(n)], "o" if kind == "dots" else "-")
        ax.set_yscale("log" if log_scale else "linear")
        return f"step {step}"

    controls = {"n": w.IntSlider(value=5, min=2, max=20), "kind": w.Dropdown(options=["line", "dots"]),
                "log_scale": w.Checkbox(value=False), "rate": w.FloatLogSlider(value=1.0, min=-2, max=2),
                "step": w.Play(value=0, min=0, max=3)}
    return Demo("Tiny", controls, draw, buttons={"again": lambda: None}, figsize=(3, 2))


def test_notebook_rows_quality_and_errors(bench, course):
    notebooks = bench.find_notebooks([course / "notebooks"], course)
    assert [p.name for p in notebooks] == ["00_tiny.ipynb", "01_broken.ipynb"]
    result = bench.run_benchmark(notebooks, root=course, demos={"tiny.tiny_demo": tiny_demo},
                                 echo=lambda _: None)
    tiny, broken = result["notebooks"]
    assert tiny["path"] == "notebooks/00_tiny.ipynb" and "error" not in tiny
    assert 0.3 < tiny["seconds"] < 60 and tiny["kernel_start_s"] < tiny["seconds"]
    assert 0.3 < tiny["cold_seconds"] < 60, "each notebook also runs cold, with an empty numba cache"
    assert tiny["seconds_ok"] == (tiny["seconds"] < bench.GOAL_WARM_SECONDS and tiny["cold_seconds"] < bench.GOAL_SECONDS)
    assert 80 < tiny["peak_mb"] < 1024, "the kernel held an 80 MB array, so its peak is above that"
    assert tiny["peak_ok"] and 0 < tiny["kernel_cpu_s"] < 60
    assert result["quality"]["00_tiny/total"] == pytest.approx(10.0)
    assert result["quality"]["00_tiny/mb"] == pytest.approx(76.29, abs=0.01)
    assert result["quality"]["00_tiny/threads"] >= 1

    assert "RuntimeError" in broken["error"] and "cell 1" in broken["error"]
    assert broken["peak_mb"] > 0 and not broken["seconds_ok"]
    assert result["quality_errors"] == {"01_broken/b": "not evaluated (the notebook failed)"}
    assert result["claims"] == [
        {"notebook": "notebooks/00_tiny.ipynb", "name": "sum is ten million", "holds": True, "values": {"sum": 1e7}},
        {"notebook": "notebooks/00_tiny.ipynb", "name": "sum is small", "holds": False, "values": {"sum": 1e7}}]

    (demo,) = result["widgets"]
    assert demo["name"] == "tiny.tiny_demo" and "error" not in demo and "skipped_controls" not in demo
    # wall times depend on the machine's load; only their order is certain
    assert 0 < demo["median_draw_ms"] <= demo["median_ms"] <= demo["max_ms"]
    assert 0 < demo["median_cpu_ms"] < 5000 and demo["ok"] == (demo["median_ms"] < 100)
    # 5 slider values, 1 other dropdown option (+ back), 2 checkbox states x2, 5 log values, 5 ticks, 3 clicks
    assert set(demo["per_control_ms"]) == {"n", "kind", "log_scale", "rate", "step", "again"}
    assert demo["n"] >= 20
    json.dumps(result)  # everything is JSON-ready


def test_command_line_writes_json_and_prints_a_table(bench, course, tmp_path, capsys):
    out = tmp_path / "out" / "bench.json"
    code = bench.main([str(course / "notebooks" / "00_tiny.ipynb"), "--root", str(course), "--no-widgets",
                       "--json", str(out), "--results-dir", str(tmp_path / "results")])
    printed = capsys.readouterr().out
    assert code == 1, "a claim that does not hold fails the benchmark"
    assert "FAILS  notebooks/00_tiny.ipynb: sum is small (sum = 1e+07)" in printed, printed
    data = json.loads(out.read_text())
    assert [c["holds"] for c in data["claims"]] == [True, False]
    assert set(data) >= {"notebooks", "widgets", "quality"}
    (row,) = data["notebooks"]
    assert set(row) >= {"path", "seconds", "peak_mb"}
    assert isinstance(row["seconds"], float) and isinstance(row["peak_mb"], float)
    assert data["widgets"] == [] and set(data["quality"]) == {"00_tiny/total", "00_tiny/mb", "00_tiny/threads"}
    assert all(isinstance(v, float) for v in data["quality"].values())
    assert data["quality_not_run"] == ["01_broken (01_broken.py)"]
    assert len(list((tmp_path / "results").glob("bench-*.json"))) == 1
    assert "notebooks/00_tiny.ipynb" in printed and "pass" in printed and "Goals met: 2 of 2" in printed


def test_failures_set_the_exit_status(bench, course, tmp_path, capsys):
    code = bench.main([str(course / "notebooks" / "01_broken.ipynb"), "--root", str(course), "--no-widgets",
                       "--no-save"])
    printed = capsys.readouterr().out
    assert code == 1 and "FAIL" in printed and "on purpose" in printed


def test_bad_figures_file_and_bad_paths_say_what_to_do(bench, tmp_path):
    (tmp_path / "bad.py").write_text("NOTEBOOK = 3\n")
    with pytest.raises(SystemExit, match="FIGURES"):
        bench.load_figures(tmp_path, tmp_path)
    with pytest.raises(SystemExit, match="neither a notebook"):
        bench.find_notebooks([tmp_path / "missing.ipynb"], tmp_path)


def test_control_values_cover_each_kind_of_control(bench):
    assert bench._control_values(w.IntSlider(value=3, min=0, max=8), 5) == [0, 2, 4, 6, 8]
    assert bench._control_values(w.FloatLogSlider(min=-1, max=1), 3) == pytest.approx([0.1, 1.0, 10.0])
    assert bench._control_values(w.ToggleButtons(options=["a", "b", "c"], value="b"), 5) == [
        ("index", 0), ("index", 2), ("index", 1)]
    assert bench._control_values(w.Checkbox(value=True), 4) == [False, True, False, True]
    assert bench._control_values(w.Play(value=2, min=0, max=3), 4) == [3, 0, 1, 2]
    assert bench._control_values(w.Text(), 5) == []


def test_demo_warnings_are_kept_in_the_row(bench):
    import warnings

    def noisy():
        def draw(fig, n):
            warnings.warn("layout engine trouble", UserWarning)
            fig.add_subplot().plot(range(n))

        return Demo("Noisy", {"n": w.IntSlider(value=2, min=1, max=5)}, draw, figsize=(2, 2))

    (row,) = bench.measure_demos({"noisy.demo": noisy}, samples=3)
    # ipywidgets 7 adds DeprecationWarnings of its own; the demo's warning must be kept among them
    assert "UserWarning: layout engine trouble" in row["warnings"] and row["n"] == 3


def test_an_unreadable_notebook_is_a_row_with_an_error(bench, tmp_path):
    bad = tmp_path / "notebooks" / "bad.ipynb"
    bad.parent.mkdir()
    bad.write_text("{not json")
    row = bench.run_notebook(bad, root=tmp_path)
    assert row["path"] == "notebooks/bad.ipynb" and row["seconds"] is None and "cannot read" in row["error"]
