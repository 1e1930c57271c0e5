"""Work it out, step by step: what the learner has done with each step of one question's
derivation (the values given, their verdicts, the help used), as data.

The transitions that change it are `Practice.toggle_work`, `work_step`, `step_help` and
`focus_step`; checking a step is `tutor.checking.steps.check_step`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from tutor.calc.derivation import Step
from tutor.checking.steps import HELP_LEVELS, StepVerdict


def _frozen(mapping: Mapping[str, object] | None = None) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Work:
    """One question worked step by step: `on` while the mode is on screen, the step in focus,
    and per step key the values given (read), the last verdict, the help levels used and
    how many values were tried."""

    on: bool = False
    focus: str | None = None
    last: str | None = None
    """The step checked last (its feedback stays in view after the focus moves on)."""
    values: Mapping[str, object] = field(default_factory=_frozen)
    verdicts: Mapping[str, StepVerdict] = field(default_factory=_frozen)
    help: Mapping[str, int] = field(default_factory=_frozen)
    tries: Mapping[str, int] = field(default_factory=_frozen)

    def accepted(self, key: str) -> bool:
        verdict = self.verdicts.get(key)
        return verdict is not None and verdict.accepted

    def help_level(self, key: str) -> int:
        """How many levels of help the step has shown (0: none; see HELP_LEVELS)."""
        return self.help.get(key, 0)

    def earlier(self, key: str) -> dict[str, object]:
        """The values the learner gave the other steps, to judge `key` by."""
        return {k: v for k, v in self.values.items() if k != key}

    def checked(self, verdict: StepVerdict) -> Work:
        values = dict(self.values)
        if verdict.value is not None:
            values[verdict.key] = verdict.value
        tries = dict(self.tries)
        if verdict.verdict != "unreadable":
            tries[verdict.key] = tries.get(verdict.key, 0) + 1
        return replace(self, values=_frozen(values), last=verdict.key,
                       verdicts=_frozen({**self.verdicts, verdict.key: verdict}),
                       tries=_frozen(tries))

    def helped(self, key: str) -> Work:
        level = min(self.help_level(key) + 1, len(HELP_LEVELS))
        return replace(self, help=_frozen({**self.help, key: level}))

    def filled(self, steps: tuple[Step, ...], values: Mapping[str, object]) -> Work:
        """Every step in `values` right (a right final answer implies them)."""
        verdicts = dict(self.verdicts)
        for step in steps:
            verdict = self.verdicts.get(step.key)
            if step.key in values and (verdict is None or verdict.verdict != "correct"):
                verdicts[step.key] = StepVerdict(step.key, "correct", str(values[step.key]),
                                                 "Right: implied by your final answer.",
                                                 values[step.key])
        return replace(self, values=_frozen({**self.values, **values}),
                       verdicts=_frozen(verdicts))

    def next_open(self, keys: tuple[str, ...], after: str | None) -> str | None:
        """The first step not accepted yet after `after` (round again to the start)."""
        start = keys.index(after) + 1 if after in keys else 0
        ordered = keys[start:] + keys[:start]
        return next((k for k in ordered if not self.accepted(k)), None)
