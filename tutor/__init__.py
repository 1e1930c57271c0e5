"""tutor: a terminal exercise tutor for the arithmetic of neural-network layers."""

__version__ = "0.1.0"
