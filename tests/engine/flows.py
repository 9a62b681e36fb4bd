"""What a learner does over HTTP, as the pages' scripts do it: used by the engine tests and the load."""

import hashlib
import json
import os
import urllib.parse


def pdf_bytes(size, seed=""):
    """A PDF-shaped file of ``size`` bytes (magic, body, trailer) that passes the upload checks."""
    head = b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + seed.encode() + b"\n"
    tail = b"\ntrailer<<>>\n%%EOF\n"
    filler = (hashlib.sha256(seed.encode()).hexdigest().encode() + b"\n") * (size // 65 + 1)
    return head + filler[: max(0, size - len(head) - len(tail))] + tail


def answer_for(item):
    """A valid answer for a public quiz item (choice: its first option, likert: the middle)."""
    kind = item.get("type") or item.get("kind")
    options = item.get("options") or item.get("choices") or []
    if options:
        first = options[0]
        return first.get("id") if isinstance(first, dict) else first
    if kind and "likert" in str(kind):
        return 3
    return 3


def quiz_attempt(stack, quiz, student):
    """start_attempt, save_answers, submit; returns ``(start, save, submit)`` bodies."""
    status, started = stack.handler(quiz, "start_attempt", student, {})
    assert status == 200, started
    answers = {item["id"]: answer_for(item) for item in started["items"]}
    half = dict(list(answers.items())[: len(answers) // 2])
    status, saved = stack.handler(quiz, "save_answers", student, {"answers": half})
    assert status == 200, saved
    status, submitted = stack.handler(quiz, "submit", student, {"answers": answers})
    assert status == 200, submitted
    return started, saved, submitted


def upload_file(stack, assignment, student, data, name="rencana-aksi.pdf"):
    """The raw-body upload the page sends; returns the learner state."""
    status, body = stack.handler(
        assignment, "upload", student, raw=data, headers={"X-Upload-Name": urllib.parse.quote(name)}
    )
    assert status == 200, body
    return body


def resumable_upload(stack, assignment, student, data, name="rencana-aksi.pdf", chunk=1024 * 1024):
    """upload_start, upload_chunk..., upload_finish (the resumable path of the page)."""
    status, session = stack.handler(
        assignment,
        "upload_start",
        student,
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
    )
    assert status == 200, session
    upload_id = session.get("upload_id") or session.get("id")
    offset = int(session.get("received", 0) or 0)
    while offset < len(data):
        part = data[offset : offset + chunk]
        query = f"upload_id={upload_id}&offset={offset}"
        status, session = stack.handler(assignment, "upload_chunk", student, raw=part, query=query)
        assert status == 200, session
        offset += len(part)
    status, state = stack.handler(assignment, "upload_finish", student, {"upload_id": upload_id})
    assert status == 200, state
    return state


def hand_in(stack, assignment, student):
    status, body = stack.handler(assignment, "submit", student, {"confirm": True})
    assert status == 200, body
    return body


def random_seed():
    return os.urandom(6).hex()


__all__ = [
    "answer_for",
    "hand_in",
    "json",
    "pdf_bytes",
    "quiz_attempt",
    "random_seed",
    "resumable_upload",
    "upload_file",
]
