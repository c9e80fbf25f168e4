"""Every registered demo, driven without a browser: each control changes the picture."""

import importlib.util
from pathlib import Path

import ipywidgets as w
import pytest

from latentedu.widgets import Demo, registered_demos
from latentedu.widgets._base import CONTROL_CLASS, NO_REDRAW_CLASS

DEMOS = registered_demos()

# How a control moves to another value: the same rule scripts/demo_pictures.py uses.
_spec = importlib.util.spec_from_file_location("demo_pictures", Path(__file__).resolve().parents[1] / "scripts"
                                               / "demo_pictures.py")
_demo_pictures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_demo_pictures)
_other_value = _demo_pictures.other_value


def test_demo_base_redraws_and_shows_a_static_picture():
    def draw(fig, a, flag):
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, a])
        return f"a = {a}" + (" (flag)" if flag else "")

    demo = Demo("toy", {"a": w.FloatSlider(value=1.0, min=0, max=2), "flag": w.Checkbox(False)}, draw,
                buttons={"double": lambda: setattr(demo.controls["a"], "value", 2.0)})
    first = demo.png
    demo.controls["a"].value = 0.5
    assert demo.png != first and demo.readout.value == "a = 0.5" and demo.last_ms > 0
    demo.buttons["double"].click()
    assert demo.readout.value == "a = 2.0"
    bundle = demo._repr_mimebundle_()
    assert {"image/png", "text/plain", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert CONTROL_CLASS in demo.controls["a"]._dom_classes


def test_demo_reports_impossible_settings_in_its_readout():
    def draw(fig, a):
        if a > 1:
            raise ValueError("a must be at most 1")
        fig.add_subplot().plot([0, a])

    demo = Demo("toy", {"a": w.FloatSlider(value=0.5, min=0, max=2)}, draw)
    demo.controls["a"].value = 2
    assert "at most 1" in demo.readout.value


def test_a_programming_error_in_draw_fails_instead_of_showing_in_the_readout():
    def draw(fig, a):
        if a > 1:
            return len(a)  # a bug: TypeError
        fig.add_subplot().plot([0, a])

    demo = Demo("toy", {"a": w.FloatSlider(value=0.5, min=0, max=2)}, draw)
    with pytest.raises(TypeError):
        demo.controls["a"].value = 2
    with pytest.raises(TypeError):
        Demo("toy", {"a": w.FloatSlider(value=2.0, min=0, max=2)}, draw)


def _counting_demo(**kwargs):
    draws = []

    def draw(fig, a, b):
        draws.append((a, b))
        fig.add_subplot().plot([0, 1], [a, b])
        return f"{a} {b}"

    controls = {"a": w.FloatSlider(value=0.0, min=0, max=2), "b": w.FloatSlider(value=0.0, min=0, max=2)}
    return Demo("toy", controls, draw, **kwargs), draws


def test_holding_redraws_once_afterwards_outside_callbacks_too():
    demo, draws = _counting_demo()
    draws.clear()
    first = demo.png
    with demo.holding():
        demo.controls["a"].value = 1.0
        with demo.holding():  # nested blocks redraw once, when the outermost ends
            demo.controls["b"].value = 2.0
        assert draws == [] and demo.png == first
    assert draws == [(1.0, 2.0)] and demo.png != first and demo.readout.value == "1.0 2.0"
    with demo.holding():  # nothing changed: nothing to redraw
        pass
    assert len(draws) == 1
    with pytest.raises(RuntimeError), demo.holding():
        demo.controls["a"].value = 0.5
        raise RuntimeError("stop")
    assert len(draws) == 1  # a block that failed leaves the picture alone
    demo.controls["b"].value = 1.0
    assert draws[-1] == (0.5, 1.0)  # and the next change draws as usual


def test_a_callback_that_moves_other_controls_redraws_once():
    demo, draws = _counting_demo(buttons={"both": lambda: (setattr(demo.controls["a"], "value", 2.0),
                                                           setattr(demo.controls["b"], "value", 2.0))},
                                 on_change={"a": lambda value: setattr(demo.controls["b"], "value", value / 2)})
    draws.clear()
    demo.controls["a"].value = 1.0  # its callback moves b as well
    assert draws == [(1.0, 0.5)]
    demo.buttons["both"].click()
    assert draws[1:] == [(2.0, 2.0)]


def test_divergence_guard_resets_once_and_says_so():
    from latentedu.widgets import _base

    guard = _base.DivergenceGuard("the GAN", loss="a loss")
    resets = []

    def step(n):
        if n > 1:
            raise FloatingPointError("the loss became inf")
        return n

    guard.train(step, 1)
    assert guard.reset_if_diverged(lambda: resets.append(1)) == "" and resets == []
    guard.train(step, 5)
    assert guard.error == "the loss became inf"
    warning = guard.reset_if_diverged(lambda: resets.append(1))
    assert warning.startswith("Training diverged (a loss became infinite), so the GAN was reset")
    assert resets == [1] and guard.reset_if_diverged(lambda: resets.append(1)) == "" and resets == [1]
    with pytest.raises(ValueError):  # only a divergence is caught
        guard.train(lambda: (_ for _ in ()).throw(ValueError("other")))


def test_the_race_says_in_its_description_that_only_the_bowl_has_a_condition_number():
    from latentedu.widgets.descent import optimizer_race

    demo = optimizer_race()
    assert "bowl" in demo.controls["condition"].description
    demo.controls["surface"].value = "beale"
    assert demo.controls["condition"].disabled


def test_some_demos_are_registered():
    assert DEMOS, "no widget demo registered yet"


def _pixels(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _assert_blit_is_a_full_draw(demo, what: str) -> None:
    """The demo's blitted picture has exactly the pixels a full draw of its figure has."""
    import numpy as np

    from latentedu.widgets._base import figure_png

    blitted, full = _pixels(demo.png), _pixels(figure_png(demo.figure))
    assert blitted.shape == full.shape, f"{what}: the picture changed size"
    differ = int((blitted != full).any(axis=-1).sum())
    assert differ == 0, f"{what}: {differ} pixels differ from a full draw (largest " \
                        f"{int(np.abs(blitted.astype(int) - full).max())})"


@pytest.mark.parametrize("alpha", [255, 0, 128], ids=["opaque", "transparent", "half"])
def test_demo_png_decodes_to_the_pixels(alpha):
    """The course's own PNG encoder: any decoder (Pillow here) gets back exactly the RGBA pixels,
    as RGB where every pixel is opaque; and a figure's PNG has matplotlib's own pixels."""
    import io

    import numpy as np
    from matplotlib.figure import Figure
    from PIL import Image

    from latentedu.widgets._rendering import encode_png, figure_png

    rgba = np.random.default_rng(0).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    rgba[2:4, 1:3, 3] = alpha
    if alpha == 255:
        rgba[..., 3] = 255
    image = Image.open(io.BytesIO(encode_png(rgba)))
    assert image.mode == ("RGB" if alpha == 255 else "RGBA") and image.size == (5, 7)
    assert (np.asarray(image.convert("RGBA")) == rgba).all()

    fig = Figure(figsize=(2, 1), dpi=50)
    fig.add_subplot().plot([0, 1], [1, 0])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    assert (_pixels(figure_png(fig)) == _pixels(buffer.getvalue())).all()


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_every_control_changes_the_picture(name):
    demo = DEMOS[name]()
    assert isinstance(demo, Demo)
    _assert_blit_is_a_full_draw(demo, f"{name} at the start")
    for key, control in [*demo.controls.items(), *demo.buttons.items()]:
        assert not getattr(control, "tooltip", None), (
            f"{name}: {key} says something in a tooltip, which ipywidgets 7 (Colab) drops; say it in the "
            "description or the readout")
    for key, control in demo.controls.items():
        if isinstance(control, w.Play) or NO_REDRAW_CLASS in control._dom_classes:
            continue
        before, original = demo.png, control.value
        control.value = _other_value(control)
        assert demo.png != before, f"{name}: moving {key} left the picture unchanged"
        _assert_blit_is_a_full_draw(demo, f"{name} after moving {key}")
        control.value = original  # each control is judged from the demo's starting state
    for key, control in demo.controls.items():  # and again one after another, as a learner moves them
        if isinstance(control, w.Play) or NO_REDRAW_CLASS in control._dom_classes or control.disabled:
            continue
        before = demo.png
        control.value = _other_value(control)
        assert demo.png != before, (f"{name}: after the controls before it moved, moving {key} left the "
                                    f"picture unchanged (grey it out where it does nothing)")
    for label, button in demo.buttons.items():
        if NO_REDRAW_CLASS in button._dom_classes:
            button.click()
            continue
        before = demo.png
        button.click()
        assert demo.png != before, f"{name}: the {label!r} button left the picture unchanged"


@pytest.mark.parametrize("ylim", [(0.0, 1.0), (1.0, 0.0)])
def test_backdrop_places_moving_parts_in_its_axes_data_coordinates(ylim):
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from latentedu.widgets import Backdrop

    def draw_static(fig):
        ax = fig.add_axes((0.0, 0.0, 0.5, 1.0))  # the left half
        ax.set(xlim=(0, 1), ylim=ylim)
        ax.set_axis_off()
        return {"left": ax}

    backdrop = Backdrop(draw_static, (2.0, 1.0), dpi=100)
    fig = Figure(figsize=(2.0, 1.0), dpi=100)
    place = backdrop.lay(fig)
    image = np.zeros((2, 2))
    image[0, 0] = 1  # dark top-left pixel, whichever way the y axis runs
    backdrop.image(fig, "left", image, (0.0, 0.5, 0.0, 1.0), cmap="gray_r", norm=Normalize(0, 1),
                   interpolation="nearest")
    fig.add_artist(Line2D([0.75], [0.5], marker="s", ms=6, color="red", transform=place["left"]))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    assert pixels[20, 10].sum() < 100 and pixels[80, 10].sum() > 600  # the image's row 0 is on top
    assert tuple(pixels[50, 75]) == (255, 0, 0)  # x = 0.75 of the left half is 75 px in
    assert pixels[50, 150].sum() == 765  # nothing lands in the right half


def _slow_counting_demo(delay: float = 0.03):
    import time

    draws = []

    def draw(fig, a):
        time.sleep(delay)  # a demo slower than the messages that arrive
        draws.append(a)
        fig.add_subplot().plot([0, 1], [0, a])
        return f"a = {a}"

    return Demo("toy", {"a": w.IntSlider(value=0, min=0, max=100)}, draw), draws


def _from_page(control, value):
    """What ipywidgets does with a comm message from the page: ``set_state`` (which locks the value)."""
    control.set_state({"value": value})


def test_values_from_the_page_in_a_running_kernel_loop_coalesce_latest_value_wins():
    import asyncio

    demo, draws = _slow_counting_demo()
    control = demo.controls["a"]

    async def burst():
        draws.clear()
        for value in range(1, 21):  # 20 messages handled back to back, as a backlog is
            _from_page(control, value)
        assert draws == [], "a value from the page is drawn after the waiting messages, not inside each"
        await asyncio.sleep(0.3)
        assert draws == [20], f"20 values drew {draws}: the latest should win"
        assert demo.readout.value == "a = 20"
        # a value set from Python inside the loop (a notebook cell) is drawn at once
        control.value = 7
        assert draws[-1] == 7 and demo.readout.value == "a = 7"

    asyncio.run(burst())
    alone, _ = _slow_counting_demo(0.0)
    alone.controls["a"].value = 20
    demo.controls["a"].value = 20
    assert demo.png == alone.png


def test_without_an_event_loop_every_page_value_is_drawn_at_once():
    demo, draws = _slow_counting_demo(0.0)
    draws.clear()
    for value in (3, 4):
        _from_page(demo.controls["a"], value)
        assert draws[-1] == value and demo.readout.value == f"a = {value}"


def test_a_real_kernel_draws_a_burst_of_20_page_values_a_few_times_ending_on_the_last():
    """20 comm messages sent at once to a real kernel (no front-end throttle): few redraws, the last value."""
    import time

    pytest.importorskip("jupyter_client")
    from jupyter_client.manager import start_new_kernel

    setup = ("import time, ipywidgets as w\n"
             "from latentedu.widgets import Demo\n"
             "draws = []\n"
             "def draw(fig, a):\n"
             "    time.sleep(0.04); draws.append(a); fig.add_subplot().plot([0, a]); return f'a = {a}'\n"
             "demo = Demo('toy', {'a': w.IntSlider(value=0, min=0, max=100)}, draw)\n"
             "print(demo.controls['a'].comm.comm_id)\n")
    kernel, client = start_new_kernel(startup_timeout=120)
    try:
        out = []
        client.execute_interactive(setup, timeout=120, output_hook=out.append)
        texts = [m["content"]["text"] for m in out if m["header"]["msg_type"] == "stream"]
        errors = [m["content"] for m in out if m["header"]["msg_type"] == "error"]
        assert texts and not errors, f"the set-up failed in the kernel: {errors or out}"
        comm_id = texts[0].strip()
        for value in range(1, 21):
            client.shell_channel.send(client.session.msg("comm_msg", {
                "comm_id": comm_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}))
        deadline, drawn = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            time.sleep(0.5)
            out = []
            client.execute_interactive("print(draws, demo.readout.value)", timeout=60, output_hook=out.append)
            drawn = "".join(m["content"]["text"] for m in out if m["header"]["msg_type"] == "stream")
            if drawn.strip().endswith("a = 20"):
                break
        draws = eval(drawn.split("]")[0] + "]")  # the list the kernel printed
        assert draws[-1] == 20 and drawn.strip().endswith("a = 20"), f"the last value was not drawn: {drawn}"
        assert len(draws) - 1 <= 10, f"20 values from the page drew {len(draws) - 1} times: {draws}"
    finally:
        client.stop_channels()
        kernel.shutdown_kernel(now=True)


def test_blitting_draws_what_a_full_draw_draws_and_falls_back_when_it_must():
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    from latentedu.widgets import Backdrop
    from latentedu.widgets._base import figure_png, render_png

    def draw_static(fig):
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set(xlim=(0, 1), ylim=(0, 1), title="fixed")
        ax.plot([0, 1], [1, 0], color="0.7")
        return {"ax": ax}

    backdrop = Backdrop(draw_static, (3.0, 2.0), dpi=72)
    frame = Backdrop(lambda fig: {"ax": fig.add_axes((0.6, 0.6, 0.3, 0.3))}, (3.0, 2.0), dpi=72, transparent=True)
    kept = {}

    def picture(x, *, below=False, axes=False):
        from matplotlib.figure import Figure

        fig = Figure(figsize=(3.0, 2.0), dpi=72)
        place = backdrop.lay(fig)
        frame.lay(fig)
        fig.add_artist(Line2D([x, x], [0, 1], color="red", lw=3, transform=place["ax"]))
        fig.add_artist(Text(0.5, 0.5, f"x = {x}", transform=fig.transFigure))
        if below:  # an artist beneath the backdrops: only a full draw puts it there
            fig.add_artist(Line2D([0, 1], [0.5, 0.5], color="blue", lw=8, zorder=-5, transform=fig.transFigure))
        if axes:
            fig.add_axes((0.0, 0.0, 0.2, 0.2)).plot([0, 1])
        return fig

    from collections import OrderedDict

    kept = OrderedDict()
    for x in (0.2, 0.5, 0.2):  # the second 0.2 reuses the background
        fig = picture(x)
        assert (_pixels(render_png(fig, kept)) == _pixels(figure_png(picture(x)))).all()
    assert len(kept) == 1, "one background per combination of backdrops"
    for options in ({"below": True}, {"axes": True}):
        fig = picture(0.3, **options)
        assert (_pixels(render_png(fig, kept)) == _pixels(figure_png(picture(0.3, **options)))).all(), options
    assert len(kept) == 1


def test_the_gan_lab_survives_a_divergence_with_the_shared_guard():
    from latentedu.widgets.gan import gan_lab

    demo = gan_lab()
    gan = demo.state["gan"]
    first = [p.detach().clone() for p in gan.generator.parameters()]
    demo.buttons["train both ×10"].click()
    assert "step 10" in demo.readout.value

    def diverge(_steps):
        raise FloatingPointError("the discriminator's loss became inf")

    gan.step = diverge
    demo.buttons["train both ×10"].click()
    assert demo.readout.value.startswith(
        "Training diverged (a loss became infinite), so the GAN was reset: lower the learning rate.")
    assert "step 0" in demo.readout.value
    assert all((p == q).all() for p, q in zip(gan.generator.parameters(), first)), "reset restores the first weights"
    demo.controls["d_steps"].value = 2  # the next picture has no warning
    assert not demo.readout.value.startswith("Training diverged")


def test_showing_a_demo_settles_the_heap_and_keeps_no_garbage_for_good():
    """Showing a demo freezes the objects alive then (no long collector pauses while the learner moves
    its controls); one of them that becomes cyclic garbage is collected when the next demo is shown."""
    import gc
    import weakref

    class Node:
        pass

    demo = Demo("toy", {"a": w.FloatSlider(value=0.5, min=0, max=2)}, lambda fig, a: None)
    node = Node()
    node.loop, alive = node, weakref.ref(node)
    try:
        assert "image/png" in demo._repr_mimebundle_()
        assert gc.get_freeze_count() > 0
        del node  # now cyclic garbage, but frozen: the collector leaves it
        gc.collect()
        assert alive() is not None
        demo._repr_mimebundle_()  # the next demo shown unfreezes and collects first
        assert alive() is None
    finally:
        gc.unfreeze()
