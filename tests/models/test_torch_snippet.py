"""The PyTorch snippet reader: the ways code writes nn.Sequential and nn.Module models, the
input shape, which model is chosen, and what it refuses (naming the line)."""

from __future__ import annotations

import contextlib
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.errors import TutorError
from tutor.models.spec import ModelSpec
from tutor.models.torch_snippet import spec_from_torch_snippet


def read(source: str) -> ModelSpec:
    return spec_from_torch_snippet(textwrap.dedent(source))


def rows(source: str) -> list[tuple[str, str, tuple | None, int]]:
    summary = summarize(read(source))
    return [(r.name, r.type, r.output_shape, r.params) for r in summary.layers]


def error(source: str) -> TutorError:
    with pytest.raises(TutorError) as raised:
        summarize(read(source))
    return raised.value


LESSON_ROWS = [("0", "Conv2d", (2, 32, 64, 64), 896), ("1", "ReLU", (2, 32, 64, 64), 0)]


@pytest.mark.parametrize("source", [
    """
    import torch
    from torch import nn
    model = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.ReLU())
    x = torch.randn(2, 3, 128, 128)
    out = model(x)
    """,
    """
    import torch
    import torch.nn as nn
    model = nn.Sequential(nn.Conv2d(in_channels=3, out_channels=32, kernel_size=(3, 3),
                                    stride=(2, 2), padding=(1, 1)), nn.ReLU(inplace=True))
    model(torch.zeros(2, 3, 128, 128))
    """,
    """
    import torch
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 32, 3, 2, 1), torch.nn.ReLU())
    print(model(torch.rand((2, 3, 128, 128))).shape)
    """,
    """
    import torch
    from torch.nn import Conv2d, ReLU, Sequential
    layers = [Conv2d(3, 32, 3, stride=2, padding=1)]
    layers.append(ReLU())
    model = Sequential(*layers)
    model(torch.randn(2, 3, 128, 128))
    """,
    """
    import torch
    from torch import nn
    model = nn.Sequential()
    model.append(nn.Conv2d(3, 32, 3, stride=2, padding=1))
    model.append(nn.ReLU())
    out = model(torch.randn(2, 3, 128, 128))
    """,
    """
    import torch
    from torch import nn
    SIZE, CHANNELS, FILTERS = 128, 3, 16 * 2
    model = nn.Sequential(nn.Conv2d(CHANNELS, FILTERS, 3, stride=SIZE // 64, padding=1),
                          nn.ReLU())
    out = model(torch.randn(2, CHANNELS, SIZE, SIZE))
    """,
    """
    from torch.nn import *
    import torch
    model = Sequential(Conv2d(3, 32, 3, stride=2, padding=1), ReLU())
    model(torch.randn(2, 3, 128, 128))
    """,
    """
    import torch.nn as nn
    from torchinfo import summary
    model = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.ReLU())
    summary(model, input_size=(2, 3, 128, 128))
    """,
    """
    import torch
    import torch.nn as nn
    def make(channels=3):
        return nn.Sequential(nn.Conv2d(channels, 32, 3, stride=2, padding=1), nn.ReLU())
    model = make().to("cpu")
    model.eval()
    out = model(torch.randn(2, 3, 128, 128).float())
    """,
])
def test_sequential_in_every_spelling(source: str) -> None:
    assert rows(source) == LESSON_ROWS


def test_ordered_dict_names_and_nested_sequentials() -> None:
    assert rows("""
        from collections import OrderedDict
        import torch
        from torch import nn
        block = nn.Sequential(OrderedDict([("conv", nn.Conv2d(1, 4, 3)), ("act", nn.ReLU())]))
        model = nn.Sequential(block, nn.Flatten(), nn.Linear(4 * 26 * 26, 2))
        model(torch.randn(5, 1, 28, 28))
        """) == [("0.conv", "Conv2d", (5, 4, 26, 26), 40), ("0.act", "ReLU", (5, 4, 26, 26), 0),
                 ("1", "Flatten", (5, 2704), 0), ("2", "Linear", (5, 2), 5410)]


MODULE = """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc2 = nn.Linear(120, 10)
            self.conv = nn.Conv2d(3, 6, 5)
            self.fc1 = nn.Linear(6 * 14 * 14, 120)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.conv(x)), 2)
            x = x.view(x.size(0), -1)
            return self.fc2(F.relu(self.fc1(x)))

    model = Net()
    out = model(torch.randn(4, 3, 32, 32))
    """


