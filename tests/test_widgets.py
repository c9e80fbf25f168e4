"""Every registered demo, driven without a browser: each control changes the picture."""

import ipywidgets as w
import pytest

from latentedu.widgets import Demo, registered_demos
from latentedu.widgets._base import CONTROL_CLASS, NO_REDRAW_CLASS

DEMOS = registered_demos()


def _other_value(control):
    """A different valid value for a control (the far end, or the next option)."""
    if isinstance(control, (w.SelectionSlider, w.Dropdown, w.ToggleButtons, w.RadioButtons)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        index = options.index(control.value) if control.value in options else 0
        return options[-1] if index != len(options) - 1 else options[0]
    if isinstance(control, w.Checkbox):
        return not control.value
    if isinstance(control, w.FloatLogSlider):  # min and max are exponents
        top = control.base ** control.max
        return top if abs(control.value - top) > 1e-12 * top else control.base ** control.min
    if hasattr(control, "max"):
        return control.max if control.value != control.max else control.min
    raise TypeError(f"no rule to move a {type(control).__name__}")


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


def test_some_demos_are_registered():
    assert DEMOS, "no widget demo registered yet"


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_every_control_changes_the_picture(name):
    demo = DEMOS[name]()
    assert isinstance(demo, Demo)
    for key, control in demo.controls.items():
        if isinstance(control, w.Play) or NO_REDRAW_CLASS in control._dom_classes:
            continue
        before, original = demo.png, control.value
        control.value = _other_value(control)
        assert demo.png != before, f"{name}: moving {key} left the picture unchanged"
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
