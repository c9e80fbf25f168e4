# %% [markdown]
# # 05 · Exercises: scores, thresholds, ROC-AUC, a failure case, a detector to ship, and contamination
#
# Four short questions on the chapter's main steps, then an experiment (a detector that must keep
# its promise on digits you never see) and a prediction you test (which detector survives
# contaminated training data). Replace each `____`, run the cell, and read what
# the check says: ✅ correct, ❌ incorrect (with a reason), ✏️ not attempted yet. `q1.hint()` gives a
# hint (call it again for the next one) and `q1.solution()` shows a solution. The checks use their
# own data, so each question works on its own; the cells after q1-q3 try your function on the
# digits.

# %%
import latentedu as le

le.set_seed(0)

import numpy as np

from latentedu import anomaly as ad
from latentedu.data import load_digits
from latentedu.exercises import ____
from latentedu.exercises.anomaly_detection import missed_anomalies, q1, q2, q3, q4, q5, q6

digits = load_digits()
x_train, x_test = digits.x_train.numpy(), digits.x_test.numpy()
y_train, y_test = digits.y_train.numpy(), digits.y_test.numpy()
# a small autoencoder detector trained without the digit 8, to try your functions on
detector = ad.AutoencoderDetector(score_type="reconstruction", epochs=5).fit(x_train[y_train != 8])
is_anomaly = y_test == 8

# %% [markdown]
# ## 1. Reconstruction-error scores

# %% [question q1]

# %%
# Try it: your scores against the detector's own (they should agree)
if callable(reconstruction_scores) and reconstruction_scores(x_test[:3], x_test[:3]) is not ____:
    mine = reconstruction_scores(x_test, detector.reconstruct(x_test))
    print("largest difference from -detector.score_samples:", np.abs(mine + detector.score_samples(x_test)).max())

# %% [markdown]
# ## 2. A threshold for a target false-positive rate

# %% [question q2]

# %%
# Try it: a threshold for 5 % false alarms, chosen on normal training digits only
if threshold_for_fpr(np.zeros(3), 0.05) is not ____:
    normal_scores = -detector.score_samples(x_train[y_train != 8])
    t = threshold_for_fpr(normal_scores, 0.05)
    test_scores = -detector.score_samples(x_test)
    print(f"on the test digits: false-positive rate {np.mean(test_scores[~is_anomaly] >= t):.3f}, "
          f"recall {np.mean(test_scores[is_anomaly] >= t):.2f}")

# %% [markdown]
# ## 3. ROC-AUC with scikit-learn

# %% [question q3]

# %%
# Try it on the detector above
if detector_auc(is_anomaly, np.zeros(len(is_anomaly))) is not ____:
    print(f"ROC-AUC for the 8s: {detector_auc(is_anomaly, detector.score_samples(x_test)):.3f}")

# %% [markdown]
# ## 4. Explaining a failure by looking at it

# %% [question q4]

# %% [markdown]
# ## 5. Experiment: a detector that keeps its promise
#
# Before you check, try your `fit_flagger` on the notebook's digits: fit it on the normal training
# digits (everything but 8), then count its false alarms on the normal test digits and the 8s it
# catches.

# %% [question q5]

# %%
# Try it: trained without the 8s, tested on the held-out digits
flag = fit_flagger(x_train[y_train != 8])
flags = flag(x_test) if callable(flag) else ____
if flags is not ____:
    print(f"false alarms on normal test digits: {np.mean(flags[~is_anomaly]):.1%}, "
          f"8s caught: {np.mean(flags[is_anomaly]):.0%}")

# %% [markdown]
# ## 6. Predict, then verify: contaminated training data

# %% [question q6]
