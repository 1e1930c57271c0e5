"""Plain-text rendering of calculator results for the command line (pipe-friendly, no colour)."""

from __future__ import annotations

from tutor.calc.derivation import Step, fmt
from tutor.calc.result import ModelSummary


def summary_table(summary: ModelSummary, title: str | None = None) -> str:
    """A table in the style of Keras's `model.summary()`."""
    rows = [(f"{layer.name} ({layer.type})", fmt(layer.output_shape), f"{layer.params:,}")
            for layer in summary.layers]
    head = ("Layer (type)", "Output Shape", "Param #")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    width = sum(widths) + 6

    def line(cells: tuple[str, str, str]) -> str:
        return (f"{cells[0]:<{widths[0]}}   {cells[1]:<{widths[1]}}   "
                f"{cells[2]:>{widths[2]}}").rstrip()

    out = []
    if title:
        out.append(title)
    out += ["━" * width, line(head), "━" * width]
    out += [line(r) for r in rows]
    out += ["━" * width,
            f" Total params: {summary.total_params:,}",
            f" Trainable params: {summary.trainable_params:,}",
            f" Non-trainable params: {summary.non_trainable_params:,}"]
    return "\n".join(out)


def step_lines(steps: tuple[Step, ...], indent: str = "  ") -> list[str]:
    """A derivation, one step a line: label, formula, numbers, value."""
    out = []
    for step in steps:
        value = fmt(step.value)
        if step.substituted and step.substituted != value:
            out.append(f"{indent}{step.label}: {step.formula} = {step.substituted} = {value}")
        else:
            out.append(f"{indent}{step.label}: {step.formula} = {value}")
        if step.note:
            out.append(f"{indent}  ({step.note})")
    return out


def explain(summary: ModelSummary) -> str:
    out = []
    for layer in summary.layers:
        out.append(f"{layer.name} ({layer.type}): input {fmt(layer.input_shape)} → "
                   f"output {fmt(layer.output_shape)}, {layer.params:,} params")
        out += step_lines(layer.steps)
    return "\n".join(out)
