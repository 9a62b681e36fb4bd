"""Handler calls as the LMS's JavaScript, forms and links make them, through the workbench's URLs.

The one place in ``tests/`` that builds a workbench URL or sends a request to a block: the folders'
own helpers (the quiz's tokenizing caller, the assignment's ``hand_in``, the security suite's
``Reply``) are built on ``Caller``. Browser tests drive a real server over HTTP and build their own.

The workbench has no sign-in: its user is the ``?student=<id>`` of every URL, handlers, the plugin's
views and scenario pages alike (the LMS asks its session instead).
"""

import secrets
from json import dumps
from urllib.parse import urlencode


def as_student(url, student, query=None):
    """``url`` asked for by the workbench user ``student``: its query becomes ``?student=<id>``,
    followed by ``query`` (a string such as ``"file=3&format=pdf"``, or a mapping)."""
    if query and not isinstance(query, str):
        query = urlencode(query)
    return url.split("?", 1)[0] + "?" + urlencode({"student": student}) + (f"&{query}" if query else "")


def handler_url(block, handler, student=None, suffix="", query=None):
    """The workbench URL of ``block``'s ``handler`` (the runtime's own, so a name that is not a
    handler raises), asked by ``student``: by default the user the block was loaded for."""
    url = block.runtime.handler_url(block, handler, suffix)
    return as_student(url, block.scope_ids.user_id if student is None else student, query)


def page_url(scenario_id, student, view="", query=None):
    """A workbench scenario page (``view`` such as ``"studio_view"``, else the learner's view) as ``student``."""
    return as_student(f"/scenario/{scenario_id}/" + (f"{view}/" if view else ""), student, query)


def read(response):
    """A response's body, streamed or not. A streamed file is closed, not the response:
    ``Response.close()`` sends ``request_finished``, which closes the database connection in the
    middle of the test's transaction."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if getattr(response, "file_to_stream", None) is not None:
        response.file_to_stream.close()
    return content


def _header_text(text):
    # As browsers write a file name into the multipart header: quotes and line breaks escaped.
    return str(text).replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(fields, boundary=None):
    """A multipart/form-data body built by hand, so file names reach the server exactly as a hostile
    client sends them (Django's test client refuses to send an empty or traversing name).

    ``fields`` maps a name to a text value or to a file ``(name, data[, content type])``.
    Returns ``(body, content type)``."""
    boundary = boundary or "kemenag" + secrets.token_hex(12)
    parts = []
    for key, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{_header_text(key)}"'
        if isinstance(value, tuple):
            name, data, content_type = (*value, "application/octet-stream")[:3]
            file_part = f'{disposition}; filename="{_header_text(name)}"\r\nContent-Type: {content_type}'
            head = f"--{boundary}\r\n{file_part}\r\n\r\n"
            parts.append(head.encode() + data + b"\r\n")
        else:
            parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Caller:
    """Calls one block's handlers through a Django test client, as any student.

    ``unit`` is a loaded scenario (``tests.support.workbench.Scenario``; ``child`` picks the block
    when its root is a vertical) or a block itself: only its usage id is needed, since the student
    of a call is the URL's ``?student=``."""

    def __init__(self, client, unit, child=0):
        self.client, self.unit, self.child = client, unit, child
        self._addressed = None  # any one loaded copy of the block: its URLs differ only in ?student=

    def block(self, student=None):
        """The block as ``student`` sees it, freshly loaded (or the block the caller was given)."""
        if hasattr(self.unit, "scope_ids"):
            return self.unit
        return self.unit.block(student, child=self.child)

    def url(self, student, handler, suffix="", query=None):
        self._addressed = self._addressed or self.block(student)
        return handler_url(self._addressed, handler, student, suffix, query)

    def request(
        self,
        student,
        handler,
        *,
        method="POST",
        json=None,
        body=None,
        content_type="application/json",
        form=None,
        files=None,
        query=None,
        suffix="",
        headers=None,
        follow=False,
    ):
        """One request; answers Django's test response.

        ``json``: a value sent JSON-encoded. ``body``: bytes or text sent as they are, as
        ``content_type``. ``form``: fields Django's test client encodes (its upload objects as
        files). ``files``: a form built by hand (``multipart``), hostile names and all. ``follow``:
        a redirect to a local URL (a download's signed link) is followed as the same user, as the
        browser does."""
        url = self.url(student, handler, suffix, query)
        if files is not None:
            body, content_type = multipart(files)
        elif json is not None and body is None:
            body = dumps(json)
        if form is not None:
            response = self.client.post(url, form, headers=headers)
        elif body is not None:
            response = self.client.generic(method, url, body, content_type=content_type, headers=headers)
        else:
            response = self.client.generic(method, url, headers=headers)
        return self.follow(response) if follow else response

    def follow(self, response):
        """Where a handler's redirect leads, asked by the same client (a link to another host stays unfollowed)."""
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            return self.client.get(response["Location"])
        return response

    def json(self, student, handler, payload=None, **options):
        """POST ``payload`` as the block's JavaScript does; text or bytes are sent as they are (bad JSON)."""
        payload = {} if payload is None else payload
        if isinstance(payload, (str, bytes)):
            return self.request(student, handler, body=payload, **options)
        return self.request(student, handler, json=payload, **options)

    def get(self, student, handler, query=None, **params):
        """GET with ``query`` (a string or a mapping) or ``params``, beside the workbench's student id."""
        assert not (query and params), "a query string or parameters, not both"
        return self.request(student, handler, method="GET", query=query or params)

    def form(self, student, handler, data, **options):
        """POST a form as a browser does, files included (Django's test client encodes it)."""
        return self.request(student, handler, form=data, **options)
