"""PNG encoding of the demos' pictures: the course's encoder against Pillow's.

For the first picture of every registered demo: milliseconds per encoding
(median of 20) and bytes, by ``latentedu.widgets._rendering.encode_png``
(unfiltered rows, zlib level ``PNG_COMPRESS_LEVEL``) and by Pillow at the same
level (which picks a row filter per row, as ``print_png`` does), after checking
that both decode to the demo's pixels. Prints a table, and writes it to
``benchmarks/results/png_encoding-<time>.json`` (or ``--json PATH``).

    OMP_NUM_THREADS=1 python benchmarks/png_encoding.py
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from PIL import Image  # noqa: E402

from latentedu.widgets._base import registered_demos  # noqa: E402
from latentedu.widgets._rendering import PNG_COMPRESS_LEVEL, encode_png  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def pillow_png(rgba) -> bytes:
    pixels = np.asarray(rgba)
    opaque = bool((pixels[..., 3] == 255).all())
    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3]) if opaque else pixels, "RGB" if opaque else "RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def median_ms(encode, rgba, repeats: int = 20) -> tuple[float, bytes]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        png = encode(rgba)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), png


def measure() -> list[dict]:
    rows = []
    for name, factory in registered_demos().items():
        demo = factory()
        canvas = FigureCanvasAgg(demo.figure)
        canvas.draw()
        rgba = canvas.buffer_rgba()
        row = {"demo": name, "size": list(np.asarray(rgba).shape[1::-1])}
        for label, encode in (("course", encode_png), ("pillow", pillow_png)):
            ms, png = median_ms(encode, rgba)
            decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
            assert (decoded == np.asarray(rgba)).all(), f"{name}: the {label} PNG does not decode to the picture"
            row[f"{label}_ms"], row[f"{label}_bytes"] = round(ms, 2), len(png)
        rows.append(row)
        print(f"{name:44s} {row['size'][0]}x{row['size'][1]}  course {row['course_ms']:5.2f} ms "
              f"{row['course_bytes']:7d} B   Pillow {row['pillow_ms']:5.2f} ms {row['pillow_bytes']:7d} B   "
              f"time ratio {row['pillow_ms'] / row['course_ms']:.2f}, size ratio "
              f"{row['course_bytes'] / row['pillow_bytes']:.2f}")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="where to write the figures")
    args = parser.parse_args(argv)
    rows = measure()
    speed = [r["pillow_ms"] / r["course_ms"] for r in rows]
    size = [r["course_bytes"] / r["pillow_bytes"] for r in rows]
    print(f"Pillow's time / the course's: {min(speed):.2f}-{max(speed):.2f} (median {statistics.median(speed):.2f}); "
          f"the course's bytes / Pillow's: {min(size):.2f}-{max(size):.2f} (median {statistics.median(size):.2f})")
    path = args.json or RESULTS / f"png_encoding-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "level": PNG_COMPRESS_LEVEL,
                                "load": list(os.getloadavg()), "demos": rows}, indent=1) + "\n")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
