"""Quality figures of chapter 01, read from the lesson's kernel after it ran.

The playground's final test accuracy on each data set (section 7: 500 steps, 300 held-out
points), how well a straight line fitted in the learned 2-unit hidden space separates the
training points, and the same network without a nonlinearity on circles.
"""

NOTEBOOK = "notebooks/01_weights_and_biases.ipynb"

FIGURES = {
    "playground_test_accuracy_moons": "final_accuracy['moons']",
    "playground_test_accuracy_circles": "final_accuracy['circles']",
    "playground_test_accuracy_xor": "final_accuracy['xor']",
    "playground_test_accuracy_spirals": "final_accuracy['spirals']",
    "playground_test_accuracy_spirals3": "final_accuracy['spirals3']",
    "line_in_input_min": "min(raw_accuracy.values())",
    "line_in_hidden_min": "min(hidden_accuracy.values())",
    "xor_hand_layer_accuracy": "hand_accuracy",
    "circles_linear_activation_test_accuracy": "flat.accuracy('test')",
    "playground_parameters_moons": "neurons.count_parameters(playgrounds['moons'].model)",
    # section 5: the cross-entropy of the three example points, by hand (torch's two losses print the same)
    "cross_entropy_three_points": "float(-torch.log(p_true).mean())",
}
