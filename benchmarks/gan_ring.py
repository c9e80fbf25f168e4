"""Chapter 06's long runs, too slow for the lesson notebook: the ring of 8 over 5 seeds, and the
digits GAN at its full step count.

    python benchmarks/gan_ring.py                 # both tables, saved to results/gan_ring-DATE.json
    python benchmarks/gan_ring.py --seeds 0 1     # fewer seeds
    python benchmarks/gan_ring.py --no-digits     # only the ring

Ring: ``latentedu.gan.train_ring_gan`` (the notebook's LeakyReLU recipe, wider, with the learning
rate lowered in steps), scored with the standard protocol on 2,500 samples (high quality within
3 std of the nearest mode; a mode is covered when some high-quality sample is nearest to it).
Goal: all 8 modes and >= 95% high-quality samples on every seed, within 15 s of CPU training.
Published on the same scoring: PacGAN2 7.9 modes / 95.6% (Lin et al., 2018), VEEGAN 8 / 52.9%
(Srivastava et al., 2017).

Digits: ``latentedu.gan.train_digit_gan(steps)``; the FID-like score of 225 samples against half
the held-out digits, divided by the same score of the other half (real against real). Goal: the
ratio below 5 after at most 20 s of training.

Times are wall-clock and CPU seconds of this process with one math thread; on a busy machine the
wall times grow, so the CPU column is the fairer one.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

from latentedu import gan as G  # noqa: E402
from latentedu import metrics  # noqa: E402

PUBLISHED = [("PacGAN2 (Lin et al., 2018)", 7.9, 0.956), ("VEEGAN (Srivastava et al., 2017)", 8.0, 0.529)]


def ring_table(seeds) -> list[dict]:
    rows = []
    print(f"ring of 8, schedule {G.RING_SCHEDULE}")
    print(f"{'seed':>4} {'modes':>6} {'high quality':>13} {'train s':>8} {'CPU s':>6}")
    for seed in seeds:
        gan = G.train_ring_gan(random_state=seed)
        report = gan.mode_report()
        row = {"seed": seed, "modes": report.modes_covered, "high_quality": report.high_quality,
               "seconds": gan.seconds, "cpu_seconds": gan.cpu_seconds}
        rows.append(row)
        print(f"{seed:>4} {row['modes']:>6} {row['high_quality']:>13.1%} {row['seconds']:>8.1f} "
              f"{row['cpu_seconds']:>6.1f}", flush=True)
    modes = sum(r["modes"] for r in rows) / len(rows)
    quality = sum(r["high_quality"] for r in rows) / len(rows)
    print(f"{'mean':>4} {modes:>6.1f} {quality:>13.1%}")
    for name, m, q in PUBLISHED:
        print(f"published: {name}: {m} modes, {q:.1%} high quality")
    met = all(r["modes"] == 8 and r["high_quality"] >= 0.95 and r["cpu_seconds"] <= 15 for r in rows)
    print("goal (8 modes, >= 95% high quality, <= 15 s CPU on every seed):", "met" if met else "NOT met")
    return rows


def digits_table(steps_list) -> list[dict]:
    sets, reference = G.calibration_sets(225)
    real_fid = metrics.quality_report(sets["new real digits"], reference=reference)["fid"]
    print(f"\ndigits GAN; real-vs-real FID-like (225 vs 225): {real_fid:.3f}")
    print(f"{'steps':>6} {'FID-like':>9} {'ratio':>6} {'IS-like':>8} {'precision':>10} {'recall':>7} "
          f"{'memorised':>10} {'train s':>8} {'CPU s':>6}")
    rows = []
    for steps in steps_list:
        gan = G.train_digit_gan(steps, random_state=0)
        row = metrics.quality_report(gan.sample(225, random_state=1).numpy(), reference=reference)
        row.update(steps=steps, ratio=row["fid"] / real_fid, seconds=gan.seconds, cpu_seconds=gan.cpu_seconds,
                   real_fid=real_fid)
        rows.append(row)
        print(f"{steps:>6} {row['fid']:>9.3f} {row['ratio']:>6.2f} {row['inception_score']:>8.2f} "
              f"{row['precision']:>10.2f} {row['recall']:>7.2f} {row['memorised']:>10.2f} "
              f"{row['seconds']:>8.1f} {row['cpu_seconds']:>6.1f}", flush=True)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--digit-steps", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--no-digits", action="store_true")
    parser.add_argument("--no-ring", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="where to save (default results/gan_ring-DATE.json)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    result = {"load_before": os.getloadavg()}
    if not args.no_ring:
        result["ring"] = ring_table(args.seeds)
    if not args.no_digits:
        result["digits"] = digits_table(args.digit_steps)
    result["load_after"] = os.getloadavg()
    print(f"\nload average before {result['load_before'][0]:.1f}, after {result['load_after'][0]:.1f} "
          "(wall times grow with other work on the machine)")
    path = args.json or Path(__file__).resolve().parent / "results" / f"gan_ring-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2))
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
