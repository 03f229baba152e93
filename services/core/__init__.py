"""Core: the plan, sheet schema and settings models, errors, text folding, strings. Imports nothing above it."""
