"""Widgets of the exercise screen: each renders core data (steps, verdicts, hints) it is given."""
