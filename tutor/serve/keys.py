"""Who may connect: learners named by their public keys, from an `authorized_keys` file (the
key's comment is the learner's name) or a YAML roster (name → key or list of keys)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import yaml

from tutor.classroom.layout import check_name
from tutor.errors import TutorError

KEY_TYPES = ("ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-")
MAX_FILE = 4 * 1024 * 1024


@dataclass
class Roster:
    """Learners' names in file order, and each accepted key's public data → its learner."""

    names: list[str] = field(default_factory=list)
    keys: dict[bytes, str] = field(default_factory=dict)

    def add(self, name: str, key_text: str, where: str) -> None:
        try:
            key = asyncssh.import_public_key(key_text)
        except (asyncssh.KeyImportError, ValueError) as error:
            raise TutorError(f"{where}: not a public key ({error})") from None
        owner = self.keys.get(key.public_data)
        if owner is not None and owner != name:
            raise TutorError(f"{where}: this key already belongs to {owner!r} (one key, "
                             "one learner)")
        self.keys[key.public_data] = name
        self.learner(name, where)

    def learner(self, name: str, where: str) -> None:
        check_name(name, where)
        if name not in self.names:
            self.names.append(name)

    def who(self, key: asyncssh.SSHKey) -> str | None:
        return self.keys.get(key.public_data)


def read_text(path: Path) -> str:
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE + 1)
    except OSError as error:
        raise TutorError(f"{path}: cannot read it ({error.strerror})") from None
    if len(data) > MAX_FILE:
        raise TutorError(f"{path}: too large for a list of learners")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TutorError(f"{path}: not UTF-8 text") from None


def load_authorized_keys(path: Path) -> Roster:
    """`[options] TYPE BASE64 NAME` per line; options are ignored (nothing but the tutor is
    ever run), `#` lines and blank lines skipped."""
    roster = Roster()
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        where = f"{path}:{number}"
        start = next((i for i, w in enumerate(words) if w.startswith(KEY_TYPES)), None)
        if start is None or start + 1 >= len(words):
            raise TutorError(f"{where}: no public key on this line")
        comment = " ".join(words[start + 2:])
        if not comment:
            raise TutorError(f"{where}: the key has no comment; the comment is the learner's "
                             "name (ssh-ed25519 AAAA... ana)")
        roster.add(comment, f"{words[start]} {words[start + 1]}", where)
    if not roster.names:
        raise TutorError(f"{path}: no keys in it")
    return roster


def load_roster(path: Path, *, keys_required: bool = True) -> Roster:
    """YAML: `name: KEY` or `name: [KEY, ...]`; a name with no keys (`name: []`) can only
    use a personal web link."""
    try:
        data = yaml.load(read_text(path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise TutorError(f"{path}{at}: not valid YAML "
                         f"({getattr(error, 'problem', None) or error})") from None
    if not isinstance(data, dict) or not data:
        raise TutorError(f"{path}: expected a mapping of learner names to public keys "
                         "(ana: ssh-ed25519 AAAA...)")
    roster = Roster()
    for name, keys in data.items():
        where = f"{path}: learner {name!r}"
        if not isinstance(name, str):
            raise TutorError(f"{where}: a name must be text")
        if keys is None:
            keys = []
        if isinstance(keys, str):
            keys = [keys]
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise TutorError(f"{where}: expected a public key or a list of them")
        roster.learner(name, where)
        for key in keys:
            roster.add(name, key, where)
    if keys_required and not roster.keys:
        raise TutorError(f"{path}: no public keys in it, so no one could log in over SSH")
    return roster
