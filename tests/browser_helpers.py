"""Drive a real JupyterLab in headless Chromium: the machinery behind ``test_browser.py``.

``LabServer`` starts JupyterLab on 127.0.0.1 with its own port, token and
temporary Jupyter folders (nothing of the user's settings, kernels or
workspaces leaks in) over a *copy* of the lesson notebooks, so autosave never
touches the tracked files. ``NotebookRun`` opens one notebook in a fresh page,
runs all its cells, reads back every error, and moves every control of every
widget demo (``le-demo`` / ``le-control`` / ``le-no-redraw``, the CSS classes
``latentedu.widgets._base.Demo`` adds).

The page is read through ``window.jupyterapp``, which JupyterLab exposes when
started with ``--LabApp.expose_app_in_browser=True`` (the same hook JupyterLab's
own UI-test tool uses): it gives the notebook's cell models (for exact error
outputs and execution counts) and the kernel's message stream (for errors
raised by widget callbacks, which appear in no cell).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

DEMO = ".le-demo"
CONTROL = "le-control"
NO_REDRAW = "le-no-redraw"
# A control the demo has greyed out (a slider marks its track, a dropdown or button itself).
IS_DISABLED = "e => e.disabled === true || e.querySelector('[disabled]') !== null"

REDRAW_TIMEOUT_MS = 20_000   # a control's new picture must arrive within this (slow shared CPUs)
RUN_ALL_TIMEOUT_MS = 420_000  # a lesson runs in < 30 s alone; a shared machine can be 6x slower
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# JupyterLab settings for the throwaway config folder: render every cell (no
# virtual scrolling, so every demo is in the page) and never ask the network.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


# ----------------------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """JupyterLab serving ``root`` (a temporary folder); ``stop()`` ends it by its PID."""

    def __init__(self, root: Path, notebooks: Path, *, cwd: Path):
        self.root = Path(root)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.root / "jupyterlab.log"
        self.process: subprocess.Popen | None = None
        self.cwd = Path(cwd)
        shutil.copytree(notebooks, self.root / "srv" / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    def _env(self) -> dict:
        env = dict(os.environ)
        jupyter = self.root / "jupyter"
        folders = {"JUPYTER_CONFIG_DIR": jupyter / "config", "JUPYTER_DATA_DIR": jupyter / "data",
                   "JUPYTER_RUNTIME_DIR": jupyter / "runtime", "IPYTHONDIR": jupyter / "ipython",
                   "JUPYTERLAB_SETTINGS_DIR": jupyter / "config" / "lab" / "user-settings",
                   "JUPYTERLAB_WORKSPACES_DIR": jupyter / "data" / "lab" / "workspaces"}
        for name, folder in folders.items():
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        for rel, settings in LAB_SETTINGS.items():
            path = folders["JUPYTERLAB_SETTINGS_DIR"] / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        # The test session forces the Agg backend; the kernel must get the inline
        # backend a learner gets, so the lesson's plots show as they would for them.
        env.pop("MPLBACKEND", None)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        return env

    def start(self) -> "LabServer":
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.root / 'srv'}",
                   "--LabApp.expose_app_in_browser=True",
                   "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--ServerApp.terminals_enabled=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=self.cwd, env=self._env(), stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        return self

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "\n".join(lines[-n:])

    def api(self, method: str, path: str, timeout: float = 10):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_ready(self, timeout: float = 90) -> "LabServer":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def start_session(self, path: str) -> None:
        """Start the notebook's kernel now (JupyterLab would start it after its page loaded)."""
        body = json.dumps({"path": path, "name": Path(path).name, "type": "notebook",
                           "kernel": {"name": "python3"}}).encode()
        request = urllib.request.Request(self.url + "/api/sessions", data=body, method="POST",
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()

    def shutdown_kernels(self, path: str) -> None:
        """Shut down the sessions of ``path`` so the next notebook gets the CPU and memory."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                if session.get("path") == path:
                    self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        except (urllib.error.URLError, OSError):
            pass

    def stop(self) -> None:
        """Terminate by PID, wait, kill if it will not go."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if getattr(self, "_log", None):
            self._log.close()


# ----------------------------------------------------------------------------- the page

# Helpers installed in every page before JupyterLab loads. Each finds the
# notebook's panel by its server path among the main area's widgets.
INIT_SCRIPT = r"""
window.__le = {
  errors: [],
  panel(path) {
    const app = window.jupyterapp;
    if (!app || !app.shell) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
    }
    return null;
  },
  kernel(path) {
    const p = this.panel(path);
    return p && p.sessionContext.session ? p.sessionContext.session.kernel : null;
  },
  ready(path) {
    const p = this.panel(path), k = this.kernel(path);
    return !!(p && k && k.connectionStatus === 'connected' && k.status === 'idle'
              && p.content.widgets.length > 0);
  },
  listen(path) {
    // Every error the kernel reports, from a cell or from a widget callback
    // (those go to no cell: ipywidgets prints the traceback, or the comm layer logs it).
    const p = this.panel(path);
    p.sessionContext.iopubMessage.connect((_, msg) => {
      const t = msg.header.msg_type, c = msg.content;
      this.hop(msg);
      if (t === 'error') this.errors.push(`${c.ename}: ${c.evalue}\n${(c.traceback || []).join('\n')}`);
      else if (t === 'stream' && c.name === 'stderr'
               && /Traceback \(most recent call last\)|Exception in comm_msg/.test(c.text)) this.errors.push(c.text);
    });
    return true;
  },
  done(path) {
    const p = this.panel(path), k = this.kernel(path);
    if (k && (k.status === 'dead' || k.status === 'autorestarting')) {
      this.errors.push(`the kernel died (status ${k.status}): out of memory?`);
      return true;
    }
    if (!p || !k || k.status !== 'idle') return false;
    for (const e of p.content.node.querySelectorAll('.jp-InputPrompt')) {
      if (e.textContent.includes('*')) return false;
    }
    let pending = 0;
    for (const cell of p.content.widgets) {
      const m = cell.model;
      if (m.type === 'code' && m.sharedModel.getSource().trim() !== '' && m.executionCount == null) pending++;
    }
    return pending === 0 || this.errors.length > 0;
  },
  idle(path) { const k = this.kernel(path); return !!k && k.status === 'idle'; },
  cellErrors(path) {
    const out = [];
    this.panel(path).content.widgets.forEach((cell, i) => {
      if (cell.model.type !== 'code') return;
      for (const o of cell.model.outputs.toJSON()) {
        if (o.output_type === 'error') out.push({cell: i + 1, text: `${o.ename}: ${o.evalue}`});
      }
    });
    return out;
  },
  // Control-to-picture latency, timed in the page with performance.now(): from the first
  // input event the control receives (key, pointer, change) to the demo's new picture being
  // decoded and painted (the first animation frame after its <img> got the new src).
  // Where the time goes, from the kernel's message timestamps (header.date, the same clock
  // on one machine): when the kernel began handling the move (its first "busy" after the
  // input), when it sent the new picture (the first comm message with binary buffers), and
  // when the page received that message.
  arm(control, img) {
    if (this.watch) this.watch.stop();
    const rec = {start: null, src: null, painted: null, changes: 0, kernelIn: null, kernelOut: null, pageIn: null};
    rec.done = new Promise(resolve => { rec.resolve = resolve; });
    const abort = new AbortController();
    const begin = () => { if (rec.start === null) rec.start = performance.now(); };
    for (const type of ['keydown', 'pointerdown', 'mousedown', 'input', 'change', 'click']) {
      control.addEventListener(type, begin, {capture: true, signal: abort.signal});
    }
    const observer = new MutationObserver(() => {
      if (rec.start === null) return;  // a picture from an earlier move, still arriving
      rec.changes++;
      if (rec.src !== null) return;
      rec.src = performance.now();
      const painted = () => requestAnimationFrame(() => { rec.painted = performance.now(); rec.resolve(true); });
      img.decode().then(painted, painted);
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
    rec.stop = () => { observer.disconnect(); abort.abort(); };
    this.watch = rec;
    return true;
  },
  hop(msg) {
    const r = this.watch;
    if (!r || r.start === null) return;
    const at = Date.parse(msg.header.date) - performance.timeOrigin;  // the kernel's clock, as performance.now()
    if (r.kernelIn === null && msg.header.msg_type === 'status' && msg.content.execution_state === 'busy'
        && at >= r.start - 1) r.kernelIn = at;
    if (r.kernelOut === null && msg.header.msg_type === 'comm_msg' && (msg.buffers || []).length) {
      r.kernelOut = at;
      r.pageIn = performance.now();
    }
  },
  timing() {
    const r = this.watch;
    return r ? {start: r.start, src: r.src, painted: r.painted, changes: r.changes, kernelIn: r.kernelIn,
                kernelOut: r.kernelOut, pageIn: r.pageIn} : null;
  },
  whenPainted(ms) {
    // Resolves true once the armed move's picture is painted, false after ms: the test waits for
    // it without polling, so that the page and the test's driver stay quiet while a move is timed.
    return Promise.race([this.watch.done, new Promise(resolve => setTimeout(() => resolve(false), ms))]);
  },
  disarm() { if (this.watch) { this.watch.stop(); this.watch = null; } return true; },
  async pictureDigest(img) {
    // SHA-256 of the PNG bytes the <img> shows (its src is a blob: URL made by ipywidgets)
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
  },
  demoOutputs(path) {
    // Outputs that carry a widget view and its static PNG: what Demo displays.
    let n = 0;
    for (const cell of this.panel(path).content.widgets) {
      if (cell.model.type !== 'code') continue;
      for (const o of cell.model.outputs.toJSON()) {
        const d = o.data || {};
        if (d['application/vnd.jupyter.widget-view+json'] && d['image/png']) n++;
      }
    }
    return n;
  },
};
"""


HOPS = ("to_kernel_ms", "kernel_ms", "to_page_ms", "paint_ms")  # what hops() returns, in order


def hops(timing: dict) -> dict:
    """Where a move's time went (ms), when the kernel's messages told: ``to_kernel_ms`` (input to the
    kernel starting on it: the page, the server and the kernel's queue), ``kernel_ms`` (the kernel's
    handling: callback, drawing, encoding), ``to_page_ms`` (the picture's message through the server
    into the page) and ``paint_ms`` (the page decoding and painting it, from receiving the message)."""
    if None in (timing.get("kernelIn"), timing.get("kernelOut"), timing.get("pageIn")):
        return {}
    return {"to_kernel_ms": round(timing["kernelIn"] - timing["start"], 1),
            "kernel_ms": round(timing["kernelOut"] - timing["kernelIn"], 1),
            "to_page_ms": round(timing["pageIn"] - timing["kernelOut"], 1),
            "paint_ms": round(timing["painted"] - timing["pageIn"], 1)}


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def describe(control) -> str:
    """A readable name for a control: its description (or button text) and its widget kind."""
    return control.evaluate("""e => {
        const texts = [...e.querySelectorAll('.widget-label, .widget-label-basic')]
            .map(x => x.textContent.replace(/\u200b/g, '').trim()).filter(Boolean);
        const text = texts[0] || (e.tagName === 'BUTTON' ? e.textContent.trim() : '') || '(no label)';
        const kind = [...e.classList].filter(c => c.startsWith('widget-') && c !== 'widget-inline-hbox');
        return `${text.slice(0, 40)} [${kind.join(' ') || e.tagName.toLowerCase()}]`;
    }""")


class NotebookRun:
    """One notebook in one fresh page: open, run all, check, move every control.

    ``context`` is a Playwright browser context shared by the session (so the
    JupyterLab bundles come from its cache); each notebook gets its own page.
    """

    def __init__(self, server: LabServer, context, path: str):
        self.server = server
        self.path = path  # relative to the server root, e.g. "notebooks/00_latent_space.ipynb"
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.add_init_script(INIT_SCRIPT)
        self.js_errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.js_errors.append(f"pageerror: {exc}"))
        self.page.on("console", self._console)
        self.timings: dict[str, float] = {}
        # one entry per control move: {"notebook", "demo", "control", "kind", "ms", "src_ms", "redraws"}
        self.latencies: list[dict] = []

    def _console(self, message) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Known-harmless: the test runs offline, so images from other hosts (the
        # Colab and Binder badges at the top of every notebook) fail at the
        # network level. Only that is ignored; any failure from our own server
        # (an HTTP status, or a resource of JupyterLab's) still counts.
        offline = message.text.startswith("Failed to load resource: net::ERR_")
        if offline and url and not url.startswith(self.server.url):
            return
        self.js_errors.append(f"console.error: {message.text} ({url})")

    def call(self, name: str, *args):
        return self.page.evaluate(f"args => window.__le.{name}(...args)", list(args))

    def wait(self, name: str, timeout_ms: int, what: str) -> None:
        try:
            self.page.wait_for_function(f"path => window.__le.{name}(path)", arg=self.path,
                                        timeout=timeout_ms, polling=200)
        except Exception as exc:  # playwright's TimeoutError, reworded
            raise AssertionError(f"{self.path}: {what} within {timeout_ms / 1000:.0f} s "
                                 f"({type(exc).__name__}).\nServer log:\n{self.server.log_tail(15)}") from None

    def kernel_errors(self) -> list[str]:
        return [strip_ansi(e) for e in self.page.evaluate("() => window.__le.errors")]

    def settle(self, delay_ms: int = 0) -> None:
        """Give a control's message ``delay_ms`` to reach the kernel, then wait until it is idle."""
        if delay_ms:
            self.page.wait_for_timeout(delay_ms)
        self.wait("idle", REDRAW_TIMEOUT_MS, "the kernel did not go idle after a control moved")

    # ------------------------------------------------------------------ open and run

    def open_and_run(self) -> None:
        start = time.perf_counter()
        # Start the kernel while the page loads: JupyterLab joins the session it finds for the path.
        self.server.start_session(self.path)
        url = f"{self.server.url}/lab/tree/{self.path}?reset&token={self.server.token}"
        self.page.goto(url, wait_until="domcontentloaded")
        self.wait("ready", 90_000, "the notebook and its kernel were not ready")
        self.call("listen", self.path)
        self.timings["open_s"] = time.perf_counter() - start
        start = time.perf_counter()
        commands = self.page.evaluate("() => window.jupyterapp.commands.listCommands()")
        command = "runmenu:run-all" if "runmenu:run-all" in commands else "notebook:run-all-cells"
        self.page.evaluate(f"() => {{ window.jupyterapp.commands.execute({json.dumps(command)}); }}")
        self.wait("done", RUN_ALL_TIMEOUT_MS, "Run All Cells did not finish")
        self.timings["run_all_s"] = time.perf_counter() - start

    def cell_errors(self) -> list[str]:
        return [f"cell {e['cell']}: {strip_ansi(e['text'])}" for e in self.call("cellErrors", self.path)]

    def wait_for_demos(self) -> int:
        """Wait until every Demo output is drawn as a live widget; return how many."""
        expected = self.call("demoOutputs", self.path)
        demos = self.page.locator(DEMO)
        deadline = time.monotonic() + 30
        while demos.count() < expected and time.monotonic() < deadline:
            self.page.wait_for_timeout(250)
        assert demos.count() >= expected, (
            f"{self.path}: {expected} demo outputs but only {demos.count()} rendered as widgets "
            f"(is the ipywidgets JupyterLab extension installed?)")
        broken = self.page.get_by_text("Error displaying widget")
        assert broken.count() == 0, f"{self.path}: {broken.count()} widget(s) show 'Error displaying widget'"
        return demos.count()

    # ------------------------------------------------------------------ controls

    def move_all_controls(self) -> list[str]:
        """Move every control of every demo; return the names of the controls moved."""
        start = time.perf_counter()
        moved = []
        demos = self.page.locator(DEMO)
        for d in range(demos.count()):
            demo = demos.nth(d)
            title = demo.locator(".widget-html b").first
            title = title.inner_text() if title.count() else f"demo {d + 1}"
            image = demo.locator("img").first
            assert image.count(), f"{self.path}: demo '{title}' has no picture"
            controls = demo.locator(f".{CONTROL}")
            assert controls.count(), f"{self.path}: demo '{title}' has no controls"
            moved_here = 0
            for c in range(controls.count()):
                control = controls.nth(c)
                if control.evaluate(IS_DISABLED):  # greyed out by an earlier move (κ off the bowl, say)
                    continue
                label = describe(control)
                name = f"{title} / {label}"
                moved.append(name)
                self.move_one(control, image, name, demo=title, label=label)
                moved_here += 1
            assert moved_here, f"{self.path}: every control of demo '{title}' is disabled"
        self.timings["controls_s"] = time.perf_counter() - start
        return moved

    def move_one(self, control, image, name: str, *, demo: str = "", label: str = "") -> None:
        classes = set((control.get_attribute("class") or "").split())
        redraws = NO_REDRAW not in classes
        play = "widget-play" in classes
        errors_before = len(self.kernel_errors())
        control.scroll_into_view_if_needed()
        before = image.get_attribute("src")
        control.evaluate("(e, img) => window.__le.arm(e, img)", image.element_handle())
        timing = None
        if play:
            self._click_play(control, image, before, name, redraws)
            timing = self._painted() if redraws else None
        else:
            self._move(control, classes, name)
            if redraws:
                timing = self._painted(REDRAW_TIMEOUT_MS)
                if timing is None:  # no picture came, or it came without an input event: which?
                    self._await_redraw(image, before, name)
        # A new picture means the kernel got the message; otherwise (and after
        # Play, whose last ticks may still be on their way) give it a moment.
        self.settle(0 if redraws and not play else 500)
        record = self.page.evaluate("() => window.__le.timing()")
        self.page.evaluate("() => window.__le.disarm()")
        if timing is not None:
            self.latencies.append({
                "notebook": Path(self.path).stem, "demo": demo, "control": label,
                "kind": "play" if play else "control", "ms": round(timing["painted"] - timing["start"], 1),
                "src_ms": round(timing["src"] - timing["start"], 1), "redraws": record["changes"],
                **hops(timing)})
        new = self.kernel_errors()[errors_before:]
        assert not new, f"{self.path}: moving '{name}' raised in the kernel:\n" + "\n".join(new)

    def _painted(self, timeout_ms: int = 5_000) -> dict | None:
        """The armed move's page timestamps once its new picture is painted (None if none came
        within ``timeout_ms``, or it changed before the input event)."""
        if not self.page.evaluate("ms => window.__le.whenPainted(ms)", timeout_ms):
            return None
        timing = self.page.evaluate("() => window.__le.timing()")
        return timing if timing["start"] is not None else None

    def drag_burst(self, presses: int = 20) -> dict | None:
        """Send ``presses`` values to the first slider of the first demo as fast as the keyboard goes.

        Returns ``{"demo", "control", "values", "redraws", "final_is_last", "ms"}``: how many
        pictures the page showed for the burst (latest value wins keeps that small), whether the
        final picture is the one the last value draws (checked by moving away and back, where
        that picture is reproducible; ``None`` where it is not), and the time from the first key
        to the final picture. ``None`` when no demo on the page has a slider.
        """
        demos, control = self.page.locator(DEMO), None
        for d in range(demos.count()):
            controls = demos.nth(d).locator(f".{CONTROL}")
            for c in range(controls.count()):
                if controls.nth(c).locator(".noUi-handle").count() and not controls.nth(c).evaluate(IS_DISABLED):
                    demo, control = demos.nth(d), controls.nth(c)
                    break
            if control is not None:
                break
        else:
            return None
        title = demo.locator(".widget-html b").first
        title = title.inner_text() if title.count() else f"demo {d + 1}"
        image = demo.locator("img").first
        handle = control.locator(".noUi-handle").first
        control.scroll_into_view_if_needed()
        handle.focus()
        handle.press("Home")  # room to move right
        self.settle(500)
        start_value = handle.get_attribute("aria-valuenow")
        control.evaluate("(e, img) => window.__le.arm(e, img)", image.element_handle())
        for _ in range(presses):
            self.page.keyboard.press("ArrowRight")
        values = float(handle.get_attribute("aria-valuenow")) != float(start_value)
        assert values, f"{self.path}: the slider of '{title}' did not move"
        self._quiet(image)
        record = self.page.evaluate("() => window.__le.timing()")
        self.page.evaluate("() => window.__le.disarm()")
        final = self.call("pictureDigest", image.element_handle())
        digests = []
        for _ in range(2):  # away and back, twice: is the last value's picture reproducible?
            for key in ("ArrowLeft", "ArrowRight"):
                before = image.get_attribute("src")
                self.page.keyboard.press(key)
                self._await_redraw(image, before, f"{title} / slider")
                self.settle(0)
            digests.append(self.call("pictureDigest", image.element_handle()))
        reproducible = digests[0] == digests[1]
        return {"demo": title, "control": describe(control), "values": presses, "redraws": record["changes"],
                "final_is_last": (final == digests[0]) if reproducible else None,
                "ms": round(record["painted"] - record["start"], 1) if record["painted"] else None}

    def play_rates(self, seconds: float = 6.0) -> list[dict]:
        """Press Play on every demo that has one and whose readout counts training steps ("step N").

        Returns, per such demo, ``{"demo", "fps", "steps_per_s", "seconds"}``: the pictures the page
        showed per second while playing, and the training steps per second the readout's count
        grew by, from the first new picture to ``seconds`` later (Play's own interval included).
        """
        rates = []
        demos = self.page.locator(DEMO)
        for d in range(demos.count()):
            demo = demos.nth(d)
            play = demo.locator(f".{CONTROL}.widget-play")
            readout = demo.locator(".widget-html").last
            if not play.count() or not re.search(r"step (\d+)", readout.inner_text()):
                continue
            title = demo.locator(".widget-html b").first
            title = title.inner_text() if title.count() else f"demo {d + 1}"
            image = demo.locator("img").first
            play.first.scroll_into_view_if_needed()
            self.settle(0)
            before = image.get_attribute("src")
            play.first.evaluate("(e, img) => window.__le.arm(e, img)", image.element_handle())
            buttons = play.first.locator("button")
            start_button = play.first.locator("button:has(.fa-play)")
            (start_button.first if start_button.count() else buttons.nth(0)).click()
            try:
                self._await_redraw(image, before, f"{title} / play")
                first = self.page.evaluate("() => [performance.now(), window.__le.timing().changes]")
                steps_first = int(re.search(r"step (\d+)", readout.inner_text()).group(1))
                self.page.wait_for_timeout(int(seconds * 1000))
                last = self.page.evaluate("() => [performance.now(), window.__le.timing().changes]")
                steps_last = int(re.search(r"step (\d+)", readout.inner_text()).group(1))
            finally:
                pause = play.first.locator("button:has(.fa-pause)")
                (pause.first if pause.count() else buttons.nth(1)).click()
                self.page.evaluate("() => window.__le.disarm()")
            elapsed = (last[0] - first[0]) / 1000
            rates.append({"demo": title, "seconds": round(elapsed, 2),
                          "fps": round((last[1] - first[1]) / elapsed, 1),
                          "steps_per_s": round((steps_last - steps_first) / elapsed, 1)})
            self.settle(500)
        return rates

    def _quiet(self, image, quiet_ms: int = 1500) -> None:
        """Wait until the kernel is idle and the picture has not changed for ``quiet_ms``."""
        deadline = time.monotonic() + REDRAW_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            self.settle(0)
            src = image.get_attribute("src")
            self.page.wait_for_timeout(quiet_ms)
            if image.get_attribute("src") == src:
                return
        raise AssertionError(f"{self.path}: the picture kept changing after the burst")

    def _await_redraw(self, image, before: str | None, name: str) -> None:
        try:
            self.page.wait_for_function("([img, before]) => img.getAttribute('src') !== before",
                                        arg=[image.element_handle(), before], timeout=REDRAW_TIMEOUT_MS,
                                        polling=100)
        except Exception:
            errors = self.kernel_errors()
            if errors:
                raise AssertionError(f"{self.path}: moving '{name}' raised in the kernel:\n"
                                     + "\n".join(errors)) from None
            raise AssertionError(
                f"{self.path}: moving '{name}' did not change the demo's picture within "
                f"{REDRAW_TIMEOUT_MS / 1000:.0f} s (give it class {NO_REDRAW} via Demo(no_redraw=...) "
                f"if that is intended)") from None

    def _move(self, control, classes: set, name: str) -> None:
        tag = control.evaluate("e => e.tagName")
        if control.locator(".noUi-handle").count():      # IntSlider, FloatSlider, FloatLogSlider, SelectionSlider
            handle = control.locator(".noUi-handle").first
            value = handle.get_attribute("aria-valuenow")
            handle.focus()
            handle.press("End")
            if handle.get_attribute("aria-valuenow") == value:  # it was at the end already
                handle.press("Home")
            assert handle.get_attribute("aria-valuenow") != value, f"{self.path}: slider '{name}' does not move"
        elif control.locator("select").count():            # Dropdown
            select = control.locator("select").first
            n = select.locator("option").count()
            assert n > 1, f"{self.path}: dropdown '{name}' has only {n} option(s)"
            index = select.evaluate("s => s.selectedIndex")
            select.select_option(index=(index + 1) % n)
        elif "widget-toggle-buttons" in classes:           # ToggleButtons
            other = control.locator("button.widget-toggle-button:not(.mod-active)")
            assert other.count(), f"{self.path}: toggle buttons '{name}' have no other choice"
            other.first.click()
        elif control.locator("input[type=checkbox]").count():  # Checkbox
            control.locator("input[type=checkbox]").first.click()
        elif tag == "BUTTON":                               # a Demo button
            control.click()
        else:
            raise AssertionError(f"{self.path}: the browser test does not know how to move '{name}' "
                                 f"(classes {sorted(classes)}); teach tests/browser_helpers.py")

    def _click_play(self, control, image, before, name: str, redraws: bool) -> None:
        buttons = control.locator("button")
        play = control.locator("button:has(.fa-play)")
        pause = control.locator("button:has(.fa-pause)")
        (play.first if play.count() else buttons.nth(0)).click()
        try:
            if redraws:
                self._await_redraw(image, before, name)
            else:
                self.page.wait_for_timeout(1000)
        finally:
            (pause.first if pause.count() else buttons.nth(1)).click()

    def close(self) -> None:
        try:
            self.page.close()
        finally:
            self.server.shutdown_kernels(self.path)
