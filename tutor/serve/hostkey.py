"""The server's own key: made on first start, kept in the data folder, shown by fingerprint
so learners can check they reached the right server."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh

from tutor.errors import TutorError

FILENAME = "ssh_host_ed25519_key"


def host_key(folder: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The key, and whether it was made just now."""
    path = folder / FILENAME
    if path.exists():
        try:
            return asyncssh.read_private_key(path), False
        except (OSError, asyncssh.KeyImportError, ValueError) as error:
            raise TutorError(f"{path}: cannot read the server's host key ({error}); move it "
                             "away to make a new one (learners will see a changed key)") from None
    key = asyncssh.generate_private_key("ssh-ed25519", comment="tutor host key")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(key.export_private_key())
        (folder / (FILENAME + ".pub")).write_bytes(key.export_public_key())
    except OSError as error:
        raise TutorError(f"{path}: cannot keep the server's host key ({error.strerror})"
                         ) from None
    return key, True
