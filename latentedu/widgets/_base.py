"""The one shape every widget demo shares: controls, a pure drawing, a picture.

A demo has a ``draw`` function that fills a fresh matplotlib ``Figure`` (no
pyplot state) from the current control values. On every change a figure is
drawn and shown as a PNG in an ``ipywidgets.Image``, so the demo needs no
ipympl and works in JupyterLab, Notebook 7, VS Code and Colab (ipywidgets 7.7
and 8). The same PNG is part of the cell's stored output, so a notebook read
on GitHub, or anywhere widgets do not render, still shows a picture.

Tests and the benchmark drive a demo without a browser: set a control's
``.value`` (or ``.click()`` a button) and read ``demo.png`` and ``demo.last_ms``.

A demo that must answer quickly draws the parts of its picture that do not
move (axes, ticks, labels, fixed curves) once, as a :class:`Backdrop`, and
adds only what moved on top of it: making axes and tick labels is most of
matplotlib's time, and a backdrop skips both.
"""

from __future__ import annotations

import base64
import html
import io
import time
from contextlib import contextmanager
from typing import Callable, Mapping

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import BboxImage
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, BboxTransform, Transform, TransformedBbox

__all__ = ["Backdrop", "CONTROL_CLASS", "DEMO_CLASS", "Demo", "DivergenceGuard", "NO_REDRAW_CLASS", "registered_demos",
           "register"]

DEMO_CLASS = "le-demo"            # the demo's outer box
CONTROL_CLASS = "le-control"      # every control the browser test must move
NO_REDRAW_CLASS = "le-no-redraw"  # a control that need not change the picture (pause, say)

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


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, drawn with Agg (no pyplot, no display)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