def test_module_rows_follow_the_order_forward_calls_them() -> None:
    """torchinfo's rows are the calls as they happen, whatever order __init__ made them in."""
    assert rows(MODULE) == [("conv", "Conv2d", (4, 6, 28, 28), 456),
                            ("fc1", "Linear", (4, 120), 141240),
                            ("fc2", "Linear", (4, 10), 1210)]


def test_a_module_forward_never_calls_is_no_row_but_is_counted() -> None:
    summary = summarize(read("""
        import torch
        from torch import nn
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self.spare = nn.Linear(7, 7)
                self.norm = nn.BatchNorm1d(4)
            def forward(self, x):
                return self.norm(self.fc(x))
        model = Net()
        model(torch.zeros(3, 4))
        """))
    assert [r.name for r in summary.layers] == ["fc", "norm"]
    assert [(u.name, u.params) for u in summary.uncalled] == [("spare", 56)]
    assert (summary.total_params, summary.total_buffers) == (20 + 56 + 8, 9)


def test_forward_calls_are_traced_in_order_with_functional_ones() -> None:
    spec = read(MODULE)
    assert [c.name or c.type for c in spec.layers] == [
        "conv", "F.relu", "F.max_pool2d", "Tensor.view", "fc1", "F.relu", "fc2"]
    assert [m.name for m in spec.modules] == ["fc2", "conv", "fc1"]
    view = spec.layers[3]
    assert view.positional == ((("<size>", 2, 0, 0), -1),)  # x.size(0) of the pool's output
    assert (spec.input_shape, spec.batch_size) == ((3, 32, 32), 4)


def test_class_features() -> None:
    """Constructor arguments with defaults, class attributes, helper methods, nn.ModuleList
    built in a loop, nn.ModuleDict, setattr and add_module, super() with arguments."""
    assert rows("""
        import torch
        from torch import nn

        class Base(nn.Module):
            width = 8
            def __init__(self, n):
                super(Base, self).__init__()
                self.stack = nn.ModuleList()
                for i in range(n):
                    self.stack.append(self.block(i))

            def block(self, i):
                return nn.Linear(self.width if i else 4, self.width)

        class Net(Base):
            def __init__(self, n=2, classes=3):
                super().__init__(n)
                self.heads = nn.ModuleDict({"out": nn.Linear(self.width, classes)})
                setattr(self, "act", nn.ReLU())
                self.add_module("drop", nn.Dropout(0.1))

            def forward(self, x):
                for layer in self.stack:
                    x = self.act(layer(x))
                return self.heads["out"](self.drop(x))

        model = Net(classes=5)
        y = model(torch.zeros(2, 4))
        """) == [("stack.0", "Linear", (2, 8), 40), ("act", "ReLU", (2, 8), 0),
                 ("stack.1", "Linear", (2, 8), 72), ("act", "ReLU", (2, 8), 0),
                 ("drop", "Dropout", (2, 8), 0), ("heads.out", "Linear", (2, 5), 45)]


def test_a_module_called_twice_gets_a_row_per_call() -> None:
    summary = summarize(read("""
        import torch
        from torch import nn
        class Tied(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(16, 16)
            def forward(self, x):
                return self.fc(torch.relu(self.fc(x)))
        model = Tied()
        model(torch.zeros(3, 16))
        """))
    assert [(r.name, r.params, r.recursive) for r in summary.layers] == [
        ("fc", 272, False), ("fc", 0, True)]
    assert summary.total_params == 272


def test_tuple_outputs_unpack_and_index() -> None:
    spec = read("""
        import torch
        from torch import nn
        class M(nn.Module):
            def __init__(self):
                super().__init__()
                self.emb = nn.Embedding(100, 8)
                self.rnn = nn.LSTM(8, 16, num_layers=2, batch_first=True)
                self.fc = nn.Linear(16 + 16, 2)
            def forward(self, x):
                out, (h, c) = self.rnn(self.emb(x))
                both = torch.cat([out[:, -1, :], h[-1]], dim=1)
                return self.fc(both)
        model = M()
        model(torch.randint(0, 100, (4, 9)))
        """)
    summary = summarize(spec)
    assert spec.input_dtype == "int"
    assert [(r.name, r.output_shape) for r in summary.layers] == [
        ("emb", (4, 9, 8)), ("rnn", (4, 9, 16)), ("fc", (4, 2))]
    assert summary.layers[1].outputs == ((4, 9, 16), (2, 4, 16), (2, 4, 16))


