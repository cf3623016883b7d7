"""The registry: unit types and groups, column categories with their update intervals, and the issuing office.

This is the vocabulary every other domain uses for "which unit" and "which kind of column"."""
