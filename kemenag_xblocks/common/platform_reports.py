"""The platform-wide reports (JP compliance, SIASN export) as producers of ``common.reports``.

The same CSV the management commands write, produced by a Celery worker and saved to storage,
started by platform staff from the plugin view ``reports/platform/<kind>/``.
"""

import io
from datetime import date

from kemenag_xblocks.common import csv_export, reports


def compliance_path(token):
    return f"kemenag/reports/compliance/kepatuhan-jp-{token}.csv"


def siasn_path(token):
    return f"kemenag/reports/siasn/siasn-{token}.csv"


def _text(target):
    return io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)


def produce_compliance(arguments, target):
    from kemenag_xblocks.management.commands.kemenag_compliance_report import write_report

    as_of = date.fromisoformat(arguments["as_of"]) if arguments.get("as_of") else None
    handle = _text(target)
    write_report(handle, learners=bool(arguments.get("learners")), as_of=as_of)
    handle.detach()


def produce_siasn(arguments, target):
    from kemenag_xblocks.competency import siasn

    handle = _text(target)
    writer = csv_export.writer(handle)  # neutralises formula-shaped cells
    writer.writerow(siasn.FIELDS)
    for row in siasn.iter_rows(arguments.get("year")):
        writer.writerow(row)
    handle.detach()


KINDS = {
    "compliance": (compliance_path, "kepatuhan-jp.csv"),
    "siasn": (siasn_path, "siasn.csv"),
}


def start(kind, *, user_id, learners=False, as_of=None, year=None):
    path_for, _name = KINDS[kind]
    if kind == "compliance":
        arguments = {"learners": bool(learners), "as_of": as_of.isoformat() if as_of else None}
    else:
        arguments = {"year": year}
    return reports.start(kind, scope="platform", arguments=arguments, user_id=user_id, path_for=path_for)
