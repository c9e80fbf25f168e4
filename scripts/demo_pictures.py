"""Fingerprint every demo's pictures, to show a change left them as they were.

For each registered demo: the first picture, then the picture after each
control moves to another value (from the starting state, as tests/test_widgets
does). Writes ``{"demo/control": sha256 of the PNG}`` as JSON, and with
``--png DIR`` the pictures themselves, so two runs can be compared by eye too.

    python scripts/demo_pictures.py --json before.json
    ... change the library ...
    python scripts/demo_pictures.py --json after.json --compare before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import ipywidgets as w


def other_value(control):
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


def pictures(names=None):
    """Yield ``(key, png bytes)`` for every demo's starting picture and each control's move."""
    from latentedu import set_seed
    from latentedu.widgets import registered_demos

    for name, factory in sorted(registered_demos().items()):
        if names and name not in names:
            continue
        set_seed(0)
        demo = factory()
        # the key "start" is also a control's name in two demos, whose moved picture then
        # replaces the first one under that key (as in the committed baseline)
        yield f"{name}/start", demo.png
        for key, control in demo.controls.items():
            if isinstance(control, w.Play) or control.disabled:
                continue
            original = control.value
            control.value = other_value(control)
            yield f"{name}/{key}", demo.png
            control.value = original


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the fingerprints")
    parser.add_argument("--png", type=Path, help="a folder to save every picture in")
    parser.add_argument("--compare", type=Path, help="earlier fingerprints to compare with")
    parser.add_argument("demos", nargs="*", help="demo names (default: all)")
    args = parser.parse_args(argv)
    found = {}
    for key, png in pictures(args.demos):
        found[key] = hashlib.sha256(png).hexdigest()
        if args.png:
            args.png.mkdir(parents=True, exist_ok=True)
            (args.png / (key.replace("/", "__") + ".png")).write_bytes(png)
    args.json.write_text(json.dumps(found, indent=1, sort_keys=True))
    print(f"{len(found)} pictures fingerprinted -> {args.json}")
    if not args.compare:
        return 0
    before = json.loads(args.compare.read_text())
    if args.demos:
        before = {k: v for k, v in before.items() if k.split("/")[0] in args.demos}
    changed = sorted(k for k in before if found.get(k) != before[k])
    for key in changed:
        print(f"changed: {key}" if key in found else f"missing: {key}")
    for key in sorted(set(found) - set(before)):
        print(f"new: {key}")
    print("all pictures unchanged" if not changed else f"{len(changed)} of {len(before)} pictures differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
