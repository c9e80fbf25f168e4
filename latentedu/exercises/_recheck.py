"""Re-check recorded answers in a clean process (run by ``latentedu grade``, never by learners).

``main([ITEMS.json, OUT.json])`` (run by the grader in a new Python process, with
the submission's folder taken off ``sys.path``) reads the answers
that the grader's recorder captured in a learner's kernel (the source of each
function answer and the modules, notebook functions and constants it uses),
rebuilds each function here, where no learner cell ran, and checks it with the
chapter's own question as freshly imported. It writes ``{question: {"outcome":
..., "message": ...}}`` to OUT.json, or ``{"outcome": null, "why": ...}`` where
the answer could not be rebuilt.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import textwrap


def _rebuild(spec: dict, namespace: dict):
    for name, target in spec["modules"].items():
        module, _, attribute = target.partition(":")
        value = importlib.import_module(module)
        namespace[name] = getattr(value, attribute) if attribute else value
    namespace.update(spec["constants"])
    for inner in spec["functions"].values():
        _rebuild(inner, namespace)
    exec(compile(textwrap.dedent(spec["source"]), "<the learner's answer>", "exec"), namespace)  # noqa: S102
    return namespace[spec["name"]]


def recheck(items: list[dict]) -> dict:
    from latentedu.exercises import engine

    out = {}
    for item in items:
        key, chapter = item["question"], item.get("chapter") or ""
        if not chapter.isidentifier() or importlib.util.find_spec(f"latentedu.exercises.{chapter}") is None:
            out[key] = {"outcome": None, "why": "its chapter has no question module in the course"}
            continue
        try:
            importlib.import_module(f"latentedu.exercises.{chapter}")
            question = engine._REGISTRY[key]
            answer = _rebuild(item["answer"], {"__name__": "__main__"})
        except Exception as exc:  # the learner's source, rebuilt out of its notebook
            out[key] = {"outcome": None, "why": f"the answer could not be rebuilt ({type(exc).__name__}: {exc})"}
            continue
        result = question.check(answer)
        out[key] = {"outcome": result.outcome.value, "message": (result.message or "").split("\n\n")[0]}
    return out


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as handle:
        items = json.load(handle)
    out = recheck(items)
    with open(argv[1], "w", encoding="utf-8") as handle:  # written last, over anything learner code wrote
        json.dump(out, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
