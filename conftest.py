"""Settings for every pytest run of the course, the notebooks under nbval included.

They are set before anything loads numpy, and every notebook kernel a test starts inherits them.
"""

import os

# One math thread per worker on small machines, and no windows.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# A result a lesson states (latentedu.claims) that does not hold stops the notebook with an error
# naming the claim and its values, so nbval fails when a change flips what the course says.
os.environ.setdefault("LATENTEDU_STRICT_CLAIMS", "1")
