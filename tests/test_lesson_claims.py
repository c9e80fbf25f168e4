"""What a lesson says is what it computed (issue 10): the rules the tests can enforce, per lesson.

1. **Numbers in the text were printed.** A number written in a Markdown cell must appear in the
   same notebook's stored outputs, or be a setting that a code cell of the notebook writes
   literally. Allowed without that: section and chapter numbers, question names (Q1), years,
   single-digit whole numbers (counts and names: "the 2-D code", "digits 0-9", "5 seeds"), numbers
   inside formulas (``$...$``) and code spans (a rule such as ``s = 0.99 s + 0.01 g**2``), and the lesson's entries in ``ALLOWED_NUMBERS`` below, each with
   the reason it is not a measured result.
2. **Verdicts sit next to a claim.** A Markdown cell that uses a verdict word (``VERDICT_WORDS``)
   must be next to (just before or just after) a code cell that calls ``claim(...)``, the cell
   that computes the verdict and prints it (``latentedu.claims``). Phrases where such a word is
   not a verdict on a measurement ("the best direction", a least-squares fit) are listed in
   ``NOT_VERDICTS``.
3. **Training claims hold on five seeds.** ``benchmarks/seed_claims/NN_topic.py`` registers the
   chapter's seed-dependent claims; the latest ``benchmarks/results/seeds-*.json``
   (``python benchmarks/seeds.py``) must cover every one of them on every seed in
   ``benchmarks.seeds.SEEDS``, each must hold on all of them or be declared a spread, each must be
   registered by the lesson with ``claim("the same name", ...)``, and the numbers the lesson
   copies from the report (its ``seed_report = {...}`` cell) must match the report.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_seeds", ROOT / "benchmarks" / "seeds.py")
seeds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seeds)

LESSONS = ["00_latent_space", "01_weights_and_biases", "02_gradient_descent", "03_autoencoders",
           "04_latent_maps", "05_anomaly_detection", "06_gans", "07_vaes"]

VERDICT_WORDS = ["beats", "better", "worse", "outperforms", "fails", "wins", "loses", "best", "worst"]
VERDICT = re.compile(r"\b(" + "|".join(VERDICT_WORDS) + r")\b", re.IGNORECASE)

# Phrases in which a verdict word names a method, not a measured result (removed before the check).
NOT_VERDICTS = [
    r"best (?:fitting |fitted )?(?:direction|line|straight line|fit|plain step|heavy ball|settings|k-dimensional)",
    r"(?:direction|line) that predicts (?:each property|it) best",  # least squares: best by definition
    r"at (?:its|their) best settings",                               # the step sizes theory gives
    r"best any straight line can do",                                # least squares, by construction
    r"best flat \$?k\$?-dimensional",
    r"the best the code can do",
]

# Numbers a lesson may write without printing them, and why each is not a measured result.
ALLOWED_NUMBERS: dict[str, dict[str, str]] = {
    "00_latent_space": {
        "17": "pixel values come in 17 steps (0-16), printed in the 8x8 picture as whole numbers",
    },
    "01_weights_and_biases": {},
    "02_gradient_descent": {
        "0.001": "a value for the learner to type into the race demo's start y",
    },
    "03_autoencoders": {},
}

NUMBER = re.compile(r"(?<![\w.\-^/])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e-?\d+)?)(?![\w.]*\d)(%?)")
SECTION = re.compile(r"^\s*#+\s*[\d.]+\s", re.MULTILINE)
REFERENCES = re.compile(r"\b(?:chapters?|sections?|Q|q|issue)\s*\d+(?:\s*(?:,|and|or|-)\s*\d+)*", re.IGNORECASE)
MATH = re.compile(r"\$[^$]+\$|`[^`]+`")  # formulas and code spans: settings and rules, not results
LINK = re.compile(r"\]\([^)]*\)|https?://\S+")


def _notebook(stem: str):
    return nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)


def _values(text: str) -> set[float]:
    found = set()
    for number, _percent in NUMBER.findall(text):
        try:
            found.add(round(float(number.replace(",", "")), 12))
        except ValueError:
            pass
    return found


def _output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        for kind in ("text/plain", "text/markdown"):
            if kind in data and "image/png" not in data:
                parts.append(data[kind])
    return "\n".join(parts)


def unprinted_numbers(nb, allowed: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """``(cell index, number)`` for every number in a Markdown cell that no output printed."""
    printed, literal = set(), set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            printed |= _values(_output_text(cell))
            literal |= _values(re.sub(r"(?<=\d)_(?=\d)", "", cell.source))  # 20_000 is 20,000
    allowed_values = _values(" ".join(allowed or {}))
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or index == 0:  # the title cell: links, badges, chapter number
            continue
        text = SECTION.sub(" ", cell.source)
        text = REFERENCES.sub(" ", MATH.sub(" ", LINK.sub(" ", text)))
        for number, _percent in NUMBER.findall(text):
            value = round(float(number.replace(",", "")), 12)
            if (value in printed or value in literal or value in allowed_values
                    or (value.is_integer() and 0 <= value <= 9) or (value.is_integer() and 1900 <= value <= 2099)):
                continue
            missing.append((index, number))
    return missing


def unclaimed_verdicts(nb) -> list[tuple[int, str]]:
    """``(cell index, word)`` for verdict words in Markdown cells with no ``claim(...)`` cell beside them."""
    cells = nb.cells
    bad = []
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        text = cell.source
        for phrase in NOT_VERDICTS:
            text = re.sub(phrase, " ", text, flags=re.IGNORECASE)
        words = VERDICT.findall(text)
        if not words:
            continue
        neighbours = [cells[i] for i in (index - 1, index + 1) if 0 <= i < len(cells)]
        if not any(c.cell_type == "code" and "claim(" in c.source for c in neighbours):
            bad.append((index, words[0]))
    return bad


@pytest.mark.parametrize("stem", LESSONS)
def test_numbers_in_the_text_were_printed(stem):
    nb = _notebook(stem)
    missing = unprinted_numbers(nb, ALLOWED_NUMBERS.get(stem))
    assert not missing, (f"notebooks/{stem}.ipynb states numbers no cell printed (cell index, number): {missing}. "
                         "Print them from the computed values, or (for a setting) write them in a code cell.")
    needed = {number for _, number in unprinted_numbers(nb)}
    unused = set(ALLOWED_NUMBERS.get(stem, {})) - needed
    assert not unused, f"ALLOWED_NUMBERS[{stem!r}] allows {sorted(unused)}, which the lesson no longer needs: remove them"


@pytest.mark.parametrize("stem", LESSONS)
def test_verdicts_sit_next_to_a_claim(stem):
    bad = unclaimed_verdicts(_notebook(stem))
    assert not bad, (f"notebooks/{stem}.ipynb: Markdown cells with a verdict word and no claim(...) cell "
                     f"beside them (cell index, word): {bad}. Compute the verdict with latentedu.claims.claim "
                     "in the cell before or after, and let it print the sentence.")


def _latest_report() -> dict:
    path = seeds.latest_report()
    assert path is not None, "no benchmarks/results/seeds-*.json: run python benchmarks/seeds.py"
    return json.loads(path.read_text())


def _seed_report_literal(stem: str) -> dict | None:
    """The ``seed_report = {...}`` the lesson copies from the seed report, if it has one."""
    tree = ast.parse((ROOT / "course" / f"{stem}.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "seed_report" for t in node.targets):
            return ast.literal_eval(node.value)
    return None


@pytest.mark.parametrize("stem", LESSONS)
def test_training_claims_hold_on_five_seeds(stem):
    chapters = seeds.load_chapters()
    assert stem in chapters, f"benchmarks/seed_claims/{stem}.py is missing: register the chapter's training claims"
    module = chapters[stem]
    assert module.NOTEBOOK == f"notebooks/{stem}.ipynb"
    report = {e["name"]: e for e in _latest_report()["claims"] if e["chapter"] == stem}
    source = (ROOT / "course" / f"{stem}.py").read_text()
    for name in module.CLAIMS:
        assert name in report, f"the latest seed report lacks “{name}”: run python benchmarks/seeds.py --chapters {stem[:2]}"
        entry = report[name]
        assert entry["seeds"] == list(seeds.SEEDS), f"“{name}” was measured on seeds {entry['seeds']}"
        assert entry["holds_on"] == sum(entry["holds"]) and len(entry["values"]) == len(entry["seeds"])
        assert entry["holds_on"] == len(entry["seeds"]) or name in getattr(module, "SPREAD", {}), (
            f"“{name}” holds on {entry['holds_on']} of {len(entry['seeds'])} seeds: reword it to what holds "
            f"and declare it in SPREAD, or change the setting until it holds. Values: {entry['values']}")
        assert f'"{name}"' in source or f"'{name}'" in source, (
            f"course/{stem}.py does not register the claim “{name}” (claim(\"{name}\", ...))")
    copied = _seed_report_literal(stem)
    spreads = set(getattr(module, "SPREAD", {}))
    if spreads:
        assert copied is not None, f"course/{stem}.py states spreads but has no seed_report = {{...}} cell"
        assert spreads <= set(copied), f"course/{stem}.py's seed_report lacks the spreads {spreads - set(copied)}"
    for name, numbers in (copied or {}).items():
        assert name in report, f"course/{stem}.py's seed_report names “{name}”, which the seed report lacks"
        for key, stated in numbers.items():
            if key == "holds_on":
                assert stated == report[name]["holds_on"], f"“{name}”: the lesson says {stated} seeds, the report {report[name]['holds_on']}"
                continue
            measured = [v[key] for v in report[name]["values"]]
            assert len(stated) == len(measured) and all(
                abs(s - m) <= 0.006 + 0.006 * abs(m) for s, m in zip(stated, measured)), (
                f"“{name}” / {key}: the lesson copies {stated}, the latest seed report has {measured}")


# --- the rules themselves can fail ----------------------------------------------------------------

def _fake(cells):
    nb = nbformat.v4.new_notebook()
    for kind, text, printed in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
        else:
            cell = nbformat.v4.new_code_cell(text)
            if printed:
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
            nb.cells.append(cell)
    return nb


def test_an_unprinted_number_and_an_unclaimed_verdict_are_caught():
    nb = _fake([("md", "# title 0.123", None),
                ("code", "acc = run(epochs=60)\nprint(acc)", "accuracy 0.958\n"),
                ("md", "## 2. Results\nAfter 60 epochs the accuracy is 0.958, not 0.980 (chapter 00, Q4, 2015).", None),
                ("md", "So the latent code beats the pixels.", None),
                ("md", "The best direction, fitted on training codes, wins.", None),
                ("code", "claim('x', True, {})", None)])
    assert unprinted_numbers(nb) == [(2, "0.980")]
    assert unclaimed_verdicts(nb) == [(3, "beats")]  # cell 4 sits beside a claim cell; "best direction" is no verdict
    nb.cells[5].source = "print('no claim here')"
    assert unclaimed_verdicts(nb) == [(3, "beats"), (4, "wins")]


def test_a_claim_below_five_seeds_fails_unless_stated_as_a_spread():
    entry = {"name": "A beats B", "holds_on": 4, "seeds": [0, 1, 2, 3, 4], "spread": False}
    assert seeds.failures([entry]) == [entry]
    assert seeds.failures([dict(entry, spread=True)]) == []
    assert seeds.failures([dict(entry, holds_on=5)]) == []


def test_a_flipped_seed_result_or_a_stale_copy_fails_the_chapter(tmp_path, monkeypatch):
    """Flip one of chapter 03's claims on one seed in a copy of the report: the chapter's test fails, naming it."""
    report = _latest_report()
    name = "the autoencoder beats PCA at k = 2 and k = 8"
    entry = next(e for e in report["claims"] if e["name"] == name)
    entry["holds"][3], entry["holds_on"] = False, entry["holds_on"] - 1
    flipped = tmp_path / "seeds-99999999-999999.json"
    flipped.write_text(json.dumps(report))
    monkeypatch.setattr(seeds, "latest_report", lambda directory=None: flipped)
    with pytest.raises(AssertionError, match="holds on 4 of 5 seeds"):
        test_training_claims_hold_on_five_seeds("03_autoencoders")
    entry["holds"][3], entry["holds_on"] = True, entry["holds_on"] + 1
    entry["values"][3]["AE / PCA, k=2"] += 0.05  # a new seed run moved a number the lesson copies
    flipped.write_text(json.dumps(report))
    with pytest.raises(AssertionError, match="the lesson copies"):
        test_training_claims_hold_on_five_seeds("03_autoencoders")


def test_seed_0_of_the_seed_report_is_the_lessons_own_run():
    """The seed runner repeats the lesson, not something like it: on the lesson's seed it measures the lesson's numbers.

    Compared with the claims the latest benchmark recorded from the lessons' own kernels
    (``benchmarks/run.py``), for every claim both hold; a value name present in both must agree.
    """
    benches = sorted((ROOT / "benchmarks" / "results").glob("bench-*.json"))
    recorded = {}
    for bench in benches:  # the newest record of each claim
        for entry in json.loads(bench.read_text()).get("claims", []):
            recorded[entry["name"]] = entry
    report = _latest_report()["claims"]
    shared = [e for e in report if e["name"] in recorded]
    if not shared:
        pytest.skip("no benchmark run has recorded the lessons' claims yet (python benchmarks/run.py)")
    mismatched = []
    for entry in shared:
        lesson = recorded[entry["name"]]["values"]
        at_lesson_seed = entry["values"][entry["seeds"].index(0)]
        common = set(lesson) & set(at_lesson_seed)
        assert common, f"“{entry['name']}”: the lesson and benchmarks/seed_claims name no value alike"
        mismatched += [(entry["name"], key, lesson[key], at_lesson_seed[key]) for key in sorted(common)
                       if isinstance(lesson[key], (int, float))
                       and abs(lesson[key] - at_lesson_seed[key]) > 1e-4 + 1e-3 * abs(lesson[key])]
    assert not mismatched, ("seed 0 of the seed report differs from the lesson's run (claim, value, lesson, report); "
                            f"benchmarks/seed_claims drifted from the lesson, or the report is stale: {mismatched}")


def test_the_seed_runner_measures_once_per_seed_and_reports_each_claim(tmp_path):
    (tmp_path / "09_toy.py").write_text(
        'NOTEBOOK = "notebooks/09_toy.ipynb"\n'
        "calls = []\n"
        "def measure(seed):\n"
        "    calls.append(seed)\n"
        "    return {'ratio': 0.5 + 0.2 * seed}\n"
        "CLAIMS = {\n"
        "    'ratio under 1': lambda m: (m['ratio'] < 1, {'ratio': m['ratio']}),\n"
        "    'ratio under 1.2': lambda m: (m['ratio'] < 1.2, {'ratio': m['ratio']}),\n"
        "}\n"
        "SPREAD = {'ratio under 1': 'on 3 of 5 seeds'}\n")
    chapters = seeds.load_chapters(tmp_path)
    entries = seeds.measure_chapter("09_toy", chapters["09_toy"], seeds.SEEDS)
    assert chapters["09_toy"].calls == list(seeds.SEEDS), "measure runs once per seed, whatever the number of claims"
    first, second = entries
    assert (first["holds_on"], first["holds"], first["spread"]) == (3, [True, True, True, False, False], True)
    assert [v["ratio"] for v in first["values"]] == pytest.approx([0.5, 0.7, 0.9, 1.1, 1.3])
    assert second["holds_on"] == 4 and not second["spread"]
    assert seeds.failures(entries) == [second]
    assert "FAILS" in seeds.table(entries) and "stated as a spread" in seeds.table(entries)
    (tmp_path / "10_bad.py").write_text('NOTEBOOK = "x"\nCLAIMS = {"a": 1}\n')
    with pytest.raises(ValueError, match="measure missing"):
        seeds.load_chapters(tmp_path)
