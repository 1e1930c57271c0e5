"""The calculator core: output shapes, parameter counts and worked derivations, as Keras does."""

from tutor.calc.derivation import Step, fmt
from tutor.calc.model import summarize
from tutor.calc.result import LayerResult, ModelSummary

__all__ = ["LayerResult", "ModelSummary", "Step", "fmt", "summarize"]
