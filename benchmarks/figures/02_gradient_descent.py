"""Quality figures of chapter 02, read from the lesson's kernel after it ran."""

NOTEBOOK = "notebooks/02_gradient_descent.ipynb"

FIGURES = {
    # largest coordinate difference between le.descent paths and torch.optim (20 paths of 150 steps)
    "max_diff_torch": "float(max_diff_torch)",
    # backprop by hand against autograd, and against a central-difference numerical gradient
    "backprop_max_diff_autograd": "float(backprop_diff_autograd)",
    "backprop_max_diff_numerical": "float(backprop_diff_numerical)",
    # steps to within 1e-6 of the minimum on the bowl with condition number 256, each at its best settings
    "gd_steps_kappa_256": "float(descent.steps_to_reach(bowl_k, gd_path))",
    "momentum_steps_kappa_256": "float(descent.steps_to_reach(bowl_k, heavy))",
    # training accuracy of the 2-16-2-1 network on the rings at its last snapshot
    "hidden_final_accuracy": "float(hidden_final_accuracy)",
    # gradient descent on the regression: loss after 100 steps minus the least-squares loss
    "regression_gap_to_least_squares": "float(losses[-1] - loss_and_gradient(w_best, b_best)[0])",
}
