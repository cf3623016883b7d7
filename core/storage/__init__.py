"""Storage: the one door to DuckDB (db), the schema and its named migrations, and the unit scope (which units and
which days a figure is about). Imports nothing of the domains but the registry's vocabulary of unit types."""
