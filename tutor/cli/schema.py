"""`tutor schema`: print the JSON Schema of the pack format, for authors' editors."""

from __future__ import annotations

import argparse
import sys

from tutor.packs.schema import schema_text


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0
