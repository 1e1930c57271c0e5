"""Models as data: what a pack, a spec file or a pasted snippet describes, before any arithmetic."""

from tutor.models.spec import LayerSpec, ModelSpec

__all__ = ["LayerSpec", "ModelSpec"]
