"""A small but real OAI-PMH 2.0 repository for the harvesting tests, run as its own process.

    python tests/resources/oai_server.py RECORDS.json   # prints "PORT <n>" once listening on 127.0.0.1

It answers ``ListRecords`` (``from``, ``until``, ``set``, ``metadataPrefix=oai_dc``, resumption
tokens, deleted records, ``noRecordsMatch``/``badResumptionToken``/``cannotDisseminateFormat``) from
the JSON file, re-read on every request so a test can change the repository between harvests.
Paths choose a behaviour: ``/oai`` (well-behaved), ``/broken`` (second page is malformed XML),
``/slow`` (every answer waits ``SLOW_SECONDS``), ``/flaky`` (the first request of each kind answers 503).
"""

import json
import sys
import time
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server
from xml.sax.saxutils import escape, quoteattr

PAGE_SIZE = 2
SLOW_SECONDS = 3
DC_ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "date",
    "type",
    "identifier",
    "relation",
    "language",
    "rights",
)
seen_flaky = set()


def envelope(request_attrs, body):
    attrs = "".join(f" {name}={quoteattr(value)}" for name, value in request_attrs.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<responseDate>{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}</responseDate>"
        f"<request{attrs}>http://127.0.0.1/oai</request>{body}</OAI-PMH>"
    )


def error(code, text):
    return f'<error code="{code}">{escape(text)}</error>'


def record_xml(record):
    sets = "".join(f"<setSpec>{escape(s)}</setSpec>" for s in record.get("sets", []))
    status = ' status="deleted"' if record.get("deleted") else ""
    header = (
        f"<header{status}><identifier>{escape(record['identifier'])}</identifier>"
        f"<datestamp>{escape(record['datestamp'])}</datestamp>{sets}</header>"
    )
    if record.get("deleted"):
        return f"<record>{header}</record>"
    dc = record.get("dc", {})
    elements = "".join(f"<dc:{name}>{escape(value)}</dc:{name}>" for name in DC_ELEMENTS for value in dc.get(name, []))
    # Raw markup a hostile repository may put inside an element (it arrives as child elements).
    elements += record.get("raw_dc", "")
    metadata = (
        '<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">' + elements + "</oai_dc:dc></metadata>"
    )
    return f"<record>{header}{metadata}</record>"


def list_records(params, records, mode):
    token = params.get("resumptionToken")
    if token:
        try:
            offset, from_, until, set_ = json.loads(bytes.fromhex(token).decode())
        except ValueError:
            return error("badResumptionToken", "unknown token")
    else:
        if params.get("metadataPrefix") != "oai_dc":
            return error("cannotDisseminateFormat", "only oai_dc")
        offset, from_, until, set_ = 0, params.get("from", ""), params.get("until", ""), params.get("set", "")
    chosen = [
        r
        for r in records
        if (not from_ or r["datestamp"] >= from_)
        and (not until or r["datestamp"] <= until)
        and (not set_ or set_ in r.get("sets", []))
    ]
    if not chosen:
        return error("noRecordsMatch", "nothing in this range")
    page = chosen[offset : offset + PAGE_SIZE]
    body = "".join(record_xml(r) for r in page)
    if offset + PAGE_SIZE < len(chosen):
        next_token = json.dumps([offset + PAGE_SIZE, from_, until, set_]).encode().hex()
        body += f'<resumptionToken completeListSize="{len(chosen)}" cursor="{offset}">{next_token}</resumptionToken>'
    else:
        body += f'<resumptionToken completeListSize="{len(chosen)}" cursor="{offset}"/>'
    if mode == "broken" and offset > 0:
        return "<ListRecords>" + body[: len(body) // 2] + "<dc:title>unterminated"  # not well-formed
    return f"<ListRecords>{body}</ListRecords>"


def make_app(records_path):
    def app(environ, start_response):
        mode = environ["PATH_INFO"].strip("/") or "oai"
        params = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
        if mode == "flaky" and params.get("verb") not in seen_flaky:
            seen_flaky.add(params.get("verb"))
            start_response("503 Service Unavailable", [("Retry-After", "0"), ("Content-Type", "text/plain")])
            return [b"busy"]
        with open(records_path, encoding="utf-8") as handle:
            records = json.load(handle)
        if params.get("verb") == "ListRecords":
            body = list_records(params, records, mode)
        elif params.get("verb") == "Identify":
            body = (
                "<Identify><repositoryName>Jurnal Contoh</repositoryName><baseURL>http://127.0.0.1/oai</baseURL>"
                "<protocolVersion>2.0</protocolVersion><adminEmail>admin@example.invalid</adminEmail>"
                "<earliestDatestamp>2000-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
                "<granularity>YYYY-MM-DD</granularity></Identify>"
            )
        else:
            body = error("badVerb", "unsupported verb")
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [envelope(params, body).encode("utf-8")]

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, make_app(sys.argv[1]), handler_class=QuietHandler)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()
