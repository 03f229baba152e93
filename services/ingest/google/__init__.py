"""Google Sheets: the only package that imports gspread.

- ``credentials``: service-account info from secrets or a key file;
- ``client``: the connection, bounded retries with error mapping (``call``),
  the requests (metadata, batch get/update, append) and A1 helpers;
- ``source``: :class:`GoogleSheetSource`, both tabs in one request with a stale
  fallback on disk (``snapshot``: the last good read, and the banner saying it is old).

Callers use the names below (``from services.ingest import google as sheets``);
``client.connect`` stays in its module, so tests can patch it (and ``client._sleep``)
where the source and the command line look it up.
"""

from services.ingest.google.client import (
    Connection,
    RangeError,
    RetryPolicy,
    access_error,
    append_row,
    batch_get,
    batch_update,
    call,
    column_letter,
    make_client,
    metadata,
    quote_title,
    row_of,
    sheet_url,
    spreadsheet_key,
)
from services.ingest.google.credentials import load_credentials, secrets_file_info
from services.ingest.google.source import GoogleSheetSource

__all__ = [
    "Connection",
    "GoogleSheetSource",
    "RangeError",
    "RetryPolicy",
    "access_error",
    "append_row",
    "batch_get",
    "batch_update",
    "call",
    "column_letter",
    "load_credentials",
    "make_client",
    "metadata",
    "quote_title",
    "row_of",
    "secrets_file_info",
    "sheet_url",
    "spreadsheet_key",
]
