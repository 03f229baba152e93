"""The small error hierarchy that pages and the CLI turn into user messages."""

from __future__ import annotations


class DashboardError(Exception):
    """Base of every error a user can act on; ``str(err)`` is the message."""


class ConfigError(DashboardError):
    """A configuration file is missing or invalid (names file, key, problem)."""


class SourceError(DashboardError):
    """A data source (workbook, CSV folder, Google Sheet) cannot be read."""


class SheetAccessError(SourceError):
    """Google refused or failed: credentials, sharing, quota, network."""


class WriteError(DashboardError):
    """An entry could not be written to the source."""


class PermissionDenied(DashboardError):
    """The signed-in user may not do this (e.g. a viewer logging an activity)."""
