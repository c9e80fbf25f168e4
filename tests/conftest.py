import sys

import pytest

# The environment every test and notebook kernel runs in is set in the repository's root conftest.py.

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
