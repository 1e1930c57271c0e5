"""Plain-text rendering of calculator results for the command line (pipe-friendly, no colour)."""

from __future__ import annotations

from tutor.calc import cost, reach
from tutor.calc.derivation import Step, fmt
from tutor.calc.result import LayerResult, ModelSummary


def summary_table(summary: ModelSummary, title: str | None = None) -> str:
    """A table in the style of Keras's `model.summary()`; for a functional model that is not
    a chain, with Keras's "Connected to" column (one input a line)."""
    rows: list[tuple[str, ...]] = []
    for layer in summary.layers:
        cells = (f"{layer.name} ({layer.type})", fmt(layer.output_shape), f"{layer.params:,}")
        if not summary.graph:
            rows.append(cells)
            continue
        links = layer.connected_to or ("-",)
        rows.append((*cells, f"{links[0]}{',' if len(links) > 1 else ''}"))
        rows += [("", "", "", f"{link}{',' if i < len(links) - 2 else ''}")
                 for i, link in enumerate(links[1:])]
    head: tuple[str, ...] = ("Layer (type)", "Output Shape", "Param #")
    if summary.graph:
        head += ("Connected to",)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    width = sum(widths) + 3 * (len(head) - 1)

    def line(cells: tuple[str, ...]) -> str:
        text = (f"{cells[0]:<{widths[0]}}   {cells[1]:<{widths[1]}}   "
                f"{cells[2]:>{widths[2]}}")
        return (text + "".join(f"   {c}" for c in cells[3:])).rstrip()

    out = []
    if title:
        out.append(title)
    out += ["━" * width, line(head), "━" * width]
    out += [line(r) for r in rows]
    sizes = cost.keras_sizes(summary)
    out += ["━" * width,
            f" Total params: {summary.total_params:,} "
            f"({cost.readable_bytes(sizes.total_bytes)})",
            f" Trainable params: {summary.trainable_params:,} "
            f"({cost.readable_bytes(sizes.trainable_bytes)})",
            f" Non-trainable params: {summary.non_trainable_params:,} "
            f"({cost.readable_bytes(sizes.non_trainable_bytes)})",
            f" Total mult-adds: {cost.total_mult_adds(summary).value:,} (for one example)"]
    return "\n".join(out)


def cost_lines(summary: ModelSummary, layer: LayerResult, reaches: dict[int, reach.Reach],
               indent: str = "  ") -> list[str]:
    """The layer's mult-adds and receptive field, derived, after its other steps."""
    mult_adds = cost.mult_adds(summary, layer)
    steps = list(mult_adds.steps) if mult_adds.value else []  # no "0 = 0" for weightless layers
    found = reaches.get(id(layer))
    if found is not None and found.steps:
        steps += found.steps
    return step_lines(tuple(steps), indent)


def step_lines(steps: tuple[Step, ...], indent: str = "  ") -> list[str]:
    """A derivation, one step a line: label, formula, numbers, value."""
    out = []
    for step in steps:
        value = fmt(step.value)
        if step.stated:
            out.append(f"{indent}{step.label}: {value}")
        elif step.substituted and step.substituted != value:
            out.append(f"{indent}{step.label}: {step.formula} = {step.substituted} = {value}")
        else:
            out.append(f"{indent}{step.label}: {step.formula} = {value}")
        if step.note:
            out.append(f"{indent}  ({step.note})")
    return out


def explain(summary: ModelSummary) -> str:
    out = []
    reaches = reach.receptive_fields(summary)
    for layer in summary.layers:
        out.append(f"{layer.name} ({layer.type}): input {fmt(layer.input_shape)} → "
                   f"output {fmt(layer.output_shape)}, {layer.params:,} params")
        out += step_lines(layer.steps)
        out += cost_lines(summary, layer, reaches)
    return "\n".join(out)


# -- PyTorch ---------------------------------------------------------------------------------

NO_INPUT = ("No input shape: the model is never called on an example input (such as "
            "`model(torch.randn(2, 3, 32, 32))`), so the shapes are unknown; give one with "
            "--input-shape N,C,H,W. The parameter counts do not depend on it.")


