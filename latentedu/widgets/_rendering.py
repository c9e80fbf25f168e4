"""How a demo's picture is made: pre-drawn backdrops, blitting, PNG encoding.

A demo that must answer quickly draws the parts of its picture that do not
move (axes, ticks, labels, fixed curves) once, as a :class:`Backdrop`, and
adds only what moved on top of it: making axes and tick labels is most of
matplotlib's time, and a backdrop skips both. The picture is then made with
matplotlib's blitting on the Agg canvas: the backdrops a draw laid are
rendered once into a background (``copy_from_bbox``), and each redraw
restores it (``restore_region``) and draws only the artists that moved, in
the order a full draw would; the pixels are the same as a full draw's. The
PNG is encoded from ``canvas.buffer_rgba()`` with unfiltered rows at a low
zlib level (RGB when the picture is opaque): twice as fast as Pillow's
encoder, and about as small.
"""

from __future__ import annotations

import struct
import weakref
import zlib
from collections import OrderedDict
from typing import Callable, Mapping

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.image import BboxImage, FigureImage
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, BboxTransform, Transform, TransformedBbox

__all__ = ["BACKGROUNDS_KEPT", "Backdrop", "PNG_COMPRESS_LEVEL", "digits_frame", "encode_png", "figure_png",
           "render_png"]

# zlib level for the demo's PNG, whose rows are stored unfiltered. Pillow's encoder spends most of
# its time choosing a filter for each row: on the first picture of each of the 15 demos it took
# 2.3-8.4 ms at level 3, this one 1.2-4.2 ms (1.8-2.3x faster) for 0.83-1.02 times the bytes
# (benchmarks/png_encoding.py). Levels 1 and 2 are no faster than 3; level 6 takes 1.6x as long.
PNG_COMPRESS_LEVEL = 3
BACKGROUNDS_KEPT = 16  # rendered backgrounds a demo keeps, one per combination of backdrops (at most 1 MB each)

# The backdrops laid on each figure, with the artist that carries their pixels in a full draw.
_LAID: "weakref.WeakKeyDictionary[Figure, list[tuple[Backdrop, _Layer]]]" = weakref.WeakKeyDictionary()


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, drawn with Agg (no pyplot, no display)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return encode_png(canvas.buffer_rgba())


def encode_png(rgba) -> bytes:
    """PNG bytes of an RGBA buffer (``canvas.buffer_rgba()``): RGB when every pixel is opaque."""
    pixels = np.asarray(rgba)
    opaque = bool((pixels[..., 3] == 255).all())
    if opaque:
        pixels = pixels[..., :3]
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # each row starts with its filter: 0, none
    rows[:, 1:] = pixels.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)  # 8 bits, RGB or RGBA
    return b"".join([b"\x89PNG\r\n\x1a\n", _png_chunk(b"IHDR", header),
                     _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESS_LEVEL)), _png_chunk(b"IEND", b"")])


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


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

    def digits(self, fig: Figure, name: str, images, n_cols: int) -> BboxImage:
        """Square images tiled in the named axes (a :func:`digits_frame`), as
        :func:`latentedu.plotting.plot_digits` shows them on an axes."""
        from ..plotting import digit_mosaic

        mosaic = digit_mosaic(np.clip(images, 0, 1), n_cols)
        height, width = mosaic.shape
        return self.image(fig, name, mosaic, (-0.5, width - 0.5, height - 0.5, -0.5), cmap="gray_r",
                          norm=Normalize(0, 1), interpolation="nearest")

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


def digits_frame(ax, images, n_cols: int):
    """An empty, frameless axes shaped as ``imshow`` of ``digit_mosaic(images, n_cols)`` would shape it:
    the place of :meth:`Backdrop.digits` in a backdrop's ``draw_static``."""
    from ..plotting import digit_mosaic

    height, width = digit_mosaic(images, n_cols).shape
    ax.set(xlim=(-0.5, width - 0.5), ylim=(height - 0.5, -0.5), aspect="equal")
    ax.set_axis_off()
    return ax


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
