"""After the load: every acknowledged write looked up row by row, every stored file matched to a
row (and every row to its file), every aggregate recounted. Reads MariaDB and the media folder
directly, not through the application under test."""

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from tests.engine.stack import MARIADB


def anonymous_id(student):
    from workbench.settings import SECRET_KEY  # the demo keeps the workbench's key

    return hashlib.sha256(f"{SECRET_KEY}:{student}".encode()).hexdigest()[:32]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Disk:
    """The stored files, read where the stack keeps them: its media folder, or its S3 bucket."""

    def __init__(self, stack):
        self.stack = stack
        self.media = Path(stack.var) / "media"
        self.client = stack.s3_client() if stack.s3 else None

    def names(self):
        if self.client is None:
            return {
                str((Path(folder) / name).relative_to(self.media))
                for folder, _dirs, names in os.walk(self.media)
                for name in names
            }
        found, token = set(), None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self.client.list_objects_v2(Bucket=self.stack.bucket, **extra)
            found |= {item["Key"] for item in page.get("Contents", [])}
            token = page.get("NextContinuationToken")
            if not token:
                return found

    def sha256(self, name):
        if self.client is None:
            path = self.media / name
            return sha256(path) if path.is_file() else None
        try:
            body = self.client.get_object(Bucket=self.stack.bucket, Key=name)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None
        return hashlib.sha256(body).hexdigest()


def rows(cursor, sql, *args):
    cursor.execute(sql, args)
    return cursor.fetchall()


