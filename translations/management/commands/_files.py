"""What the four exchange commands share: who runs them, reading a file under the limit, writing one whole.

Not a command (Django skips modules whose names start with an underscore).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.db import transaction

T = TypeVar("T")


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


class StagedFile:
    """An export file written beside its final path, then renamed over it only when whole and on disk.

    A full or read-only disk, or a crash, leaves the file that was there before (or none), never half of
    a new one. `write` stages the bytes (flushed and fsynced, so the disk has really taken them),
    `publish` renames them into place; both raise CommandError (exit status 1) naming the path and the
    reason. Use it as a context manager: whatever was staged and not published is removed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._temporary: Path | None = None

    def write(self, data: bytes) -> None:
        directory = self.path.parent if str(self.path.parent) else Path(".")
        try:
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".part")
            self._temporary = Path(temporary)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            self.discard()
            raise self._refusal(exc) from None

    def publish(self) -> None:
        assert self._temporary is not None, "write() first"
        try:
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.discard()
            raise self._refusal(exc) from None
        self._temporary = None
        # The rename is durable only once the directory is on disk too. Some filesystems cannot fsync a
        # directory; the file itself is whole either way.
        try:
            directory_fd = os.open(self.path.parent if str(self.path.parent) else ".", os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(directory_fd)
        except OSError:
            pass
        finally:
            os.close(directory_fd)

    def discard(self) -> None:
        if self._temporary is not None:
            try:
                self._temporary.unlink(missing_ok=True)
            except OSError:  # a read-only folder could not have taken the file in the first place
                pass
            self._temporary = None

    def _refusal(self, exc: OSError) -> CommandError:
        kept = "the file that was there is unchanged" if self.path.exists() else "no file was written"
        return CommandError(
            f"Cannot write {self.path}: {exc.strerror or exc}; {kept}, and the export was not recorded.",
            returncode=1,
        )

    def __enter__(self) -> StagedFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()


def export_to(path: Path, produce: Callable[[], tuple[bytes, T]]) -> T:
    """Run an export service and write its file as one: the file in place, or neither file nor record.

    `produce` is the service (it records and audits the export) returning (the file's bytes, what to
    report). It runs in a transaction that commits only once the file is whole and renamed into place,
    so a disk that is full or read-only leaves no export record or audit event for a file that does not
    exist (CommandError, exit status 1). A refusal (PermissionDenied, ValidationError) is raised again
    after the transaction committed what the refusal itself recorded, such as a PHI block's audit event.
    """
    refusal: PermissionDenied | ValidationError | None = None
    with StagedFile(path) as staged, transaction.atomic():
        try:
            data, result = produce()
        except (PermissionDenied, ValidationError) as exc:
            refusal = exc
        else:
            staged.write(data)
            staged.publish()
    if refusal is not None:
        raise refusal
    return result
