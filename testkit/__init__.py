"""Generators and fakes shared by ``tests`` and ``benchmarks`` (neither imports the other).

- ``citywide``: a seeded citywide plan and districts;
- ``messy``: seeded, realistically messy activity rows for them;
- ``fake_sheets``: a local fake of the Google Sheets API v4 for the real gspread client.
"""