def verify(stack, blocks, acks, *, only_these_learners=False):
    """``{check: (ok, detail)}``; ``only_these_learners``: the file checks look only at the files
    of the learners in ``acks`` (a stack other tests share)."""
    import MySQLdb

    db = MySQLdb.connect(
        host=MARIADB["HOST"], port=MARIADB["PORT"], user=MARIADB["USER"], passwd=MARIADB["PASSWORD"], db=stack.db_name
    )
    # Each check reads in its own statement: no transaction stays open holding the tables' metadata
    # locks, which left the stack's DROP DATABASE waiting forever after a check raised.
    db.autocommit(True)
    cursor = db.cursor()
    disk = Disk(stack)
    checks = {}
    by_kind = {}
    for ack in acks:
        by_kind.setdefault(ack["kind"], []).append(ack)

    # Quiz attempts and answers: exactly one submitted attempt per acknowledged submit, its answers.
    # Rows hold authored ids; the learners sent the attempt's opaque tokens (decision 0005), so the
    # stored answers are named as the browser saw them before they are compared.
    from kemenag_xblocks.quiz.tokens import AttemptTokens

    attempts = {}
    for anon, answers, submitted, number in rows(
        cursor,
        "SELECT anonymous_id, answers, submitted, number FROM kemenag_xblocks_quizattempt WHERE usage_key=%s",
        blocks["quiz"],
    ):
        named = AttemptTokens(blocks["quiz"], anon, number)
        shown = {
            named.item(item): named.option(item, value) if isinstance(value, str) else value
            for item, value in json.loads(answers).items()
        }
        attempts.setdefault(anon, []).append((shown, submitted))
    bad = []
    for ack in by_kind.get("submit", []):
        mine = [a for a in attempts.get(anonymous_id(ack["student"]), []) if a[1] is not None]
        if len(mine) != 1 or mine[0][0] != ack["answers"]:
            bad.append(ack["student"])
    checks["quiz attempts (one submitted row per acknowledged submit, answers equal)"] = (
        not bad,
        f"{len(by_kind.get('submit', []))} acknowledged, {len(bad)} wrong {bad[:3]}",
    )
    bad = []
    for ack in by_kind.get("save", []):
        mine = attempts.get(anonymous_id(ack["student"]), [])
        if len(mine) != 1 or any(mine[0][0].get(k) != v for k, v in ack["answers"].items()):
            bad.append(ack["student"])
    checks["saved answers (kept in the learner's one attempt)"] = (
        not bad,
        f"{len(by_kind.get('save', []))} acknowledged, {len(bad)} wrong {bad[:3]}",
    )

    # Uploads: one file row per acknowledged upload, its bytes on disk.
    files = {}
    for anon, status, path, size, digest in rows(
        cursor,
        "SELECT s.anonymous_id, s.status, f.path, f.size, f.sha256 FROM kemenag_xblocks_assignmentfile f "
        "JOIN kemenag_xblocks_assignmentsubmission s ON s.id = f.submission_id WHERE s.usage_key=%s",
        blocks["assignment"],
    ):
        files.setdefault(anon, []).append((status, path, size, digest))
    bad = []
    for ack in by_kind.get("upload", []):
        mine = [f for f in files.get(anonymous_id(ack["student"]), []) if f[3] == ack["sha256"]]
        if len(mine) != 1 or mine[0][2] != ack["size"] or disk.sha256(mine[0][1]) != ack["sha256"]:
            bad.append(ack["student"])
    checks["uploads (one row per acknowledged upload, file on disk with its SHA-256)"] = (
        not bad,
        f"{len(by_kind.get('upload', []))} acknowledged, {len(bad)} wrong {bad[:3]}",
    )
    bad = [
        a["student"]
        for a in by_kind.get("handin", [])
        if not any(f[0] != "draft" for f in files.get(anonymous_id(a["student"]), []))
    ]
    checks["hand-ins (acknowledged ones are handed in)"] = (
        not bad,
        f"{len(by_kind.get('handin', []))} acknowledged, {len(bad)} wrong",
    )

    # Ledger entries: exactly one per acknowledged report, with its certificate on disk.
    ledger = Counter()
    evidence = {}
    for title, path, digest in rows(
        cursor,
        "SELECT title, evidence_path, evidence_sha256 FROM kemenag_xblocks_ledgerentry "
        "WHERE title LIKE 'Pelatihan load_%%'",
    ):
        ledger[title] += 1
        evidence[title] = (path, digest)
    bad = []
    for ack in by_kind.get("ledger", []):
        path, digest = evidence.get(ack["title"], ("", ""))
        if ledger[ack["title"]] != 1 or not path or disk.sha256(path) != digest:
            bad.append(ack["title"])
    checks["ledger entries (one per acknowledged report, certificate on disk)"] = (
        not bad,
        f"{len(by_kind.get('ledger', []))} acknowledged, {len(bad)} wrong {bad[:3]}",
    )
    duplicates = [t for t, n in ledger.items() if n > 1]
    checks["no duplicate ledger entry"] = (not duplicates, f"{len(duplicates)} duplicated")

    # Files and rows: no file without its row, no row without its file.
    known = {p for (p,) in rows(cursor, "SELECT path FROM kemenag_xblocks_assignmentfile")}
    known |= {p for (p,) in rows(cursor, "SELECT evidence_path FROM kemenag_xblocks_ledgerentry") if p}
    known |= {p for (p,) in rows(cursor, "SELECT path FROM kemenag_xblocks_reportrun WHERE state='ready'")}
    sessions = {folder for (folder,) in rows(cursor, "SELECT folder FROM kemenag_xblocks_uploadsession")}
    on_disk = disk.names()
    if only_these_learners:
        ids = {anonymous_id(a["student"]) for a in acks if "student" in a}
        on_disk = {p for p in on_disk if any(f"/{i}/" in p for i in ids)}
        known = {p for p in known if any(f"/{i}/" in p for i in ids)}
    orphans = sorted(p for p in on_disk if p not in known and not any(p.startswith(s + "/") for s in sessions))
    missing = sorted(p for p in known if p not in on_disk)
    checks["no orphan file (every stored file has its row or its open upload session)"] = (
        not orphans,
        f"{len(on_disk)} files, {len(orphans)} orphans {orphans[:3]}",
    )
    checks["no row without its file"] = (
        not missing,
        f"{len(known)} rows with files, {len(missing)} missing {missing[:3]}",
    )

    # Aggregates against a recount.
    counter = rows(
        cursor, "SELECT started, submitted FROM kemenag_xblocks_quizcounter WHERE usage_key=%s", blocks["quiz"]
    )
    (recount,) = rows(
        cursor,
        "SELECT COUNT(*), COUNT(submitted) FROM kemenag_xblocks_quizattempt WHERE usage_key=%s",
        blocks["quiz"],
    )
    ok = bool(counter) and tuple(counter[0]) == tuple(recount)
    checks["quiz counter = recount (started, submitted)"] = (ok, f"stored {counter[:1]}, recount {recount}")
    stored = {
        (d, float(b)): n
        for d, b, n in rows(
            cursor,
            "SELECT dimension, band_min, count FROM kemenag_xblocks_quizbandcount WHERE usage_key=%s",
            blocks["quiz"],
        )
    }
    counted = Counter()
    for (result,) in rows(
        cursor,
        "SELECT result FROM kemenag_xblocks_quizattempt WHERE usage_key=%s AND submitted IS NOT NULL AND is_latest=1",
        blocks["quiz"],
    ):
        for dimension, band in (json.loads(result).get("bands") or {}).items():
            counted[(dimension, float(band))] += 1
    wrong = {key: (stored.get(key, 0), n) for key, n in counted.items() if stored.get(key, 0) != n}
    wrong |= {key: (n, 0) for key, n in stored.items() if n and key not in counted}
    checks["quiz band counts = recount of latest attempts"] = (not wrong, f"{len(stored)} counts, {len(wrong)} differ")

    # Reports: every export started is finished (ready, or failed and said so), one file each.
    runs = dict(rows(cursor, "SELECT id, state FROM kemenag_xblocks_reportrun"))
    exports = by_kind.get("export", [])
    unfinished = [a["token"] for a in exports if runs.get(a["token"]) not in ("ready", "failed")]
    checks["exports (each started one finished: ready or reported failed)"] = (
        not unfinished,
        f"{len(exports)} started, {sum(runs.get(a['token']) == 'ready' for a in exports)} ready, "
        f"{sum(runs.get(a['token']) == 'failed' for a in exports)} failed, {len(unfinished)} unfinished",
    )
    db.close()
    return checks
