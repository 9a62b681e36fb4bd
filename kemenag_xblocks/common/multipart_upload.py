"""One file field of a ``multipart/form-data`` body, parsed as the body streams in.

Django's own parser (``request.POST``/``FILES``) writes the whole file to a temporary file in
64 KB steps before a handler sees it, and the handler then reads it again to hash it: every byte
crosses memory three times. Here the handler reads the body itself, in ``STREAM_CHUNK_SIZE``
steps, through ``multipart.PushMultipartParser`` (a sans-I/O parser), and hands the file's bytes
straight to ``uploads.store_stream``, which hashes and spools them in the same pass.

``open_file(request, field)`` -> ``StreamedFile`` (``.filename``, ``.chunks()``), ``NO_FILE`` when
the body is not a form or has no such file field, or ``None`` when something (Django's CSRF check reading a form
token from the body, another middleware) has already parsed the body: the caller then takes the
file from ``request.POST`` as before.

Limits: the body is read up to its ``Content-Length`` only (the caller has already bounded it);
at most ``MAX_PARTS`` parts, 8 headers of 4 KB each per part, and ``MAX_FIELD_BYTES`` for any part
that is not the file; the file's own size is bounded by the upload policy in ``store_stream``.
A malformed or truncated body is refused (400 ``bad_request`` / ``incomplete``) and nothing is kept.
"""

from collections import deque

from django.utils.translation import gettext as _
from multipart import MultipartError, MultipartSegment, PushMultipartParser, parse_options_header

from kemenag_xblocks.common.uploads import STREAM_CHUNK_SIZE, UploadRefused

MAX_PARTS = 16
MAX_FIELD_BYTES = 64 * 1024
NO_FILE = object()


def _unreadable():
    return UploadRefused("bad_request", _("The request could not be read. Reload the page and try again."))


def _incomplete():
    return UploadRefused("incomplete", _("The upload was interrupted before the whole file arrived. Try again."))


def body_already_read(request):
    """True when the body was consumed before the handler (Django parsed the form)."""
    django_request = getattr(request, "_request", None)
    return bool(django_request is not None and getattr(django_request, "_read_started", False))


class StreamedFile:
    def __init__(self, stream, length, boundary, field, chunk_size=STREAM_CHUNK_SIZE):
        self._stream = stream
        self._left = length
        self._chunk_size = chunk_size
        self._field = field
        self._parser = PushMultipartParser(boundary, content_length=length, max_segment_count=MAX_PARTS)
        self._events = deque()
        self.filename = None

    def _more(self):
        """Feed the parser the next piece of the body; False once all of it was parsed."""
        if self._left <= 0:
            if not self._parser.closed:
                try:
                    self._parser.close()  # the form must have ended within the body
                except MultipartError:
                    raise _incomplete() from None
            return False
        data = self._stream.read(min(self._chunk_size, self._left))
        if not data:
            raise _incomplete()
        self._left -= len(data)
        try:
            self._events.extend(self._parser.parse(data))
        except MultipartError:
            raise _unreadable() from None
        return True

    def find(self):
        """Read up to the file field's headers: True when found, False when the body has none."""
        skipped = 0
        while True:
            if not self._events and not self._more():
                return False
            while self._events:
                event = self._events.popleft()
                if isinstance(event, MultipartSegment):
                    if event.name == self._field and event.filename is not None:
                        self.filename = event.filename
                        return True
                    skipped = 0
                elif event is not None:
                    skipped += len(event)
                    if skipped > MAX_FIELD_BYTES:
                        raise _unreadable()

    def chunks(self):
        """The file's bytes; afterwards the rest of the body is read and must end the form properly."""
        while True:
            while not self._events:
                if not self._more():
                    raise _incomplete()
            event = self._events.popleft()
            if event is None:
                break
            yield event
        extra = 0
        while True:
            while self._events:
                event = self._events.popleft()
                if isinstance(event, bytes | bytearray | memoryview):
                    extra += len(event)
                    if extra > MAX_FIELD_BYTES:
                        raise _unreadable()
            if not self._more():
                return


def open_file(request, field="file"):
    """The streamed file field ``field`` of a multipart request; see the module docstring."""
    if body_already_read(request):
        return None
    content_type, options = parse_options_header(request.headers.get("Content-Type", ""))
    boundary = options.get("boundary")
    length = request.content_length or 0
    if content_type != "multipart/form-data" or not length:
        return NO_FILE  # not a form with a file (an empty body, another type)
    if not boundary:
        raise _unreadable()
    try:
        streamed = StreamedFile(request.body_file, length, boundary, field)
    except MultipartError:
        raise _unreadable() from None
    return streamed if streamed.find() else NO_FILE
