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

A demo that must answer quickly draws the parts of its picture that do not
move (axes, ticks, labels, fixed curves) once, as a :class:`Backdrop`, and
adds only what moved on top of it: making axes and tick labels is most of
matplotlib's time, and a backdrop skips both. The picture is then made with
matplotlib's blitting on the Agg canvas: the backdrops a draw laid are
rendered once into a background (``copy_from_bbox``), and each redraw
restores it (``restore_region``) and draws only the artists that moved, in
the order a full draw would; the pixels are the same as a full draw's. The
PNG is encoded from ``canvas.buffer_rgba()`` by Pillow at a lower compression
level than ``print_png``'s default (RGB when the picture is opaque): faster,
and about as small.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import sys
import time
import traceback
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from typing import Callable, Mapping

import ipywidgets as w
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import BboxImage, FigureImage
from PIL import Image
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, BboxTransform, Transform, TransformedBbox

__all__ = ["Backdrop", "CONTROL_CLASS", "DEMO_CLASS", "Demo", "DivergenceGuard", "NO_REDRAW_CLASS", "registered_demos",
           "register"]

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

# zlib level for the demo's PNG. Measured over every move of the one-neuron lab and the optimizer
# race (720x304 and 760x336 px, CPU time, median): RGB at level 3 encodes in 5.8 / 7.2 ms to
# 37 / 58 kB; RGBA at level 6 (print_png's way) took 10.2 / 12.1 ms for 37 / 68 kB; level 1 is
# no faster than 3 (the row filters, not zlib, take most of the time) and 10-15 % larger.
PNG_COMPRESS_LEVEL = 3
BACKGROUNDS_KEPT = 8  # rendered backgrounds a demo keeps (one per combination of backdrops)

# The backdrops laid on each figure, with the artist that carries their pixels in a full draw.
_LAID: "weakref.WeakKeyDictionary[Figure, list[tuple[Backdrop, _Layer]]]" = weakref.WeakKeyDictionary()

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
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return encode_png(canvas.buffer_rgba())


def encode_png(rgba) -> bytes:
    """PNG bytes of an RGBA buffer (``canvas.buffer_rgba()``): RGB when every pixel is opaque."""
    pixels = np.asarray(rgba)
    opaque = bool((pixels[..., 3] == 255).all())
    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3]) if opaque else pixels, "RGB" if opaque else "RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
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
        """Put the backdrop on ``fig``; return, per named axes, a transform from its data to ``fig``.

        A full draw of ``fig`` pastes the pixels; a :class:`Demo` restores them from a background
        it rendered once instead (see :func:`render_png`).
        """
        layer = _Layer(self)
        fig.add_artist(layer)
        _LAID.setdefault(fig, []).append((self, layer))
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


class _Layer(Artist):
    """A backdrop's pixels on a figure, beneath everything else (zorder -1).

    A full draw pastes them as ``fig.figimage(pixels, ...)`` would (the image is made only
    then: building it costs more than a blitted redraw saves by not pasting); a :class:`Demo`
    restores them from a background it rendered once instead (:func:`render_png`).
    """

    zorder = -1

    def __init__(self, backdrop: "Backdrop"):
        super().__init__()
        self.backdrop = backdrop

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        image = FigureImage(self.figure, offsetx=self.backdrop.offset[0], offsety=self.backdrop.offset[1],
                            origin="upper", zorder=self.get_zorder())
        image.set_array(self.backdrop.pixels)  # as Figure.figimage does
        image.set_clim(None, None)
        image.draw(renderer)
        self.stale = False


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


def render_png(fig: Figure, backgrounds: OrderedDict | None = None) -> bytes:
    """The figure as PNG bytes; blitted over its backdrops where it has them.

    When ``fig`` has backdrops laid on it (:meth:`Backdrop.lay`), no axes, and nothing else
    beneath the backdrops, the backdrops are rendered once into a background, kept in
    ``backgrounds`` (at most ``BACKGROUNDS_KEPT``), and every later picture restores that
    background (``restore_region``) and draws only the other artists, in the order and with
    the renderer a full draw uses: the same pixels, without pasting the backdrops each time.
    Otherwise (or without ``backgrounds``) the figure is drawn in full.
    """
    canvas = FigureCanvasAgg(fig)
    laid = _LAID.get(fig, [])
    layers = {id(image) for _backdrop, image in laid}
    others = [a for a in fig.get_children() if a is not fig.patch and id(a) not in layers]
    lowest = max((image.get_zorder() for _backdrop, image in laid), default=0)
    if backgrounds is None or not laid or fig.axes or any(a.get_zorder() <= lowest for a in others):
        canvas.draw()
        return encode_png(canvas.buffer_rgba())
    renderer = canvas.get_renderer()
    renderer.restore_region(_background(fig, [backdrop for backdrop, _image in laid], backgrounds))
    for artist in sorted((a for a in others if not a.get_animated()), key=lambda a: a.get_zorder()):
        fig.draw_artist(artist)  # what Figure.draw does for each, after the patch and the backdrops
    fig.stale = False
    return encode_png(renderer.buffer_rgba())


def _background(fig: Figure, backdrops: list[Backdrop], kept: OrderedDict):
    """The figure's patch and its backdrops, drawn once (in full) and copied: a ``BufferRegion``."""
    width, height = fig.canvas.get_width_height()
    key = (tuple(id(b) for b in backdrops), width, height, fig.dpi, tuple(fig.get_facecolor()),
           tuple(fig.get_edgecolor()), fig.patch.get_linewidth(), fig.patch.get_visible())
    if key in kept:
        kept.move_to_end(key)
        return kept[key][0]
    base = Figure(figsize=fig.get_size_inches(), dpi=fig.dpi, facecolor=fig.get_facecolor(),
                  edgecolor=fig.get_edgecolor(), linewidth=fig.patch.get_linewidth())
    base.patch.set_visible(fig.patch.get_visible())
    for backdrop in backdrops:
        backdrop.lay(base)
    canvas = FigureCanvasAgg(base)
    canvas.draw()
    kept[key] = (canvas.copy_from_bbox(base.bbox), backdrops)  # the backdrops keep their ids unique
    while len(kept) > BACKGROUNDS_KEPT:
        kept.popitem(last=False)
    return kept[key][0]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running in this thread (a Jupyter kernel's), or None (a test, a script)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


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