def test_a_single_layer_is_a_model() -> None:
    summary = summarize(read("""
        import torch
        import torch.nn as nn
        model = nn.MultiheadAttention(256, 4, batch_first=True)
        x = torch.randn(2, 10, 256)
        out, weights = model(x, x, x)
        """))
    layer = summary.layers[0]
    assert (layer.name, layer.output_shape, layer.params) == ("", (2, 10, 256), 263168)
    assert layer.outputs[1] == (2, 10, 10)


def test_several_example_inputs() -> None:
    spec = read("""
        import torch
        from torch import nn
        model = nn.MultiheadAttention(64, 8, kdim=32, vdim=16)
        q, k, v = torch.randn(7, 2, 64), torch.randn(9, 2, 32), torch.randn(9, 2, 16)
        out, w = model(q, k, v, need_weights=True)
        """)
    assert spec.extra_inputs == ((9, 2, 32), (9, 2, 16))
    assert summarize(spec).layers[0].outputs == ((7, 2, 64), (2, 7, 9))


def test_no_input_shape_still_counts() -> None:
    spec = read("""
        import torch.nn as nn
        class Tiny(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 4, 3)
                self.bn = nn.BatchNorm2d(4)
            def forward(self, x):
                return self.bn(self.conv(x))
        model = Tiny()
        """)
    summary = summarize(spec)
    assert spec.input_shape is None and summary.input_shape is None
    assert [(r.name, r.output_shape, r.params, r.buffers) for r in summary.layers] == [
        ("conv", None, 40, 0), ("bn", None, 8, 9)]


@pytest.mark.parametrize(("source", "chosen"), [
    ("import torch.nn as nn\nnet = nn.Linear(2, 3)\nmodel = nn.Linear(4, 5)\n", 25),
    ("import torch, torch.nn as nn\na = nn.Linear(2, 3)\nb = nn.Linear(4, 5)\n"
     "a(torch.zeros(1, 2))\n", 9),
    ("import torch.nn as nn\nhead = nn.Linear(4, 5)\nnet = nn.Sequential(head)\n", 25),
])
def test_which_model(source: str, chosen: int) -> None:
    assert summarize(read(source)).total_params == chosen


@pytest.mark.parametrize(("source", "line", "words"), [
    ("""
     import torch
     from torch import nn
     class Loop(nn.Module):
         def __init__(self):
             super().__init__()
             self.fc = nn.Linear(4, 4)
         def forward(self, x):
             for t in range(x.size(1)):
                 x = self.fc(x)
             return x
     model = Loop()
     model(torch.zeros(2, 4))
     """, 9, ["for t in range(x.size(1))"]),
    ("""
     import torch
     from torch import nn
     class Branch(nn.Module):
         def __init__(self):
             super().__init__()
             self.fc = nn.Linear(4, 4)
         def forward(self, x):
             if x.mean() > 0:
                 x = self.fc(x)
             return x
     model = Branch()
     model(torch.zeros(2, 4))
     """, 9, ["if x.mean() > 0", "cannot decide"]),
    ("""
     import torch
     from torch import nn
     class Odd(nn.Module):
         def __init__(self):
             super().__init__()
             self.fc = nn.Linear(4, 4)
         def forward(self, x):
             return self.fc(x.cumsum(1))
     model = Odd()
     model(torch.zeros(2, 4))
     """, 9, ["cumsum"]),
    ("""
     import torch
     from torch import nn
     model = nn.Sequential(nn.Linear(4, 4), nn.Linear(5, 2))
     model(torch.zeros(2, 4))
     """, 4, ["in_features is 5", "mat1 and mat2"]),
    ("""
     import torch
     from torch import nn
     class Net(nn.Module):
         def __init__(self):
             super().__init__()
             self.fc = nn.Linear(400, 10)
         def forward(self, x):
             x = x.view(x.size(0), -1)
             return self.fc(x)
     model = Net()
     model(torch.zeros(2, 3, 10, 10))
     """, 10, ["has 300 features but in_features is 400"]),
    ("""
     import torch
     from torch import nn
     class Net(nn.Module):
         def __init__(self):
             super().__init__()
             self.fc = nn.Linear(400, 10)
         def forward(self, x):
             x = x.view(-1, 400)
             return self.fc(x)
     model = Net()
     model(torch.zeros(2, 3, 10, 10))
     """, 9, ["shape [-1, 400] is invalid for input of size 600"]),
    ("""
     import torch
     from torch import nn
     class Net(nn.Module):
         def __init__(self):
             super().__init__()
             self.conv = nn.Conv2d(3, 8, 3, groups=2)
         def forward(self, x):
             return self.conv(x)
     model = Net()
     model(torch.zeros(2, 3, 10, 10))
     """, 7, ["in_channels must be divisible by groups"]),
    ("import torch.nn as nn\nx = 1\n", None, ["no PyTorch model found"]),
    ("import torch\nfrom torch import nn\nclass M(nn.Module):\n    pass\nmodel = M()\n"
     "model(torch.zeros(1))\n", 6, ["M has no forward method"]),
    ("import torch\nfrom torch import nn\nclass A(nn.Module):\n    def forward(self, x):\n"
     "        return x * 2\nmodel = A()\nmodel(torch.zeros(1))\n", 6, ["no layers"]),
])
def test_what_it_cannot_follow_names_the_line(source: str, line: int | None,
                                              words: list[str]) -> None:
    raised = error(source)
    assert raised.line == line, str(raised)
    for word in words:
        assert word in raised.message, raised.message


