"""The packs that were skipped, as a notice for the learner (at start-up, or once the packs
have loaded in the background)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.packs.discover import Library


def pack_problems(library: Library) -> list[tuple[str, str]]:
    """The notice listing what was found wrong: the exercises left out of each pack that
    still loaded, then every problem."""
    if not library.problems:
        return []
    partial = [f"{pack.title}: left out {', '.join(pack.left_out)}; its other exercises work."
               for pack in library.packs if pack.left_out]
    listed = "\n".join(str(p) for p in library.problems)
    intro = "\n".join(partial) + "\n\n" if partial else ""
    return [("Some packs have problems",
             f"{intro}These problems were found; the rest loaded. `tutor validate FILE` checks "
             f"a pack.\n\n{listed}")]
