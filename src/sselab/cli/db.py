"""``sselab db export|report|query``: read a campaign results database back.

* ``sselab db export --db F --format csv|parquet --out DIR`` — every table and the flat view
  ``results_flat`` (Parquet needs ``pip install 'sselab[batch]'``);
* ``sselab db report --db F --out DIR`` — DIR/report.html, the campaign report;
* ``sselab db query --db F SQL|TABLE`` — print a read-only query as CSV (or --json).
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="export, report or query a campaign results database",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    vs = p.add_subparsers(dest="db_command", metavar="VERB", parser_class=type(p))
    e = vs.add_parser("export", help="tables as CSV or Parquet files")
    e.add_argument("--db", required=True, metavar="FILE.sqlite")
    e.add_argument("--format", choices=("csv", "parquet"), default="csv")
    e.add_argument("--out", required=True, metavar="DIR")
    e.set_defaults(func=_export)
    r = vs.add_parser("report", help="campaign HTML report")
    r.add_argument("--db", required=True, metavar="FILE.sqlite")
    r.add_argument("--out", required=True, metavar="DIR")
    r.set_defaults(func=_report)
    q = vs.add_parser("query", help="print a read-only SQL query or a table")
    q.add_argument("--db", required=True, metavar="FILE.sqlite")
    q.add_argument("sql", metavar="SQL|TABLE")
    q.add_argument("--json", action="store_true", help="rows as JSON objects")
    q.set_defaults(func=_query)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _export(args: argparse.Namespace) -> int:
    from sselab.batch.export import export

    paths = export(args.db, args.format, args.out)
    print(f"wrote {len(paths)} files to {args.out}: " + ", ".join(p.name for p in paths))
    return 0


def _report(args: argparse.Namespace) -> int:
    from sselab.batch.report import write_campaign_report

    print(f"report: {write_campaign_report(args.db, args.out)}")
    return 0


def _query(args: argparse.Namespace) -> int:
    import csv
    import sys

    from sselab.batch.export import rows

    cols, data = rows(args.db, args.sql)
    if args.json:
        from sselab.cli._common import print_json

        print_json([dict(zip(cols, r, strict=True)) for r in data])
    else:
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(data)
    return 0
