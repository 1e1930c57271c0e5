"""The lesson's two models, with the numbers the lesson prints."""

from tutor.calc import summarize
from tutor.models.mapping import spec_from_mapping


def lesson_model(filters, kernel, stride, padding, input_shape):
    return spec_from_mapping({
        "input_shape": input_shape,
        "layers": [{"type": "Conv2D", "filters": filters, "kernel_size": kernel,
                    "strides": stride, "padding": padding, "activation": "relu"}],
    })


def test_first_model_has_80_params_and_shape_100_100_16():
    summary = summarize(lesson_model(16, 2, 2, "valid", [200, 200, 1]))
    (layer,) = summary.layers
    assert layer.name == "conv2d"
    assert layer.output_shape == (None, 100, 100, 16)
    assert layer.params == 80
    assert summary.total_params == summary.trainable_params == 80
    assert summary.non_trainable_params == 0


def test_second_model_answers_the_three_questions():
    layer = summarize(lesson_model(32, 3, 2, "same", [128, 128, 3])).layers[0]
    assert layer.params == 896
    assert layer.output_shape[layer.axes["depth"]] == 32
    assert layer.output_shape[layer.axes["width"]] == 64


def test_derivation_steps_substitute_the_numbers():
    layer = summarize(lesson_model(32, 3, 2, "same", [128, 128, 3])).layers[0]
    final = layer.derivation("params")[-1]
    assert final.formula == "K × F × F × D_in + K"
    assert final.substituted == "32 × 3 × 3 × 3 + 32"
    assert final.value == 896
    width = layer.derivation("width")[-1]
    assert (width.formula, width.substituted) == ("ceil(W_in / S)", "ceil(128 / 2)")
    assert width.value == 64


def test_quantities_read_the_lesson_answers():
    from tutor.calc.quantities import quantity

    summary = summarize(lesson_model(32, 3, 2, "same", [128, 128, 3]))
    assert quantity(summary, "params").value == 896
    assert quantity(summary, "depth").value == 32
    assert quantity(summary, "channels").value == 32
    assert quantity(summary, "width").value == 64
    assert quantity(summary, "output_shape").value == (None, 64, 64, 32)
    assert quantity(summary, "total_params").value == 896
