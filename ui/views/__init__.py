"""Larger page parts shared by pages: the meeting brief, unit reports, the entry form, city view, map selection."""
