"""Plan-document tools: check a plan file, scaffold one from a list of areas, draft one from a plan text.

``check`` validates a plan YAML (every problem, one line each) and summarises it;
``skeleton`` writes a commented plan from a ward list (``areas``); ``draft`` reads a
Vietnamese campaign plan document (``document``, ``dates``, ``known_forms``) into a
plan YAML plus a review report. Plain Python: imports ``services.core`` and
``services.ingest`` only.
"""
