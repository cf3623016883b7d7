"""Storage: the one door to DuckDB (db), the schema and its named migrations, and the unit scope.

Owns every table definition. Must not import any other core package: the domains sit on top of it.
"""
