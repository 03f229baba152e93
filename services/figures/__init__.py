"""Figures: what the dashboard computes from a dataset as of a date (plain data, no drawing)."""
