"""Ingest: sources return raw tables; one reader turns them into records and problems (docs/reading-contract.md)."""
