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
    # section 3, mini-batches on 200 points (lr 0.05): loss on all points after one epoch, full batch against 32
    "minibatch_full_after_epoch1": "float(runs[200].epoch_ends[1])",
    "minibatch_b32_after_epoch1": "float(runs[32].epoch_ends[1])",
    # ... batch 32 against the full batch after 7 steps (the claim: within 20%)
    "minibatch_b32_over_full_after_7_steps": "float(runs[32].loss[7] / runs[200].loss[7])",
    # ... how much the batch of 1 jitters over its last epoch, against the batch of 32
    "minibatch_b1_last_epoch_range": "float(np.ptp(runs[1].last_epoch))",
    "minibatch_b32_last_epoch_range": "float(np.ptp(runs[32].last_epoch))",
    # ... mean relative error of a batch-32 gradient at the start point
    "gradient_spread_b32": "float(spread[32])",
    # gradient descent on the regression: loss after 100 steps minus the least-squares loss
    "regression_gap_to_least_squares": "float(losses[-1] - loss_and_gradient(w_best, b_best)[0])",
}
