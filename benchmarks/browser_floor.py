"""How fast can a demo answer in JupyterLab at all? The floor under issue 14's latency goals.

Starts JupyterLab and headless Chromium as ``tests/test_browser.py`` does, opens
a one-cell notebook with two demos of the same size, and moves a slider of
each ``--moves`` times (right, left, ...), timing every move as the browser
test does (input event to new picture painted, with its hops):

- ``one-neuron lab``: the real demo, drawing and encoding every picture;
- ``free callback``: a demo whose pictures were made beforehand (two of the
  one-neuron lab's, in turn), so what is left is JupyterLab's round trip: the
  page, the server, the kernel's message handling and the page painting.

Prints the median and range of each, and writes them to
``benchmarks/results/browser_floor-<time>.json`` (or ``--json PATH``). Needs
Chromium at /usr/bin/chromium and the ``test`` and ``lab`` extras.

    OMP_NUM_THREADS=1 JUPYTER_PATH=.venv/share/jupyter python benchmarks/browser_floor.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, CONTROL, DEMO, HOPS, LabServer, NotebookRun, hops  # noqa: E402

CELL = '''
import itertools

from ipywidgets import FloatSlider

from latentedu.widgets import Demo
from latentedu.widgets.neurons import neuron_lab

lab = neuron_lab()
pictures = [lab.png]
lab.controls["w1"].value += 0.1
pictures.append(lab.png)
lab.controls["w1"].value -= 0.1


class FreeDemo(Demo):
    """Shows pictures made beforehand, in turn: a callback that costs nothing."""

    def update(self):
        self.png = next(self.frames)
        self.image.value = self.png


FreeDemo.frames = itertools.cycle(pictures)
free = FreeDemo("free callback", {"w1": FloatSlider(value=0.0, min=-3, max=3, step=0.1, description="w1")},
                lambda fig, w1: None, figsize=(9.0, 3.8))
display(lab)
display(free)
'''


def time_moves(run: NotebookRun, demo_index: int, moves: int) -> list[dict]:
    """Move the first slider of the page's ``demo_index``-th demo ``moves`` times; the timings."""
    page = run.page
    demo = page.locator(DEMO).nth(demo_index)
    image = demo.locator("img").first
    slider = demo.locator(f".{CONTROL}").filter(has=page.locator(".noUi-handle")).first
    handle = slider.locator(".noUi-handle").first
    rows = []
    for i in range(moves):
        run.settle(300)
        handle.focus()
        slider.evaluate("(e, img) => window.__le.arm(e, img)", image.element_handle())
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        timing = run._painted(20_000)
        run.page.evaluate("() => window.__le.disarm()")
        if timing is not None:
            rows.append({"ms": round(timing["painted"] - timing["start"], 1), **hops(timing)})
    return rows


def summary(rows: list[dict]) -> dict:
    return {key: {"median": round(statistics.median(r[key] for r in rows), 1),
                  "min": min(r[key] for r in rows), "max": max(r[key] for r in rows)}
            for key in ("ms", *HOPS) if all(key in r for r in rows)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=22, help="moves per demo; the first two are left out")
    parser.add_argument("--json", type=Path, help="where to write the figures")
    args = parser.parse_args(argv)
    import nbformat
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        notebooks = Path(tmp) / "notebooks"
        notebooks.mkdir()
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, notebooks / "floor.ipynb")
        server = LabServer(Path(tmp) / "lab", notebooks, cwd=ROOT).start()
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            server.wait_ready()
            run = NotebookRun(server, context, "notebooks/floor.ipynb")
            run.open_and_run()
            assert not run.cell_errors(), run.cell_errors()
            run.wait_for_demos()
            results = {name: time_moves(run, index, args.moves)[2:]
                       for index, name in enumerate(["one-neuron lab", "free callback"])}
            run.close()
            browser.close()
        finally:
            playwright.stop()
            server.stop()
    report = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "load": list(os.getloadavg()), "cpus": os.cpu_count(),
              "demos": {name: {"summary": summary(rows), "moves": rows} for name, rows in results.items()}}
    for name, entry in report["demos"].items():
        parts = ", ".join(f"{key} {value['median']}" for key, value in entry["summary"].items())
        print(f"{name}: control to picture, median over {len(results[name])} moves: {parts} "
              f"(range {entry['summary']['ms']['min']}-{entry['summary']['ms']['max']} ms)")
    path = args.json or ROOT / "benchmarks" / "results" / f"browser_floor-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n")
    print(f"written to {path} (load average {report['load'][0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
