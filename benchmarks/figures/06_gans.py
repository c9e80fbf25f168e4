"""Quality figures of chapter 06, read from the lesson's kernel after it ran.

Ring of 8 (2,500 samples, standard protocol): modes covered and high-quality share for the
slow GAN (ReLU D, lr 1e-4 for both players) and the fast one (LeakyReLU(0.2) D, lr 1e-3), after
2,000 steps and (fast) after 500 more at lr 1e-4, with training seconds. Digits: the GAN's FID-like
score over the real-vs-real one (both averaged over 20 random 225/225 splits of the held-out
digits; the fixed split's real-vs-real figure too), its IS-like, precision, recall and memorised share,
and the calibration table's rows. The 5-seed ring table and the long digits run are in
``benchmarks/gan_ring.py``.
"""

NOTEBOOK = "notebooks/06_gans.ipynb"

_SLOW = "ring_reports['slow: ReLU D, lr 1e-4']"
_FAST = "ring_reports['fast: LeakyReLU(0.2) D, lr 1e-3']"

FIGURES = {
    "ring_slow_modes": f"{_SLOW}.modes_covered",
    "ring_slow_high_quality": f"{_SLOW}.high_quality",
    "ring_fast_modes": f"{_FAST}.modes_covered",
    "ring_fast_high_quality": f"{_FAST}.high_quality",
    "ring_fast_settled_modes": "settled.modes_covered",
    "ring_fast_settled_high_quality": "settled.high_quality",
    "ring_fast_train_seconds": "ring_gans['fast: LeakyReLU(0.2) D, lr 1e-3'].seconds",
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
