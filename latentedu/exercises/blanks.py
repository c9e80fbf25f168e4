"""The ``____`` blank of an exercise, and finding where a learner's code still uses it.

:data:`____` (a :class:`Placeholder`) stands for the learner's answer in a
starter cell; any operation on it gives it back, so the cell runs and the
check reports *not attempted*. :func:`blank_lines` (and the private
``_blank_uses``) find the lines of a learner's function or class that still
read ``____``, directly or through a global that holds it (``lr = ____`` in
the cell above), and ``_describe_blanks`` turns them into the sentence a
result shows. ``Question.check`` in :mod:`.engine` uses them.
"""

from __future__ import annotations

import dis
import linecache
import types

import numpy as np

__all__ = ["Placeholder", "____", "blank_lines"]


class Placeholder:
    """The ``____`` blank in an exercise. Any operation on it gives it back, so a
    starter cell runs top to bottom and the check reports *not attempted*."""

    __array_ufunc__ = None  # numpy hands every operator back to us

    def __array_function__(self, func, types, args, kwargs):  # np.mean(____) and friends
        return self

    def __repr__(self) -> str:
        return "____"

    def _same(self, *args, **kwargs):
        return self

    def __getattr__(self, name: str):
        if name.startswith("_"):  # leave Python's, IPython's and numpy's protocols alone
            raise AttributeError(name)
        return self

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return ____

    __call__ = __getitem__ = _same
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _same
    __matmul__ = __rmatmul__ = __mod__ = __rmod__ = __neg__ = __pos__ = __abs__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _same

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


____ = Placeholder()


def _holds_placeholder(answer, _depth: int = 0) -> bool:
    """True when the answer is, contains, or (a function) refers to ``____``."""
    if _depth > 4:
        return False
    if isinstance(answer, Placeholder):
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(_holds_placeholder(item, _depth + 1) for item in answer)
    if isinstance(answer, dict):
        return any(_holds_placeholder(v, _depth + 1) for v in answer.values())
    if isinstance(answer, np.ndarray) and answer.dtype == object:
        return any(_holds_placeholder(item, _depth + 1) for item in answer.ravel()[:1000])
    code = getattr(answer, "__code__", None)
    return code is not None and _code_names_placeholder(code)


def _code_names_placeholder(code: types.CodeType) -> bool:
    if "____" in code.co_names:
        return True
    return any(isinstance(const, types.CodeType) and _code_names_placeholder(const)
               for const in code.co_consts)


_LIBRARY_MODULES = ("builtins", "torch", "numpy", "sklearn", "scipy", "latentedu", "functools", "umap")


def _learner_codes(answer) -> list[tuple[types.CodeType, dict]]:
    """(code, globals) of a learner's function, or of the methods of a learner's class or object."""
    code = getattr(answer, "__code__", None)
    if isinstance(code, types.CodeType):
        return [(code, getattr(answer, "__globals__", {}))]
    cls = answer if isinstance(answer, type) else type(answer)
    if cls.__module__.split(".")[0] in _LIBRARY_MODULES:
        return []
    codes = []
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] in _LIBRARY_MODULES:
            continue
        for member in vars(klass).values():
            member = getattr(member, "__func__", member)  # staticmethod / classmethod
            if isinstance(getattr(member, "__code__", None), types.CodeType):
                codes.append((member.__code__, getattr(member, "__globals__", {})))
    return codes


def _all_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _all_names(const)
    return names


def _blank_names(code: types.CodeType, globals_: dict) -> set[str]:
    """``____`` itself and the globals the code reads that still hold it (``lr = ____`` in the cell above)."""
    return {name for name in _all_names(code)
            if name == "____" or isinstance(globals_.get(name), Placeholder)}


def _placeholder_lines(code: types.CodeType, blanks: set[str]) -> list[tuple[int, str]]:
    """(line, name) for every read of one of the ``blanks`` names in ``code`` and the code nested in it."""
    found, line = [], None
    for inst in dis.get_instructions(code):
        positions = getattr(inst, "positions", None)
        if positions is not None and positions.lineno is not None:
            line = positions.lineno
        elif isinstance(inst.starts_line, int) and not isinstance(inst.starts_line, bool):
            line = inst.starts_line
        if inst.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF") and inst.argval in blanks:
            found.append((line if line is not None else code.co_firstlineno, inst.argval))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found += _placeholder_lines(const, blanks)
    return found


def _blank_uses(answer) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, text, global names that hold the blank) for each line of learner code that uses ``____``."""
    found: dict[int, tuple[str, set]] = {}
    for code, globals_ in _learner_codes(answer):
        blanks = _blank_names(code, globals_)
        if not blanks:
            continue
        for line, name in _placeholder_lines(code, blanks):
            text = linecache.getline(code.co_filename, line).strip() if line else ""
            entry = found.setdefault(line, (text, set()))
            if name != "____":
                entry[1].add(name)
    return [(line, text, tuple(sorted(via))) for line, (text, via) in sorted(found.items())]


def blank_lines(answer) -> list[tuple[int, str]]:
    """``(line number, line text)`` for each line of a learner's function (or class) that
    still uses the ``____`` blank, directly or through a global that still holds it;
    empty for anything that is not code.

    Line numbers count from the top of the notebook cell (or of the file) the
    code was written in, as Python's own error messages do.
    """
    return [(line, text) for line, text, _ in _blank_uses(answer)]


def _describe_blanks(uses: list[tuple[int, str, tuple[str, ...]]]) -> str:
    """'Line 3 (`y = ____`) still has a blank `____`' or 'line 5 (`h = x * lr`) uses `lr`, which is
    still `____`' for the lines :func:`_blank_uses` found (three at most, then how many more)."""

    def where(n: int, text: str) -> str:
        return f"line {n} (`{text}`)" if text else f"line {n}"

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    shown = uses[:3]
    direct = [where(n, text) for n, text, via in shown if not via]
    clauses = [f"{listed(direct)} still {'has' if len(direct) == 1 else 'have'} a blank `____`"] if direct else []
    for n, text, via in shown:
        if via:
            names = listed([f"`{name}`" for name in via])
            clauses.append(f"{where(n, text)} uses {names}, which {'is' if len(via) == 1 else 'are'} still `____`")
    if len(uses) > 3:
        clauses.append(f"{len(uses) - 3} more line{'s' if len(uses) > 4 else ''} too")
    sentence = "; ".join(clauses)
    return sentence[0].upper() + sentence[1:]


def _not_attempted_message(blanks: list[tuple[int, str, tuple[str, ...]]]) -> str:
    if blanks:
        return f"{_describe_blanks(blanks)}. Replace it with your answer, run the cell again, then check."
    return "Replace every `____` with your answer, run the cell again, then check."
