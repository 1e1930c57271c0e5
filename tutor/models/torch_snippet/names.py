"""PyTorch's spellings: `nn.Conv2d`, `torch.nn.Conv2d`, `torch.nn.modules.conv.Conv2d` are one
class; `F.relu` is `torch.nn.functional.relu`."""

from __future__ import annotations

CONTAINERS = frozenset({"Sequential", "ModuleList"})
NOT_LAYERS = frozenset({"Module", "Parameter", "ParameterList", "ParameterDict", "ModuleDict",
                        "DataParallel", "Sequential", "ModuleList", "init", "utils",
                        "functional", "modules", "parallel"})
FACTORIES = frozenset({"randn", "rand", "zeros", "ones", "empty", "randint"})
INT_DTYPES = frozenset({"torch.long", "torch.int", "torch.int64", "torch.int32", "torch.int16",
                        "torch.int8", "torch.uint8", "torch.bool"})
# Tensor methods that return the same tensor as far as shapes go.
SAME_TENSOR = frozenset({"contiguous", "float", "double", "half", "bfloat16", "to", "cuda",
                         "cpu", "detach", "clone", "requires_grad_", "type_as", "long", "int",
                         "abs", "exp", "log", "sqrt", "neg", "clamp", "clamp_"})
# Tensor methods traced as operations, as the calculator names them ("Tensor.view").
TENSOR_OPS = frozenset({"view", "reshape", "flatten", "squeeze", "unsqueeze", "permute",
                        "transpose", "mean", "sum", "amax", "relu", "sigmoid", "tanh", "softmax",
                        "log_softmax"})
# Modules and functions whose call returns several tensors, as nested tuples of output indexes.
OUTPUTS = {"LSTM": (0, (1, 2)), "GRU": (0, 1), "RNN": (0, 1), "MultiheadAttention": (0, 1)}
# Position of `return_indices` among each pooling's arguments (after the input for functions).
RETURN_INDICES = {"MaxPool1d": 4, "MaxPool2d": 4, "MaxPool3d": 4, "AdaptiveMaxPool1d": 1,
                  "AdaptiveMaxPool2d": 1, "AdaptiveMaxPool3d": 1, "F.max_pool1d": 5,
                  "F.max_pool2d": 5, "F.max_pool3d": 5, "F.adaptive_max_pool1d": 1,
                  "F.adaptive_max_pool2d": 1, "F.adaptive_max_pool3d": 1}


def canonical(path: str) -> str:
    """`torch.nn.modules.conv.Conv2d` → `torch.nn.Conv2d`."""
    if path.startswith("torch.nn.modules."):
        return "torch.nn." + path.rsplit(".", 1)[-1]
    return path


def in_torch(path: str) -> bool:
    return path == "torch" or path.startswith("torch.")


def layer_class(path: str) -> str | None:
    """"Conv2d" for `torch.nn.Conv2d`: a module class (CapWords, not a container)."""
    path = canonical(path)
    module, _, name = path.rpartition(".")
    if module == "torch.nn" and name[:1].isupper() and name not in NOT_LAYERS:
        return name
    return None


def container(path: str) -> str | None:
    module, _, name = canonical(path).rpartition(".")
    return name if module == "torch.nn" and name in (*CONTAINERS, "ModuleDict") else None


def function_type(path: str) -> str | None:
    """The calculator's name for a function on tensors: "F.relu", "torch.flatten"."""
    module, _, name = path.rpartition(".")
    if module == "torch.nn.functional":
        return f"F.{name}"
    if module == "torch" and name not in FACTORIES:
        return f"torch.{name}"
    return None


def factory(path: str) -> str | None:
    module, _, name = path.rpartition(".")
    return name if module == "torch" and name in FACTORIES else None


def outputs_of(type_: str, positional: tuple, keywords: dict) -> tuple | int:
    """How a call's result unpacks: 0 for one tensor, else nested tuples of output indexes."""
    if type_ in OUTPUTS:
        return OUTPUTS[type_]
    if type_ in RETURN_INDICES:
        index = RETURN_INDICES[type_]
        given = keywords.get("return_indices",
                             positional[index] if len(positional) > index else False)
        if given is True:
            return (0, 1)
    return 0
