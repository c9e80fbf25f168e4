"""The grader's half inside a learner's kernel (used by ``latentedu grade``, never by learners).

``latentedu grade`` runs :func:`install` in a cell of its own before any learner
cell, and :func:`finish` in a cell after the last one. :func:`install` reads a
one-time key that the grader left in its own folder (outside the submission's
copy) and deletes the file, then

* registers a listener with the exercise engine (``engine.on_record``) that
  appends every change of a question's state to the grader's event log at
  once, each line signed with HMAC-SHA256 and chained to the line before it;
* notes, for each change, whether it came from the engine's own
  ``Question.check`` / ``hint`` / ``solution`` (the calling frames' code
  objects, compared with those captured here) and whether the question's check
  function is the course's own;
* writes, after every cell, the list of declared questions and their state
  as the engine's original code computes it;
* captures the identity of the engine's functions, so :func:`finish` can say
  which ones learner code replaced.

This is not a sandbox: learner code runs in this same process, and with
enough digging it can reach the key. The point is that forging a record takes
deliberate work, and that the usual ways of doing it show up in the grader's
report.
"""

from __future__ import annotations

__all__ = ["finish", "install"]

_finish = None


def install(record_dir: str) -> None:
    """Start recording into ``record_dir`` (the grader's folder); see the module docstring."""
    global _finish
    import hashlib
    import hmac
    import inspect
    import json
    import os
    import sys

    from latentedu.exercises import engine

    key_path = os.path.join(record_dir, "key")
    with open(key_path, "rb") as handle:
        key = handle.read()
    os.unlink(key_path)
    fd = os.open(os.path.join(record_dir, "events.jsonl"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    watched = {name: getattr(engine, name) for name in
               ("results", "results_json", "on_record", "_notify", "_REGISTRY", "_LISTENERS", "Question")}
    question = engine.Question
    methods = {name: getattr(question, name) for name in ("check", "hint", "solution", "record", "_touch")}
    method_codes = {methods[name].__code__: name for name in ("check", "hint", "solution")}
    notify_code, touch_code = engine._notify.__code__, methods["_touch"].__code__
    record_of = methods["record"]
    registry = engine._REGISTRY
    package_dir = os.path.dirname(os.path.abspath(engine.__file__))
    chain = {"seq": 0, "mac": ""}

    def write(kind: str, data: dict) -> None:
        chain["seq"] += 1
        body = json.dumps({"seq": chain["seq"], "prev": chain["mac"], "kind": kind, "data": data},
                          sort_keys=True, default=str)
        mac = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
        os.write(fd, (json.dumps({"body": body, "mac": mac}) + "\n").encode())
        chain["mac"] = mac

    def own_check(q) -> bool:
        code = getattr(getattr(q, "_check", None), "__code__", None)
        where = os.path.abspath(getattr(code, "co_filename", "")) if code is not None else ""
        return where.startswith(package_dir + os.sep)

    def answer_source(answer) -> dict:
        """What a clean process needs to rebuild the learner's function, or why it cannot."""
        return _rebuild_spec(answer, inspect, sys)

    def listener(row: dict) -> None:
        frame = sys._getframe(1)
        calls = []
        for _ in range(3):
            calls.append(frame)
            frame = frame.f_back if frame is not None else None
        via = ""
        if (calls[0] is not None and calls[0].f_code is notify_code and calls[1] is not None
                and calls[1].f_code is touch_code and calls[2] is not None):
            via = method_codes.get(calls[2].f_code, "")
        data = {"row": row, "via": via or "elsewhere"}
        if via:
            q = calls[2].f_locals.get("self")
            data["own_check"] = own_check(q)
            data["registered"] = registry.get(getattr(q, "key", None)) is q
            chapter_module = sys.modules.get(f"latentedu.exercises.{getattr(q, 'chapter', '')}")
            if chapter_module is not None:  # a course chapter: is this its own question object?
                data["chapter_question"] = getattr(chapter_module, getattr(q, "name", ""), None) is q
            if via == "check":
                data["answer"] = answer_source(calls[2].f_locals.get("answer"))
        write("record", data)

    def declared() -> list:
        return [record_of(q).as_dict() for q in list(registry.values())]

    def after_cell(*_args) -> None:
        write("cell", {"declared": declared()})

    engine.on_record(listener)
    shell = None
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        pass
    if shell is not None:
        shell.events.register("post_run_cell", after_cell)

    def finish_now() -> None:
        replaced = [name for name, value in watched.items() if getattr(engine, name, None) is not value]
        replaced += [f"Question.{name}" for name, value in methods.items()
                     if getattr(question, name, None) is not value]
        removed = []
        if listener not in watched["_LISTENERS"] or getattr(engine, "_LISTENERS", None) is not watched["_LISTENERS"]:
            removed.append("the grader's record listener")
        if shell is not None and after_cell not in shell.events.callbacks.get("post_run_cell", []):
            removed.append("the grader's after-cell hook")
        try:
            reported = json.loads(engine.results_json())
        except Exception as exc:  # whatever a replaced function does
            reported = f"{type(exc).__name__}: {exc}"
        write("final", {"declared": declared(), "reported": reported, "replaced": replaced, "removed": removed})

    write("ready", {"python": sys.version.split()[0]})
    _finish = finish_now


_SIMPLE = (int, float, str, bool, type(None))


def _rebuild_spec(answer, inspect, sys, _depth: int = 0) -> dict:
    """The source of a function defined in the notebook, and the globals it uses, where they can travel:
    modules (by name), other notebook functions (by source) and plain constants. Anything else (a
    lambda, a closure, a notebook variable holding data) makes it not re-checkable, with the reason."""
    import ast
    import types

    if not inspect.isfunction(answer):
        return {"unavailable": "the answer is not a function defined in the notebook"}
    if answer.__name__ == "<lambda>" or answer.__closure__:
        return {"unavailable": "the answer is a lambda or a closure"}
    try:
        source = inspect.getsource(answer)
        tree = ast.parse(__import__("textwrap").dedent(source))
    except (OSError, TypeError, SyntaxError):
        return {"unavailable": "the answer's source code is not available"}
    if (len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef) or tree.body[0].name != answer.__name__
            or tree.body[0].decorator_list):
        return {"unavailable": "the answer's source is not a plain function definition"}
    names, codes = set(), [answer.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    spec = {"name": answer.__name__, "source": source, "modules": {}, "functions": {}, "constants": {}}
    for name in sorted(names):
        if name not in answer.__globals__:
            continue
        value = answer.__globals__[name]
        if isinstance(value, types.ModuleType):
            spec["modules"][name] = value.__name__
        elif inspect.isfunction(value) and getattr(value, "__module__", None) == "__main__" and _depth < 3:
            inner = _rebuild_spec(value, inspect, sys, _depth + 1)
            if "unavailable" in inner:
                return {"unavailable": f"it uses the notebook's function `{name}`, which cannot be rebuilt"}
            spec["functions"][name] = inner
        elif inspect.isfunction(value) or inspect.isclass(value) or inspect.isbuiltin(value):
            module = getattr(value, "__module__", None)
            if not module or module == "__main__" or getattr(sys.modules.get(module), name, None) is not value:
                return {"unavailable": f"it uses `{name}`, which cannot be rebuilt outside the notebook"}
            spec["modules"][name] = f"{module}:{name}"
        elif isinstance(value, _SIMPLE):
            spec["constants"][name] = value
        else:
            return {"unavailable": f"it uses the notebook's variable `{name}`"}
    return spec


def finish() -> None:
    """Write the closing line of the record (the grader runs this after the last learner cell)."""
    if _finish is None:
        raise RuntimeError("the grader's recorder is not installed in this kernel")
    _finish()
