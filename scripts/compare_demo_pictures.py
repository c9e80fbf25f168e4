"""Compare every demo's pictures with earlier ones by their decoded pixels, not their PNG bytes.

A change of PNG encoder (compression level, RGB instead of RGBA, no metadata)
changes the bytes of a picture whose pixels are the same, so the fingerprints
of ``scripts/demo_pictures.py`` cannot tell such a change from a real one.
This draws every demo's pictures now (the same moves ``demo_pictures.py``
makes) and compares each, decoded to RGBA by Pillow, with the PNG of the same
name in an earlier folder written by ``demo_pictures.py --png DIR``:

    python scripts/demo_pictures.py --json before.json --png before/   # before the change
    python scripts/compare_demo_pictures.py before/                     # after it

A picture passes when every channel of every pixel is equal, or differs by at
most ``--tolerance`` (default 0: equal). Exits 1 when a picture differs,
changed size, or is missing on either side; prints the largest difference and
how many pixels differ for each that does.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_pictures import pictures  # noqa: E402  (the script beside this one)


def decode(png: bytes) -> np.ndarray:
    """RGBA pixels of a PNG, as an (height, width, 4) uint8 array."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def difference(before: np.ndarray, after: np.ndarray) -> tuple[int, int] | None:
    """(largest channel difference, pixels that differ); None when the sizes differ."""
    if before.shape != after.shape:
        return None
    delta = np.abs(before.astype(np.int16) - after.astype(np.int16))
    return int(delta.max()), int((delta.max(axis=-1) > 0).sum())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="folder of PNGs written by demo_pictures.py --png")
    parser.add_argument("--tolerance", type=int, default=0, help="largest channel difference allowed (0-255)")
    parser.add_argument("demos", nargs="*", help="demo names (default: all)")
    args = parser.parse_args(argv)
    failed, seen = [], set()
    for key, png in pictures(args.demos):
        name = key.replace("/", "__") + ".png"
        seen.add(name)
        path = args.before / name
        if not path.exists():
            failed.append(f"new (no earlier picture): {key}")
            continue
        found = difference(decode(path.read_bytes()), decode(png))
        if found is None:
            failed.append(f"size changed: {key}")
        elif found[0] > args.tolerance:
            failed.append(f"differs: {key} (largest difference {found[0]}, {found[1]} pixels)")
    for path in sorted(args.before.glob("*.png")):
        demo = path.name.split("__")[0]
        if path.name not in seen and (not args.demos or demo in args.demos):
            failed.append(f"missing now: {path.stem.replace('__', '/')}")
    for line in failed:
        print(line)
    print(f"{len(seen)} pictures compared by pixels with {args.before}: "
          + ("all equal" if not failed else f"{len(failed)} problem(s)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
