"""Every lesson notebook, run in a real JupyterLab in headless Chromium.

For each notebook in ``notebooks/`` (one test each) this opens a fresh page,
runs all cells with Run > Run All Cells, and asserts that no cell produced an
error; then it moves every control of every widget demo on the page (sliders
by keyboard, dropdowns, toggle buttons, checkboxes, buttons, Play) and asserts
that the demo's picture changed (controls marked ``le-no-redraw`` need only
raise nothing), and that neither the kernel nor the page reported an error.

One JupyterLab server (127.0.0.1, own port and token, temporary Jupyter
folders, serving a copy of ``notebooks/`` so autosave never touches the tracked
files) and one Chromium serve the whole module. The machinery is in
``browser_helpers.py``.

Then 20 values go to the first slider as fast as the keyboard sends them: the
page must show few pictures for them (latest value wins) and end on the last
value's picture. Every move is also timed in the page (``performance.now()``, from the control's
first input event to the new picture being decoded and painted), and split,
from the kernel's message timestamps, into the hops to the kernel, in the
kernel, to the page and in the page (``browser_helpers.hops``): the figures
are written to ``$LATENTEDU_BROWSER_LATENCY`` (default
``benchmarks/results/browser_latency.json``), one entry per notebook, merged
with what earlier runs wrote for the other notebooks, and
``benchmarks/run.py`` reports them as its ``browser`` list.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install chromium``);
without it the tests skip, except with ``CI=true``, where they fail. Run only
these with ``python -m pytest -o addopts="" tests/test_browser.py -v``.
"""

import json
import os
import statistics
import time
from pathlib import Path

import pytest

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, HOPS, LabServer, NotebookRun

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
LATENCY_FILE = Path(os.environ.get("LATENTEDU_BROWSER_LATENCY", ROOT / "benchmarks" / "results" /
                                   "browser_latency.json"))

pytestmark = pytest.mark.browser


def _unavailable(reason: str, fix: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}. CI=true, so the browser test must run: {fix}.", pytrace=False)
    pytest.skip(f"{reason}; to enable the browser test: {fix}")


@pytest.fixture(scope="module")
def lab(request, tmp_path_factory):
    """(server, browser context): one JupyterLab and one Chromium for all notebooks."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM}", "sudo apt-get install chromium (Debian/Ubuntu)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python Playwright is not installed", "pip install -e '.[test]'")

    server = LabServer(tmp_path_factory.mktemp("jupyterlab"), NOTEBOOKS, cwd=ROOT).start()
    request.addfinalizer(server.stop)  # terminate by PID, wait, kill
    playwright = sync_playwright().start()
    request.addfinalizer(playwright.stop)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    request.addfinalizer(browser.close)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    request.addfinalizer(context.close)
    server.wait_ready()
    return server, context


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_in_jupyterlab(lab, name, record_property):
    server, context = lab
    start = time.perf_counter()
    run = NotebookRun(server, context, f"notebooks/{name}")
    try:
        run.open_and_run()
        errors = run.cell_errors()
        assert not errors, f"{name}: cells raised in JupyterLab:\n" + "\n".join(errors)
        errors = run.kernel_errors()
        assert not errors, f"{name}: the kernel reported errors:\n" + "\n".join(errors)
        demos = run.wait_for_demos()
        moved = run.move_all_controls()
        save_latencies(name, run.latencies)
        rates = run.play_rates()
        for rate in rates:  # issue 14's goal for the GAN lab: >= 10 pictures/s and >= 20 training steps/s
            print(f"{name}: playing {rate['demo']}: {rate['fps']} pictures/s, {rate['steps_per_s']} "
                  f"training steps/s over {rate['seconds']} s")
        save_latencies(name, run.latencies, rates)
        burst = run.drag_burst(20)
        if burst is not None:  # latest value wins: a fast drag is not replayed picture by picture
            print(f"{name}: 20 slider values in a burst ({burst['demo']} / {burst['control']}) drew "
                  f"{burst['redraws']} picture(s), the last after {burst['ms']} ms; final picture is the "
                  f"last value's: {burst['final_is_last']}")
            # How many pictures a burst draws depends on how fast the keys arrive against the machine's
            # load (11-12 of 20 with the suite's other worker busy, 2-8 on a quiet machine), so it is
            # reported, not asserted; tests/test_widgets.py sends 20 values to a real kernel at once and
            # asserts that few are drawn. What must hold here: the burst ends on the last value's picture.
            assert burst["final_is_last"] is not False, f"{name}: after a burst the picture is not the last value's"
        assert not run.js_errors, f"{name}: JavaScript errors in the page:\n" + "\n".join(run.js_errors)
    finally:
        run.close()
    seconds = time.perf_counter() - start
    timings = ", ".join(f"{key} {value:.1f}" for key, value in run.timings.items())
    print(f"{name}: {seconds:.1f} s ({timings}); {demos} demo(s), {len(moved)} control(s) moved")
    controls = [entry["ms"] for entry in run.latencies if entry["kind"] == "control"]
    if controls:
        print(f"{name}: control to picture, median {statistics.median(controls):.0f} ms, "
              f"worst {max(controls):.0f} ms over {len(controls)} controls (written to {LATENCY_FILE})")
    record_property("seconds", round(seconds, 1))
    record_property("controls_moved", len(moved))


def save_latencies(lesson: str, latencies: list[dict], play_rates: list[dict] | None = None) -> None:
    """Put this lesson's control-to-picture figures (and the rates of its Play demos) in
    ``LATENCY_FILE``, keeping the other lessons'."""
    try:
        found = json.loads(LATENCY_FILE.read_text())
    except (OSError, ValueError):
        found = {}
    lessons = found.get("lessons", {}) if isinstance(found, dict) else {}
    lessons[Path(lesson).stem] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "load": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "cpus": os.cpu_count(),
        "entries": latencies,
        "play_rates": play_rates or [],
    }
    LATENCY_FILE.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_FILE.write_text(json.dumps({"lessons": lessons}, indent=1, sort_keys=True) + "\n")


