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

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install chromium``);
without it the tests skip, except with ``CI=true``, where they fail. Run only
these with ``python -m pytest -o addopts="" tests/test_browser.py -v``.
"""

import os
import time
from pathlib import Path

import pytest

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, LabServer, NotebookRun

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))

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
        assert not run.js_errors, f"{name}: JavaScript errors in the page:\n" + "\n".join(run.js_errors)
    finally:
        run.close()
    seconds = time.perf_counter() - start
    timings = ", ".join(f"{key} {value:.1f}" for key, value in run.timings.items())
    print(f"{name}: {seconds:.1f} s ({timings}); {demos} demo(s), {len(moved)} control(s) moved")
    record_property("seconds", round(seconds, 1))
    record_property("controls_moved", len(moved))