def torch_shape(shape: object) -> str:
    """A shape as torchinfo prints it: [2, 32, 64, 64]; unknown as --."""
    if not isinstance(shape, tuple):
        return "--"
    return "[" + ", ".join("--" if d is None else str(d) for d in shape) + "]"


def torch_summary_table(summary: ModelSummary, title: str | None = None) -> str:
    """A table in the style of torchinfo's `summary(model, input_size=...)`: a row per call
    of each module (a later call of the same module as "(recursive)"), buffers apart."""
    rows = []
    weights = {layer.name: layer.params for layer in summary.layers if not layer.recursive}
    for layer in summary.layers:
        label = f"{layer.type} ({layer.name})" if layer.name else layer.type
        rows.append((label, torch_shape(layer.output_shape), torch_count(layer, weights)))
    head = ("Layer (type (var_name))", "Output Shape", "Param #")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    width = sum(widths) + 6

    def line(cells: tuple[str, str, str]) -> str:
        return (f"{cells[0]:<{widths[0]}}   {cells[1]:<{widths[1]}}   "
                f"{cells[2]:>{widths[2]}}").rstrip()

    out = [title] if title else []
    if summary.input_shape is not None:
        out.append(f"Input: {torch_shape(summary.input_shape)}")
    out += ["=" * width, line(head), "=" * width, *(line(r) for r in rows), "=" * width]
    if summary.uncalled:
        out += ["Not called by forward (no row, but in the totals, as torchinfo counts them): "
                + ", ".join(f"{layer.type} ({layer.name}) {layer.params:,}"
                            for layer in summary.uncalled), "=" * width]
    out += [
            f"Total params: {summary.total_params:,}",
            f"Trainable params: {summary.trainable_params:,}",
            f"Non-trainable params: {summary.non_trainable_params:,}",
            f"Buffers (saved with the model, not parameters): {summary.total_buffers:,}",
            "=" * width]
    if summary.input_shape is None:
        out.append(NO_INPUT)
        return "\n".join(out)
    sizes = cost.torch_sizes(summary)
    out += [f"Total mult-adds {cost.readable_mult_adds(sizes.total_mult_adds)}",
            "=" * width,
            f"Input size (MB): {cost.megabytes(sizes.input_bytes)}",
            f"Forward/backward pass size (MB): {cost.megabytes(sizes.forward_backward_bytes)}",
            f"Params size (MB): {cost.megabytes(sizes.params_bytes)}",
            f"Estimated Total Size (MB): {cost.megabytes(sizes.total_bytes)}",
            "=" * width]
    return "\n".join(out)


def torch_count(layer: LayerResult, weights: dict[str, int]) -> str:
    """torchinfo's Param # cell: "--" for none, "(recursive)" for a later call of a module
    with weights, "(1,234)" when they are all frozen."""
    if not weights.get(layer.name, layer.params):
        return "--"
    if layer.recursive:
        return "(recursive)"
    return f"{layer.params:,}" if layer.trainable else f"({layer.params:,})"


def torch_explain(summary: ModelSummary) -> str:
    """Every call `forward` makes, functional ones included, with its derivation; then the
    modules it never calls."""
    out = []
    called = set()
    reaches = reach.receptive_fields(summary)
    for call in summary.calls:
        called.add(call.name)
        where = f" (line {call.spec.line})" if call.spec and call.spec.line else ""
        name = f"{call.name} ({call.type})" if call.name != call.type else call.type
        out.append(f"{name}{where}: input {torch_shape(call.input_shape)} → output "
                   f"{torch_shape(call.output_shape)}, {call.params:,} params"
                   f"{f', {call.buffers:,} buffers' if call.buffers else ''}")
        out += step_lines(call.steps)
        if summary.input_shape is not None:
            out += cost_lines(summary, call, reaches)
    for layer in (*summary.layers, *summary.uncalled):
        if layer.name not in called:
            out.append(f"{layer.name} ({layer.type}): never called, {layer.params:,} params")
            out += step_lines(tuple(s for s in layer.steps if s.quantity == "params"))
    return "\n".join(out)
