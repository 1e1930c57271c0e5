"""Every layer type the calculator knows; importing this package registers them all."""

from tutor.calc.layers import conv, core

__all__ = ["conv", "core"]
