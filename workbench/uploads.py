"""Uploads when the server's disk cannot hold them: a clear refusal instead of an error page.

Django keeps an upload up to FILE_UPLOAD_MAX_MEMORY_SIZE in memory and spools a
larger one to a temporary file in FILE_UPLOAD_TEMP_DIR while it reads the
request. When that folder is full (ENOSPC) or read-only (EROFS), Django's own
handler raises OSError from wherever the request body happens to be read first:
the CSRF check, a form, a serializer. That is a 500, and the person's form is
gone.

`DiskSafeTemporaryFileUploadHandler` (settings.FILE_UPLOAD_HANDLERS) drops such
a file instead, with its temporary copy, lets the rest of the form be read, and
notes why on the request. The views that take files then say so, with the form
as it was sent (`storage_error` / `refuse_unstored_upload`); any other page that
receives a dropped file gets workbench.middleware's 507 page before its view
runs, so no view ever acts on a form whose file silently went missing.
"""

from __future__ import annotations

import logging
import os

from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException

log = logging.getLogger(__name__)

# The request attribute the handler sets: the OSError that stopped the first file it could not store.
_ATTRIBUTE = "upload_storage_error"
# Set on a view function (see `shows_storage_errors`): it tells the person itself.
_HANDLES_ATTRIBUTE = "shows_upload_storage_errors"


class DiskSafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's spool-to-disk handler, except that a file the disk cannot take is dropped and noted."""

    def new_file(self, *args, **kwargs):
        # A handler keeps its last file as `file`; the parser closes whatever is there when a file is
        # skipped, which must not be the previous, complete upload.
        self.__dict__.pop("file", None)
        try:
            super().new_file(*args, **kwargs)
        except OSError as exc:
            self._drop(exc)

    def receive_data_chunk(self, raw_data, start):
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as exc:
            self._drop(exc)

    def file_complete(self, file_size):
        # seek() flushes what is still buffered, so a full disk can show itself only here.
        try:
            return super().file_complete(file_size)
        except OSError as exc:
            self._discard(exc)
            return None  # no handler returned a file: the field is left out of request.FILES

    def _drop(self, exc: OSError):
        self._discard(exc)
        raise SkipFile

    def _discard(self, exc: OSError) -> None:
        if getattr(self.request, _ATTRIBUTE, None) is None:
            setattr(self.request, _ATTRIBUTE, exc)
        # Not the file's name: people name files after patients.
        log.warning("an uploaded file was not stored in the upload folder: %s", exc)
        spooled = self.__dict__.pop("file", None)
        if spooled is not None:
            path = spooled.temporary_file_path()
            try:
                spooled.close()  # a NamedTemporaryFile: closing it deletes it
            except OSError:
                pass
            try:
                os.remove(path)
            except OSError:
                pass


def storage_error(request) -> OSError | None:
    """Why an uploaded file of this request could not be stored, or None. Read request.POST/FILES first."""
    return getattr(request, _ATTRIBUTE, None)


def storage_error_message(exc: OSError) -> str:
    """What to tell the person whose upload the server could not store, in the active language."""
    import errno

    if exc.errno == errno.EROFS:
        why = _("the server's upload folder is read-only")
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = _("the server's upload folder is full")
    else:
        why = _("the server's upload folder cannot be written")
    return _(
        "The file could not be received: %(why)s. Nothing was saved. Try again later, or tell an administrator."
    ) % {"why": why}


def shows_storage_errors(view):
    """Mark a view that tells the person itself when its upload could not be stored (see the module)."""
    setattr(view, _HANDLES_ATTRIBUTE, True)
    return view


def view_shows_storage_errors(view) -> bool:
    return bool(getattr(view, _HANDLES_ATTRIBUTE, False))


class UploadNotStored(APIException):
    """507 for the API: the uploaded file could not be stored on the server, so nothing was done."""

    status_code = 507
    default_code = "upload_not_stored"

    @classmethod
    def because(cls, exc: OSError) -> UploadNotStored:
        return cls({"detail": storage_error_message(exc), "code": cls.default_code})


def refuse_unstored_upload(request) -> None:
    """Raise UploadNotStored when a file of this API request was dropped; call after reading request.data."""
    exc = storage_error(request)
    if exc is not None:
        raise UploadNotStored.because(exc)
