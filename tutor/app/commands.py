"""The command palette lists every action the current screen offers, with its key."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


class ActionsProvider(Provider):
    """Offers the tutor's bindings active on the screen (its own, its focused widget's, the
    app's), so the palette and the footer never disagree about what can be done. Bindings
    without an id are Textual's (scrolling, cursor movement) and are left out."""

    def actions(self) -> Iterator[tuple[str, str, DOMNode, str]]:
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.system:
                continue
            if binding.id is None:  # Textual's own (scrolling, cursor keys): not the tutor's
                continue
            if binding.action in seen or binding.action == "command_palette":
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(binding) or key
            help_text = f"{binding.tooltip} ({shown})" if binding.tooltip else f"key: {shown}"
            yield binding.description, help_text, active.node, binding.action

    async def discover(self) -> Hits:
        for name, help_text, node, action in self.actions():
            yield DiscoveryHit(name, partial(self.run, node, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, node, action in self.actions():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), partial(self.run, node, action),
                          help=help_text)

    async def run(self, node: DOMNode, action: str) -> None:
        await self.app.run_action(action, node)
