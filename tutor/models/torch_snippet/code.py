"""Render a PyTorch model spec as the code that would build it, so a YAML-spec exercise is
shown to learners as PyTorch code:

    import torch
    from torch import nn

    model = nn.Sequential(
        nn.Conv2d(3, 32, 3, stride=2, padding=1),
    )
    x = torch.randn(1, 3, 128, 128)
    out = model(x)
"""

from __future__ import annotations

from typing import Any

from tutor.models.spec import LayerSpec, ModelSpec


def torch_code(spec: ModelSpec) -> str:
    lines = ["import torch", "from torch import nn", "", "model = nn.Sequential("]
    lines += [f"    {layer_code(layer)}," for layer in spec.modules or spec.layers]
    lines.append(")")
    if spec.input_shape is not None:
        shape = (spec.batch_size or 1, *spec.input_shape)
        make = "torch.randint(0, 2, " + literal(shape) + ")" if spec.input_dtype == "int" \
            else "torch.randn(" + ", ".join(str(d) for d in shape) + ")"
        lines += [f"x = {make}", "out = model(x)"]
    return "\n".join(lines)


def layer_code(layer: LayerSpec) -> str:
    args = [literal(value) for value in layer.positional]
    args += [f"{key}={literal(value)}" for key, value in layer.args.items()]
    return f"nn.{layer.type}({', '.join(args)})"


def literal(value: Any) -> str:
    if isinstance(value, tuple | list):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)
