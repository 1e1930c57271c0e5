"""Keras's built-in datasets, known by their shapes only.

Course code often writes `input_shape=x_train.shape[1:]` after `mnist.load_data()`. The data
is never loaded: each array is just its shape, which reshaping, scaling and `to_categorical`
change as numpy would.
"""

from __future__ import annotations

from math import prod
from typing import Any

from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.values import Array

MNIST = ((Array((60000, 28, 28)), Array((60000,))), (Array((10000, 28, 28)), Array((10000,))))
CIFAR = ((Array((50000, 32, 32, 3)), Array((50000, 1))),
         (Array((10000, 32, 32, 3)), Array((10000, 1))))
DATASETS: dict[str, Any] = {
    "keras.datasets.mnist.load_data": MNIST,
    "keras.datasets.fashion_mnist.load_data": MNIST,
    "keras.datasets.cifar10.load_data": CIFAR,
    "keras.datasets.cifar100.load_data": CIFAR,
    "keras.datasets.boston_housing.load_data": ((Array((404, 13)), Array((404,))),
                                                (Array((102, 13)), Array((102,)))),
}
# Arguments of load_data that do not change the shapes.
SHAPELESS_ARGS = frozenset({"path", "label_mode"})
SAME_SHAPE_FUNCTIONS = frozenset({"numpy.asarray", "numpy.array", "numpy.float32"})
METHODS = frozenset({"reshape", "astype", "mean", "std", "sum", "min", "max"})


def load(path: str, args: list[Any], keywords: dict[str, Any]) -> Any:
    if args or set(keywords) - SHAPELESS_ARGS:
        raise Cannot("its arguments may change the data's shape")
    return DATASETS[path]


def attribute(array: Array, name: str) -> Any:
    if name == "shape":
        return array.shape
    if name == "ndim":
        return len(array.shape)
    if name == "size":
        return prod(array.shape)
    raise Cannot("only an array's shape is known")


def reshape(array: Array, args: list[Any]) -> Array:
    target = args[0] if len(args) == 1 and isinstance(args[0], tuple | list) else args
    if not target or not all(isinstance(d, int) and not isinstance(d, bool) for d in target):
        raise Cannot("the new shape is not a tuple of integers")
    size = prod(array.shape)
    unknown = [i for i, d in enumerate(target) if d == -1]
    known = prod(d for d in target if d != -1)
    dims = list(target)
    if len(unknown) == 1 and known > 0 and size % known == 0:
        dims[unknown[0]] = size // known
    if any(d < 0 for d in dims) or prod(dims) != size:
        raise Cannot(f"an array of shape {array.shape} cannot be reshaped to {tuple(target)}")
    return Array(tuple(dims))


def expand_dims(array: Array, axis: Any) -> Array:
    rank = len(array.shape) + 1
    if not isinstance(axis, int) or not -rank <= axis < rank:
        raise Cannot("the axis is not an integer within the array's rank")
    dims = list(array.shape)
    dims.insert(axis % rank, 1)
    return Array(tuple(dims))


def to_categorical(labels: Array, classes: Any) -> Array:
    if not isinstance(classes, int) or classes < 1:
        raise Cannot("the number of classes is not given as a number")
    shape = labels.shape[:-1] if labels.shape and labels.shape[-1] == 1 else labels.shape
    return Array((*shape, classes))


def binary(left: Any, right: Any) -> Array:
    """`x_train / 255`, `x - mean`: numpy's broadcasting of the two shapes."""
    shapes = []
    for value in (left, right):
        if isinstance(value, Array):
            shapes.append(value.shape)
        elif not isinstance(value, int | float):
            raise Cannot("only arithmetic with numbers is followed on data arrays")
    rank = max(len(s) for s in shapes)
    padded = [(1,) * (rank - len(s)) + s for s in shapes]
    dims = []
    for sizes in zip(*padded, strict=True):
        others = {d for d in sizes if d != 1}
        if len(others) > 1:
            raise Cannot(f"shapes {shapes[0]} and {shapes[-1]} do not broadcast")
        dims.append(others.pop() if others else 1)
    return Array(tuple(dims))


def index(array: Array, key: Any) -> Array:
    """`x[0]` drops the first axis; `x[:1000]` shortens it."""
    if isinstance(key, int):
        if not -array.shape[0] <= key < array.shape[0]:
            raise Cannot("the index is out of range")
        return Array(array.shape[1:])
    if isinstance(key, slice):
        return Array((len(range(array.shape[0])[key]), *array.shape[1:]))
    raise Cannot("only an integer or a slice of the first axis is followed")


def call(path: str, args: list[Any], keywords: dict[str, Any]) -> Any:
    """Library functions on arrays, by canonical path; `None` when `path` is not one."""
    first = args[0] if args else None
    if path in DATASETS:
        return load(path, args, keywords)
    if not isinstance(first, Array):
        return None
    if path in SAME_SHAPE_FUNCTIONS:
        return first
    if path == "numpy.expand_dims":
        return expand_dims(first, args[1] if len(args) > 1 else keywords.get("axis"))
    if path == "numpy.reshape":
        return reshape(first, args[1:] or [keywords.get("newshape", keywords.get("shape"))])
    if path.startswith("keras.") and path.endswith(".to_categorical"):
        return to_categorical(first, args[1] if len(args) > 1 else keywords.get("num_classes"))
    return None


def method(array: Array, name: str, args: list[Any], keywords: dict[str, Any]) -> Array:
    if name == "reshape":
        return reshape(array, args)
    if name == "astype":
        return array
    return reduce(array, args[0] if args else keywords.get("axis"))  # mean, std, ...


def reduce(array: Array, axis: Any) -> Array:
    """`x.mean(axis=0)`: the axis is dropped; with no axis, a single number."""
    if axis is None:
        return Array(())
    rank = len(array.shape)
    if not isinstance(axis, int) or not -rank <= axis < rank:
        raise Cannot("the axis is not an integer within the array's rank")
    dims = list(array.shape)
    del dims[axis % rank]
    return Array(tuple(dims))


def applies(path: str, args: list[Any]) -> bool:
    return path in DATASETS or (bool(args) and isinstance(args[0], Array))
