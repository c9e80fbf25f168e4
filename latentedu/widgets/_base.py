"""The one shape every widget demo shares: controls, a pure drawing, a picture.

A demo has a ``draw`` function that fills a fresh matplotlib ``Figure`` (no
pyplot state) from the current control values. On every change a figure is
drawn and shown as a PNG in an ``ipywidgets.Image``, so the demo needs no
ipympl and works in JupyterLab, Notebook 7, VS Code and Colab (ipywidgets 7.7
and 8). The same PNG is part of the cell's stored output, so a notebook read
on GitHub, or anywhere widgets do not render, still shows a picture.

Tests and the benchmark drive a demo without a browser: set a control's
``.value`` (or ``.click()`` a button) and read ``demo.png`` and ``demo.last_ms``.

Latest value wins. A value that comes from the page while the kernel's event
loop runs is not drawn inside the comm message's handler: the demo notes which
control moved and draws once the messages already waiting have been handled,
with the controls' values at that moment. Dragging a slider (or a Play that
ticks faster than the demo draws) therefore never replays a backlog: the
front end's own throttle (one message in flight per widget, the newest state
sent when the kernel goes idle) covers the usual case, and this covers the
messages that do pile up. A value set from Python, or any change with no
running event loop (tests, scripts, a console), is drawn at once, so
``demo.png`` is fresh right after ``control.value = x``.

The pictures themselves (backdrops, blitting, PNG encoding) are made in
:mod:`._rendering`; :class:`DivergenceGuard` lives in :mod:`._guard`.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import html
import sys
import time
import traceback
from collections import OrderedDict
from contextlib import contextmanager
from typing import Callable, Mapping

import ipywidgets as w
from matplotlib.figure import Figure

from ._guard import DivergenceGuard
from ._rendering import Backdrop, digits_frame, figure_png, render_png

__all__ = ["Backdrop", "CONTROL_CLASS", "DEMO_CLASS", "Demo", "DivergenceGuard", "NO_REDRAW_CLASS", "digits_frame",
           "figure_png", "registered_demos", "register", "render_png"]

DEMO_CLASS = "le-demo"            # the demo's outer box
CONTROL_CLASS = "le-control"      # every control the browser test must move
NO_REDRAW_CLASS = "le-no-redraw"  # a control that need not change the picture (pause, say)

# Latest value wins (see the module docstring). A comm message is handled in about a millisecond,
# so values that piled up while the demo drew arrive less than SETTLE_S apart: the redraw waits
# until SETTLE_S passes without a new one (never longer than MAX_WAIT_S). A value that comes
# when nothing was drawn for RECENT_S cannot be part of a pile and is drawn at the next turn of
# the event loop, without waiting.
SETTLE_S = 0.006
MAX_WAIT_S = 0.05
RECENT_S = 0.03

_REGISTRY: dict[str, Callable[..., "Demo"]] = {}


def register(factory: Callable[..., "Demo"]) -> Callable[..., "Demo"]:
    """Record a demo factory so the benchmark and the tests can find every demo."""
    _REGISTRY[f"{factory.__module__.rsplit('.', 1)[-1]}.{factory.__name__}"] = factory
    return factory


def registered_demos() -> dict[str, Callable[..., "Demo"]]:
    """Every registered demo factory, after importing each module of this package."""
    import importlib
    import pkgutil

    from .. import widgets

    for module in pkgutil.iter_modules(widgets.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{widgets.__name__}.{module.name}")
    return dict(_REGISTRY)


class Demo:
    """A widget demo: ``controls`` change the values, ``draw(fig, **values)`` draws.

    ``draw`` may return a short text (Markdown-free HTML-safe string) that is
    shown under the picture, e.g. the numbers the current settings give.
    ``buttons`` are extra actions (``{"label": callback}``); a callback changes
    the demo's state and the picture is drawn again afterwards. ``on_change``
    maps a control's name to a callback run with its new value before the
    redraw (a ``Play`` control that trains a few steps per tick, say).
    Controls named in ``no_redraw`` may leave the picture as it is (a pause
    button); the browser test only checks they raise no error.

    The figure has no layout engine by default: a constrained layout can cost
    as much as the drawing itself, which would break the 100 ms budget of a
    callback. ``draw`` sets its own margins (``fig.subplots_adjust``), or pass
    ``layout="constrained"`` for a demo that redraws rarely.
    """

    def __init__(self, title: str, controls: Mapping[str, w.Widget], draw: Callable[..., str | None], *,
                 buttons: Mapping[str, Callable[[], None]] | None = None, figsize=(9.0, 4.0), dpi: int = 80,
                 on_change: Mapping[str, Callable[[object], None]] | None = None,
                 no_redraw: tuple[str, ...] = (), layout: str | None = None):
        self.title = title
        self.controls = dict(controls)
        self._draw = draw
        self._figure_args = {"figsize": figsize, "dpi": dpi, "layout": layout}
        self.figure = Figure(**self._figure_args)
        self.image = w.Image(format="png", layout=w.Layout(width=f"{figsize[0] * dpi:.0f}px"))
        self.readout = w.HTML()
        self.last_ms = 0.0
        self.png = b""
        self._holding = 0     # how many ``holding()`` blocks are open
        self._stale = False   # a redraw was asked for while holding
        self.buttons: dict[str, w.Button] = {}
        for label, callback in (buttons or {}).items():
            button = w.Button(description=label, layout=w.Layout(width="auto"))
            button.on_click(lambda _button, cb=callback: self._act(cb))
            self.buttons[label] = button
        for name, control in [*self.controls.items(), *self.buttons.items()]:
            control.add_class(CONTROL_CLASS)
            if name in no_redraw:
                control.add_class(NO_REDRAW_CLASS)
        self._on_change = dict(on_change or {})
        self._waiting: dict[str, None] = {}  # controls moved in the page, not drawn yet (in order)
        self._flush_at: float | None = None  # when the scheduled redraw was asked for, or None
        self._moved_at = 0.0   # when the last value came from the page
        self._drawn_at = 0.0   # when the last picture was finished
        self.redraws = 0       # pictures drawn so far (the tests count them)
        self._backgrounds: OrderedDict = OrderedDict()  # rendered backdrops, see render_png
        for name, control in self.controls.items():
            if hasattr(control, "value") and not isinstance(control, w.Button):
                control.observe(lambda change, key=name: self._changed(key, change), names="value")
        rows = [w.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        rows.append(w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")))
        if self.buttons:
            rows.append(w.HBox(list(self.buttons.values())))
        rows += [self.image, self.readout]
        self.widget = w.VBox(rows)
        self.widget.add_class(DEMO_CLASS)
        self.update()

    @property
    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items() if hasattr(c, "value")}

    @contextmanager
    def holding(self):
        """Change several controls inside ``with demo.holding():`` and redraw once, afterwards.

        Works anywhere: in an ``on_change`` callback, a button's callback or a notebook cell.
        Blocks may nest; the redraw comes when the outermost one ends, and only if a change
        asked for one. When the block raises, the error propagates and nothing is redrawn.
        """
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding and self._stale:
            self.update()

    def update(self) -> None:
        """Draw the figure for the current values (what every control change calls).

        A ``ValueError`` from ``draw`` (an impossible combination of settings) is shown in the
        readout in red; any other error is a bug and propagates.
        """
        if self._holding:
            self._stale = True
            return
        self._stale = False
        start = time.perf_counter()
        # A new figure for every picture: clearing the old one was slower, and a draw that failed
        # half-way could leave it in a state that broke the next clear (seen once in the browser).
        self.figure = Figure(**self._figure_args)
        try:
            text = self._draw(self.figure, **self.values)
        except ValueError as exc:  # an impossible combination of settings
            text = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
        self.png = render_png(self.figure, self._backgrounds)
        self.image.value = self.png
        self.readout.value = text or ""
        self.redraws += 1
        self._drawn_at = time.perf_counter()
        self.last_ms = (self._drawn_at - start) * 1000

    def _act(self, callback: Callable | None, *args) -> None:
        with self.holding():  # the controls a callback moves redraw once, after it
            if callback is not None:
                callback(*args)
            self.update()

    def _changed(self, name: str, change) -> None:
        """A control's value changed: redraw now, or (from the page, in a kernel) once settled."""
        control = self.controls[name]
        loop = _running_loop()
        from_page = "value" in getattr(control, "_property_lock", {})  # ipywidgets 7 and 8 lock what the page sent
        # A Play's ticks are drawn in their own message's handler, as before: the front end sends the newest
        # tick only once the kernel is idle, so they never pile up; and the GAN lab's kernel died (a segfault
        # in libtorch_python) when its Play trained and drew outside the handler (JupyterLab 4.6, ipykernel
        # 7.4), which the sliders and the network playground's Play did not do. Not understood yet.
        if loop is None or not from_page or self._holding or isinstance(control, w.Play):
            self._act(self._on_change.get(name), change["new"])
            return
        now = time.perf_counter()
        self._moved_at = now
        self._waiting[name] = None
        if self._flush_at is None:
            self._flush_at = now
            if now - self._drawn_at > RECENT_S:  # nothing drawn lately: no pile to wait for
                loop.call_soon(self._flush, loop, False)
            else:
                loop.call_later(SETTLE_S, self._flush, loop, True)

    def _flush(self, loop, settle: bool) -> None:
        """Draw once for every control moved since the last picture, with their latest values."""
        now = time.perf_counter()
        if settle and now - self._moved_at < SETTLE_S and now - self._flush_at < MAX_WAIT_S:
            loop.call_later(SETTLE_S - (now - self._moved_at), self._flush, loop, True)  # more are coming
            return
        moved, self._waiting, self._flush_at = list(self._waiting), {}, None
        try:
            with self.holding():
                for name in moved:
                    callback = self._on_change.get(name)
                    if callback is not None:
                        callback(self.controls[name].value)
                self.update()
        except Exception:  # no comm handler above us to show it: print it, as ipywidgets prints its own
            traceback.print_exc(file=sys.stderr)

    def _repr_mimebundle_(self, include=None, exclude=None):
        _settle_heap()
        bundle = {
            "text/plain": f"{self.title} (an interactive demo: run the notebook to use its controls)",
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2, "version_minor": 0, "model_id": self.widget.model_id},
        }
        return bundle

    def _ipython_display_(self):  # ipywidgets 7 front ends look for this hook first
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)


def _settle_heap() -> None:
    """Collect the garbage, then leave every object alive now out of later collections.

    A lesson's kernel holds 300,000-550,000 objects (torch, scikit-learn, the lesson's data).
    Each picture leaves some cyclic garbage behind, and every so often Python's collector
    then walks the whole heap: a control move measured at 25 ms took 230-260 ms once in
    60-80 moves (the network playground, the GAN lab in lesson 06's kernel). Frozen objects
    are never walked (``gc.freeze``), so those pauses go; anything frozen that turns into
    cyclic garbage later waits for the next demo shown, which unfreezes and collects first.
    Called when a demo is shown in a notebook, where it costs one full collection.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running in this thread (a Jupyter kernel's), or None (a test, a script)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
