"""What the four exchange commands share: who runs them, reading a file under the limit, writing one whole.

Not a command (Django skips modules whose names start with an underscore).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username: str | None, *, required: bool = True):
    """The user --user names (exit 2 when there is none); None when the flag is optional and absent."""
    if username is None and not required:
        return None
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise CommandError(f"There is no user {username!r}.", returncode=2)
    return person


def read_limited(path: Path) -> bytes:
    """The file's bytes: exit 1 (nothing imported) over the exchange limit, 2 when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > settings.EXCHANGE_MAX_FILE_BYTES:
            raise CommandError(
                f"{path} is {size:,} bytes; the limit is {settings.EXCHANGE_MAX_FILE_BYTES:,} "
                "bytes (WORKBENCH_EXCHANGE_MAX_FILE_BYTES). Nothing was imported.",
                returncode=1,
            )
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or exc}", returncode=2) from None


def write_atomically(path: Path, data: bytes) -> None:
    """The whole file or nothing: a refused or failed export leaves no partial file."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
