"""Quality figures of chapter 06, read from the lesson's kernel after it ran.

Ring of 8 (2,500 samples, standard protocol): modes covered and high-quality share for the
collapsing GAN (ReLU D, lr 1e-4) and the fixed one (LeakyReLU(0.2) D, lr 1e-3), after 2,500
steps and (fixed) after 500 more at lr 1e-4, with training seconds. Digits: the GAN's FID-like
score over the real-vs-real one (225 vs 225), its IS-like, precision, recall and memorised share,
and the calibration table's rows. The 5-seed ring table and the long digits run are in
``benchmarks/gan_ring.py``.
"""

NOTEBOOK = "notebooks/06_gans.ipynb"

_COLLAPSE = "ring_reports['collapse: ReLU D, lr 1e-4']"
_FIX = "ring_reports['fix: LeakyReLU(0.2) D, lr 1e-3']"

FIGURES = {
    "ring_collapse_modes": f"{_COLLAPSE}.modes_covered",
    "ring_collapse_high_quality": f"{_COLLAPSE}.high_quality",
    "ring_fix_modes": f"{_FIX}.modes_covered",
    "ring_fix_high_quality": f"{_FIX}.high_quality",
    "ring_fix_settled_modes": "settled.modes_covered",
    "ring_fix_settled_high_quality": "settled.high_quality",
    "ring_fix_train_seconds": "ring_gans['fix: LeakyReLU(0.2) D, lr 1e-3'].seconds",
    "digits_gan_steps": "DIGIT_STEPS",
    "digits_gan_train_seconds": "digit_gan.seconds",
    "digits_gan_fid_like": "table['GAN samples']['fid']",
    "digits_real_vs_real_fid_like": "table['new real digits']['fid']",
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
}
