import os
import sys

import pytest

# One math thread per worker on small machines, and no windows, before anything loads numpy.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# A result a lesson states (latentedu.claims) that does not hold stops the notebook with an error
# naming the claim and its values, so nbval fails when a change flips what the course says.
os.environ.setdefault("LATENTEDU_STRICT_CLAIMS", "1")

# The library's caches of trained models and computed figures, and how to empty each:
# (module, attribute); the attribute is a function to call, or an lru_cache to clear.
# metrics.digit_classifier stays cached: it is the same model for a seed, whoever asked first,
# and training it again before every test that scores samples would cost minutes.
_CACHES = [
    ("latentedu._stacks", "clear_caches"),
    ("latentedu.descent._pictures", "contour_grid"),
]


@pytest.fixture(autouse=True)
def _empty_library_caches():
    """Every test starts with the library's caches empty, so none passes on another's leftovers."""
    for module_name, attribute in _CACHES:
        module = sys.modules.get(module_name)  # a module not loaded yet has nothing cached
        if module is not None:
            target = getattr(module, attribute)
            getattr(target, "cache_clear", target)()
    yield
