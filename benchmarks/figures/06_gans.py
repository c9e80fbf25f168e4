"""Quality figures of chapter 06, read from the lesson's kernel after it ran.

Ring of 8 (2,500 samples, standard protocol): modes covered, high-quality share and the share of
samples on the two most crowded modes for the collapsed GAN (5 generator steps per discriminator
step) and the fixed one (1 each), after 2,000 generator steps at lr 1e-3 and 500 more at lr 1e-4,
with training seconds. Digits: the GAN's FID-like
score over the real-vs-real one (both averaged over 20 random 225/225 splits of the held-out
digits; the fixed split's real-vs-real figure too), its IS-like, precision, recall and memorised share,
and the calibration table's rows. The ring recipe's table on seeds 11-20 and the long digits run are in
``benchmarks/gan_ring.py``.
"""

NOTEBOOK = "notebooks/06_gans.ipynb"

_COLLAPSE = "ring_reports['collapse: 5 G steps per D step']"
_FIXED = "ring_reports['fixed: 1 G step per D step']"

FIGURES = {
    "ring_collapse_modes": f"{_COLLAPSE}.modes_covered",
    "ring_collapse_high_quality": f"{_COLLAPSE}.high_quality",
    "ring_collapse_share_on_two_modes": "float(crowd)",
    "ring_collapse_median_distance": "float(np.median(gap))",
    "ring_fast_modes": "fast.modes_covered",
    "ring_fast_high_quality": "fast.high_quality",
    "ring_fast_settled_modes": "settled.modes_covered",
    "ring_fast_settled_high_quality": "settled.high_quality",
    "ring_fixed_smallest_mode_share": "float(shares.min())",
    "ring_fixed_largest_mode_share": "float(shares.max())",
    "ring_fast_train_seconds": "ring_gans['fixed: 1 G step per D step'].seconds",
    "digits_gan_steps": "DIGIT_STEPS",
    "digits_gan_train_seconds": "digit_gan.seconds",
    "digits_gan_fid_like": "table['GAN samples']['fid']",
    "digits_real_vs_real_fid_like": "table['new real digits']['fid']",
    "digits_real_vs_real_fid_like_mean_20_splits": "float(np.mean(real_fids))",
    "digits_real_vs_real_fid_like_min_20_splits": "float(min(real_fids))",
    "digits_real_vs_real_fid_like_max_20_splits": "float(max(real_fids))",
    "digits_gan_fid_like_mean_20_splits": "float(np.mean(gan_fids))",
    **{f"real_vs_real_fid_like_{n}_each": f"real_by_size[{n}]" for n in (56, 112, 225)},
    "digits_gan_fid_ratio": "fid_ratio",
    "digits_gan_is_like": "table['GAN samples']['inception_score']",
    "digits_gan_precision": "table['GAN samples']['precision']",
    "digits_gan_recall": "table['GAN samples']['recall']",
    "digits_gan_memorised": "table['GAN samples']['memorised']",
    "digits_gan_quality_report_fid": "report['fid']",
    "calib_copies_memorised": "table['copies of training digits']['memorised']",
    "calib_copies_fid": "table['copies of training digits']['fid']",
    "calib_half_classes_is_like": "table['half the classes (0-4)']['inception_score']",
    "calib_half_classes_recall": "table['half the classes (0-4)']['recall']",
    "calib_single_image_precision": "table['one image repeated']['precision']",
    "calib_single_image_recall": "table['one image repeated']['recall']",
    "calib_noise_fid": "table['uniform noise']['fid']",
    "ink_bolder_minus_lighter": "float(ink(bolder).mean() - ink(lighter).mean())",
    "ink_shift_in_sd": "ink_shift",
    "ink_digits_changing_class": "changed",
}