class Backdrop:
    """The unchanging part of a demo's picture, rendered once to pixels.

    ``draw_static(fig)`` draws the frames, ticks, labels and fixed data on a
    figure of the demo's size and returns ``{name: Axes}`` for the axes that
    moving parts are placed in. Each redraw calls :meth:`lay` on its fresh
    figure, which pastes the pixels and gives, per named axes, a transform from
    its data coordinates to the figure; what moved is added with
    ``fig.add_artist(artist)`` (or ``fig.text``) using that transform.

    A ``transparent`` backdrop keeps only what it drew, so that several can be
    laid on one figure: panels that change with different controls (the race's
    contours with κ, its loss frame with the surface) are then drawn apart.
    """

    def __init__(self, draw_static: Callable[[Figure], Mapping[str, object]], figsize, dpi: int = 80, *,
                 transparent: bool = False):
        figure = Figure(figsize=figsize, dpi=dpi, facecolor="none" if transparent else "white")
        axes = draw_static(figure)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())  # (height, width, 4)
        self.offset = (0, 0)  # pixels right and up from the figure's lower-left corner
        if transparent:  # keep only the part that was drawn on: less to paste
            rows, cols = np.flatnonzero(pixels[..., 3].any(axis=1)), np.flatnonzero(pixels[..., 3].any(axis=0))
            if len(rows):
                self.offset = (int(cols[0]), int(pixels.shape[0] - 1 - rows[-1]))
                pixels = pixels[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        self.pixels = pixels.copy()
        # (figure-fraction box, data limits) of each axes: enough to place things in its data coordinates
        self.places = {}
        for name, ax in axes.items():
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            self.places[name] = (ax.get_position().frozen(), Bbox.from_extents(x0, y0, x1, y1))

    def lay(self, fig: Figure) -> dict[str, Transform]:
        """Put the backdrop on ``fig``; return, per named axes, a transform from its data to ``fig``."""
        fig.figimage(self.pixels, *self.offset, origin="upper", zorder=-1)
        return {name: self.lay_transform(fig, name) for name in self.places}

    def limits(self, name: str) -> Bbox:
        """The data limits of a named axes (``x0, y0, x1, y1``)."""
        return self.places[name][1]

    def area(self, fig: Figure, name: str) -> TransformedBbox:
        """The named axes' area on ``fig``: a clip box, so that what moved stays inside its frame."""
        return TransformedBbox(self.places[name][0], fig.transFigure)

    def top_centre(self, name: str) -> tuple[float, float]:
        """Figure-fraction point just above the middle of an axes (where its title goes)."""
        box = self.places[name][0]
        return (box.x0 + box.x1) / 2, box.y1 + 0.015

    def image(self, fig: Figure, name: str, data, extent, *, limits=None, **kwargs) -> BboxImage:
        """Show ``data`` filling ``extent = (left, right, bottom, top)`` of the named axes' data
        coordinates (or of ``limits``, as in :meth:`lay_transform`), row 0 at the top of the screen
        whichever way the y axis runs; NaN or masked pixels stay transparent. ``kwargs`` go to
        ``BboxImage`` (``cmap``, ``norm``, ...)."""
        left, right, bottom, top = extent
        # BboxImage puts row 0 at the box's y0 edge, taken in data order whichever way the axis runs:
        # y0 the larger value puts it on top (tests/test_widgets.py checks both directions)
        box = Bbox.from_extents(left, max(bottom, top), right, min(bottom, top))
        picture = BboxImage(TransformedBbox(box, self.lay_transform(fig, name, limits)), origin="lower", **kwargs)
        picture.set_data(np.ma.masked_invalid(data))
        fig.add_artist(picture)
        return picture

    def x_labels(self, fig: Figure, name: str, values, limits, *, fontsize: float = 10) -> None:
        """Tick labels under the named axes at the data x ``values``, for a panel whose x range
        (``limits``, as in :meth:`lay_transform`) changes with each draw, so its ticks cannot be
        part of the backdrop."""
        to_fig = self.lay_transform(fig, name, limits)
        for value in values:
            x, y = to_fig.transform((value, limits[2]))
            fig.text(x, y - 4, str(value), ha="center", va="top", fontsize=fontsize, transform=None)  # pixels

    def points(self, fig: Figure, name: str, xy, labels, *, size: float = 8.0, alpha: float = 0.8,
               limits=None) -> None:
        """2-D points in the named axes, coloured by class as :func:`latentedu.plotting.plot_points`
        colours them (``size`` is its marker area in points squared)."""
        from ..plotting import CLASS_COLORS

        to_fig, area = self.lay_transform(fig, name, limits), self.area(fig, name)
        xy, labels = np.asarray(xy), np.asarray(labels)
        for label in np.unique(labels):
            inside = labels == label
            fig.add_artist(Line2D(xy[inside, 0], xy[inside, 1], ls="none", marker="o", ms=size ** 0.5, mew=0,
                                  alpha=alpha, color=CLASS_COLORS[int(label) % len(CLASS_COLORS)],
                                  transform=to_fig, clip_box=area))

    def lay_transform(self, fig: Figure, name: str, limits=None) -> Transform:
        """The transform :meth:`lay` gives for one axes (without pasting the pixels again); with
        ``limits = (x0, x1, y0, y1)``, one that fits those data limits to the axes instead (for a
        panel without ticks whose range changes with what it shows)."""
        box, stored = self.places[name]
        if limits is not None:
            stored = Bbox.from_extents(limits[0], limits[2], limits[1], limits[3])
        return BboxTransform(stored, box) + fig.transFigure


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
        for name, control in self.controls.items():
            if hasattr(control, "value") and not isinstance(control, w.Button):
                callback = (on_change or {}).get(name)
                control.observe(lambda change, cb=callback: self._act(cb, change["new"]), names="value")
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
        self.png = figure_png(self.figure)
        self.image.value = self.png
        self.readout.value = text or ""
        self.last_ms = (time.perf_counter() - start) * 1000

    def _act(self, callback: Callable | None, *args) -> None:
        with self.holding():  # the controls a callback moves redraw once, after it
            if callback is not None:
                callback(*args)
            self.update()

    def _repr_mimebundle_(self, include=None, exclude=None):
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


class DivergenceGuard:
    """Keeps a training demo alive when a learning rate is too large, and says what happened.

    A trainer whose loss becomes infinite raises ``FloatingPointError`` (as
    :meth:`latentedu.neurons.Playground.step` and ``latentedu.gan.GAN``'s steps
    do). Run the training steps through :meth:`train`, which catches it; the
    next ``draw`` calls :meth:`reset_if_diverged`, which resets the model and
    returns a warning to put before the readout (``""`` when all went well)::

        guard = DivergenceGuard("the network")
        ... Demo(..., buttons={"step": lambda: guard.train(model.step, 5)})
        def draw(fig, ...):
            warning = guard.reset_if_diverged(model.reset)
            ...
            return warning + readout
    """

    def __init__(self, model: str = "the network", loss: str = "the loss"):
        self.message = (f"Training diverged ({loss} became infinite), so {model} was reset: "
                        "lower the learning rate. ")
        self.error: str | None = None  # the trainer's own message, until the next draw

    def train(self, step: Callable[..., object], *args) -> None:
        """``step(*args)``, remembering a divergence instead of raising it."""
        try:
            step(*args)
        except FloatingPointError as exc:
            self.error = str(exc)

    def reset_if_diverged(self, reset: Callable[[], object]) -> str:
        """After a divergence, call ``reset()`` and return the warning; otherwise return ``""``."""
        if self.error is None:
            return ""
        self.error = None
        reset()
        return self.message
