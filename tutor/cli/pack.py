"""`tutor pack MODEL`: a pack made from a learner's model, printed as YAML to edit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.errors import TutorError
from tutor.generate.model_pack import is_model_text, model_pack, pack_yaml, source_of_file
from tutor.packs.safeyaml import read_text


def run(args: argparse.Namespace) -> int:
    path = Path(args.model)
    text, problem = read_text(path, str(path))
    if text is None:
        print(f"tutor pack: {problem}", file=sys.stderr)
        return 2
    try:
        source = source_of_file(path, text)
        if not is_model_text(text, source.suffix):
            raise TutorError("this is a pack, not a model: `tutor show` lists its exercises")
        print(pack_yaml(model_pack(source, every_layer=args.every_layer)), end="")
    except TutorError as error:
        where = f":{error.line}" if error.line else ""
        print(f"tutor pack: {path}{where}: {error.message}", file=sys.stderr)
        return 1
    return 0