def test_a_training_loop_is_not_an_error() -> None:
    assert rows("""
        import torch
        from torch import nn
        model = nn.Sequential(nn.Linear(4, 2))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(3):
            for xb, yb in loader:
                loss = criterion(model(xb), yb)
                loss.backward()
        model(torch.zeros(8, 4))
        """) == [("0", "Linear", (8, 2), 10)]


def test_layers_made_in_forward_are_computed_but_not_listed() -> None:
    summary = summarize(read("""
        import torch
        from torch import nn
        class M(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(12, 2)
            def forward(self, x):
                return self.fc(nn.Flatten()(x))
        model = M()
        model(torch.zeros(2, 3, 4))
        """))
    assert [(r.name, r.output_shape) for r in summary.layers] == [("fc", (2, 2))]


@given(st.lists(st.sampled_from([
    "import torch\n", "from torch import nn\n", "import torch.nn.functional as F\n",
    "x = torch.randn(2, 3, 8, 8)\n", "model = nn.Sequential(nn.Conv2d(3, 4, 3))\n",
    "model.append(nn.Flatten())\n", "model(x)\n", "y = model(x)\n",
    "class M(nn.Module):\n    def forward(self, x):\n        return F.relu(x)\n",
    "class N(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.c = nn.Conv2d(3, 2, 1)\n    def forward(self, x):\n        return self.c(x)\n",
    "model = M()\n", "model = N()\n", "z = x.view(-1)\n", "for i in range(3):\n    x = x\n",
    "if x:\n    pass\n", "model = nn.Linear(", "nn.Sequential(*x)\n", "del model\n",
    "model = model.to('cpu')\n", "summary(model, input_size=(1, 3, 8, 8))\n",
]), max_size=8))
@settings(max_examples=300, deadline=2000)
def test_random_programs_raise_only_model_errors(parts: list[str]) -> None:
    # ModelError and LayerError are messages for the learner; anything else is a crash
    with contextlib.suppress(TutorError):
        summarize(spec_from_torch_snippet("".join(parts)))


def test_torchsummary_leaves_the_batch_unknown_but_view_still_counts() -> None:
    source = """
        import torch.nn as nn
        import torch.nn.functional as F
        from torchsummary import summary
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 4, 3)
                self.fc = nn.Linear(4 * 26 * 26, 10)
            def forward(self, x):
                x = x.view(x.size(0), -1) if False else F.relu(self.conv(x))
                return self.fc(x.view(x.size(0), -1))
        model = Net()
        summary(model, (1, 28, 28))
        """
    assert rows(source) == [("conv", "Conv2d", (None, 4, 26, 26), 40),
                            ("fc", "Linear", (None, 10), 27050)]
    raised = error(source.replace("4 * 26 * 26", "4 * 25 * 25"))
    assert "2704 features but in_features is 2500" in raised.message
