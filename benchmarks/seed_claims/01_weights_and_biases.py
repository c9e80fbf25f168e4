"""Seed-dependent claims of chapter 01 (``course/01_weights_and_biases.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). ``measure(seed)`` trains the
playground of section 7 on every data set with ``random_state=seed`` (which draws both the
data sets' points and the network's starting weights), and the linear-activation network on
circles, as the lesson does with ``SEED = 0``.
"""

NOTEBOOK = "notebooks/01_weights_and_biases.ipynb"

# (hidden width, learning rate) per data set, as in the lesson's section 7
SETTINGS = {"moons": (16, 0.03), "circles": (16, 0.03), "xor": (16, 0.03), "spirals": (16, 0.03), "spirals3": (32, 0.05)}


def measure(seed: int) -> dict:
    from latentedu.neurons import Playground, linear_accuracy

    m = {}
    for name, (width, lr) in SETTINGS.items():
        p = Playground(name, width=width, activation_name="tanh", lr=lr, random_state=seed).step(500)
        m[f"test {name}"] = p.accuracy("test")
        m[f"hidden line {name}"] = linear_accuracy(p.hidden(), p.y)
    flat = Playground("circles", width=16, activation_name="linear", lr=0.03, random_state=seed).step(500)
    m["linear circles test"] = flat.accuracy("test")
    return {k: float(v) for k, v in m.items()}


CLAIMS = {
    "the network separates moons, circles and spirals, test points included (accuracy at least 0.95)":
        lambda m: (min(m[f"test {n}"] for n in ("moons", "circles", "spirals")) >= 0.95
                   and min(m[f"hidden line {n}"] for n in ("moons", "circles", "spirals")) >= 0.95,
                   {f"test {n}": m[f"test {n}"] for n in ("moons", "circles", "spirals")}),
    "the network separates XOR, test points included (accuracy at least 0.95)":
        lambda m: (m["test xor"] >= 0.95, {"test xor": m["test xor"], "line in hidden space": m["hidden line xor"]}),
    "the network sorts the 3-class spirals, test points included (accuracy at least 0.8)":
        lambda m: (m["test spirals3"] >= 0.8, {"test spirals3": m["test spirals3"],
                                               "line in hidden space": m["hidden line spirals3"]}),
    "without a nonlinearity the network stays at chance on circles (test accuracy within 0.05 of 0.5)":
        lambda m: (abs(m["linear circles test"] - 0.5) < 0.05, {"test accuracy": m["linear circles test"]}),
}

# Stated in the lesson as a count over the seeds, not as holding on every run.
SPREAD = {
    "the network separates XOR, test points included (accuracy at least 0.95)":
        "on 4 of 5 seeds; on seed 1 the XOR network stops at a test accuracy of 0.73",
}
