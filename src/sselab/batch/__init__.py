"""Campaign batch processing into a SQLite results store (``sselab batch``, ``sselab db``).

* :mod:`sselab.batch.plan`: the PLAN.toml schema (groups of files, analysis, options, sample facts);
* :mod:`sselab.batch.analyses`: the analyses a plan may name (eis, indent, cycling), each a
  picklable top-level function path + options + sample → results with units;
* :mod:`sselab.batch.store`: the SQLite store (stdlib :mod:`sqlite3`, single writer, never DELETE);
* :mod:`sselab.batch.runner`: sequential and Dask execution, results streamed into the store;
* :mod:`sselab.batch.export`, :mod:`sselab.batch.report`: CSV/Parquet export, DataFrame queries
  and the campaign HTML report.

Nothing heavy is imported here.
"""

from __future__ import annotations