def test_latency_file_round_trip(tmp_path, monkeypatch):
    """What ``save_latencies`` writes is what ``benchmarks/run.py`` reports (no browser needed)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setitem(globals(), "LATENCY_FILE", tmp_path / "latency.json")
    entry = {"notebook": "01_x", "demo": "Lab", "kind": "control", "src_ms": 30.0, "redraws": 1}
    save_latencies("01_x.ipynb", [{**entry, "control": "w1", "ms": 40.0}, {**entry, "control": "b", "ms": 130.0},
                                  {**entry, "control": "play", "ms": 400.0, "kind": "play"}])
    assert bench.HOPS == HOPS  # the benchmark reads the hops the browser test writes
    race_hops, lab_hops = dict(zip(HOPS, (5.0, 20.0, 15.0, 10.0))), dict(zip(HOPS, (7.0, 10.0, 20.0, 8.0)))
    save_latencies("02_y.ipynb", [{**entry, "demo": "Race", "control": "lr", "ms": 50.0, **race_hops}],
                   [{"demo": "GAN lab", "fps": 9.5, "steps_per_s": 95.0, "seconds": 6.0}])
    save_latencies("01_x.ipynb", [{**entry, "control": "w1", "ms": 45.0, **lab_hops},
                                  {**entry, "control": "b", "ms": 125.0},
                                  {**entry, "control": "play", "ms": 400.0, "kind": "play"}])  # replaces 01
    rows = bench.load_browser(tmp_path / "latency.json")
    assert sorted((r["demo"], r["control"], r["ms"]) for r in rows) == [
        ("Lab", "b", 125.0), ("Lab", "play", 400.0), ("Lab", "w1", 45.0), ("Race", "lr", 50.0)]
    summary = bench.summarise_browser(rows)
    assert (summary["n"], summary["median_ms"], summary["worst_ms"]) == (3, 50.0, 125.0)
    assert summary["over_goal"] == ["Lab / b"] and summary["median_ok"] and not summary["worst_ok"]
    assert summary["play_first_frame_ms"] == 400.0
    assert [r.get("kernel_ms") for r in rows if r["control"] in ("lr", "w1")] == [10.0, 20.0]
    assert summary["hops_median_ms"] == {"to_kernel_ms": 6.0, "kernel_ms": 15.0, "to_page_ms": 17.5, "paint_ms": 9.0}
    assert bench.load_play_rates(tmp_path / "latency.json") == [
        {"demo": "GAN lab", "fps": 9.5, "steps_per_s": 95.0, "seconds": 6.0, "notebook": "02_y"}]
