"""The claims mechanism: a stated result that flips fails loudly in tests, and reads honestly to a learner."""

import json

import nbformat
import numpy as np
import pytest
import torch

from latentedu import claims


@pytest.fixture(autouse=True)
def _empty_registry(monkeypatch):
    monkeypatch.delenv(claims.STRICT_VARIABLE, raising=False)
    claims.clear()
    yield
    claims.clear()


def test_a_claim_that_holds_shows_the_lessons_sentence():
    made = claims.claim("A beats B", 0.2 < 0.5, values={"A": 0.2, "B": 0.5}, says="A's error 0.2 is below B's 0.5.")
    assert made.holds and made.sentence == "A's error 0.2 is below B's 0.5."
    assert claims.registered() == [{"name": "A beats B", "holds": True, "values": {"A": 0.2, "B": 0.5}}]


def test_a_claim_that_flips_says_what_was_measured_instead():
    made = claims.claim("A beats B", np.float64(0.7) < 0.5, values={"A": np.float64(0.7), "B": torch.tensor(0.5)},
                        says="A beats B.", otherwise="B beats A on this run.")
    assert not made.holds
    assert made.sentence.startswith("B beats A on this run.") and "expected “A beats B”" in made.sentence
    assert made._repr_markdown_().startswith("⚠️")
    assert json.loads(claims.registered_json())[0]["values"] == {"A": 0.7, "B": 0.5}


def test_strict_mode_fails_naming_the_claim_and_its_values(monkeypatch):
    monkeypatch.setenv(claims.STRICT_VARIABLE, "1")
    claims.claim("holds", True, {"x": 1})
    with pytest.raises(claims.ClaimDoesNotHold, match=r"“ratio under 5” does not hold.*ratio = 6.2"):
        claims.claim("ratio under 5", 6.2 < 5, {"ratio": 6.2})
    assert [c["holds"] for c in claims.registered()] == [True, False], "the failed claim is still recorded"


def test_claims_refuse_what_cannot_be_judged():
    with pytest.raises(TypeError, match="True or False"):
        claims.claim("vague", 0.3, {})
    with pytest.raises(ValueError, match="not finite"):
        claims.claim("nan", True, {"error": float("nan")})
    with pytest.raises(ValueError, match="needs a name"):
        claims.claim(" ", True)


def test_a_flipped_claim_fails_a_notebook_run_under_the_test_suite(tmp_path, monkeypatch):
    """What the suite's nbval run does with a lesson whose result flipped: the cell errors, naming the claim."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    monkeypatch.setenv(claims.STRICT_VARIABLE, "1")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from latentedu.claims import claim\n"
        "ae, pca = 0.031, 0.029  # a run where the autoencoder lost\n"
        "claim('autoencoder beats PCA', ae < pca, {'autoencoder': ae, 'PCA': pca})")])
    with pytest.raises(CellExecutionError, match="autoencoder beats PCA"):
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()
